/**
 * @tarojs/taro 的测试替身：内存存储、可断言的 toast / request / navigate。
 * 真实的 Taro API 只在构建产物里使用；这里只模拟页面和服务用到的那部分。
 */
const store = new Map<string, unknown>();

const Taro = {
  getStorageSync: (key: string) => (store.has(key) ? store.get(key) : ''),
  setStorageSync: (key: string, value: unknown) => void store.set(key, value),
  removeStorageSync: (key: string) => void store.delete(key),
  clearStorageSync: () => store.clear(),
  showToast: jest.fn(() => Promise.resolve()),
  showLoading: jest.fn(() => Promise.resolve()),
  hideLoading: jest.fn(),
  showModal: jest.fn(() => Promise.resolve({ confirm: true, cancel: false })),
  /** 默认选第一项（拍照） */
  showActionSheet: jest.fn(() => Promise.resolve({ tapIndex: 0 })),
  previewImage: jest.fn(() => Promise.resolve()),
  openLocation: jest.fn(() => Promise.resolve()),
  setNavigationBarTitle: jest.fn(() => Promise.resolve()),
  navigateTo: jest.fn(() => Promise.resolve()),
  redirectTo: jest.fn(() => Promise.resolve()),
  navigateBack: jest.fn(() => Promise.resolve()),
  reLaunch: jest.fn(() => Promise.resolve()),
  stopPullDownRefresh: jest.fn(),
  request: jest.fn(),
  uploadFile: jest.fn(),
  login: jest.fn(() => Promise.resolve({ code: 'wx-code' })),
  getLocation: jest.fn(),
  chooseMedia: jest.fn(),
  onNetworkStatusChange: jest.fn(),
  offNetworkStatusChange: jest.fn(),
  getCurrentInstance: jest.fn(() => ({ router: { params: {} } })),
  createMapContext: jest.fn(),
};

export const useDidShow = (fn: () => void) => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- jest.mock factories may not import
  const { useEffect } = require('react');
  useEffect(() => fn(), []);
};
/** 页面注册的下拉刷新 / 触底回调（最近一次渲染的），测试里用 __pageHooks.pullDownRefresh?.() 触发 */
export const __pageHooks: { pullDownRefresh?: () => void; reachBottom?: () => void } = {};
export const usePullDownRefresh = (fn: () => void) => void (__pageHooks.pullDownRefresh = fn);
export const useReachBottom = (fn: () => void) => void (__pageHooks.reachBottom = fn);
export const useLaunch = (fn: () => void) => fn();
export const useRouter = () => ({ params: {} as Record<string, string> });
export const useUnload = (_fn: () => void) => undefined;

export const __storage = store;
export default Taro;
