import Taro from '@tarojs/taro';
import type { ClaimRewardResponse } from '@sansui/shared';
import type {
  DeviceLocation,
  ImageSource,
  LocalImage,
  MapTarget,
  Platform,
  PrivacyGate,
  SubscribeResult,
  TransferOutcome,
  UploadRequest,
  UploadResult,
} from './types';
import { DEMO_CENTER, PRIVACY_AGREE_BUTTON_ID } from './types';

/** 微信全局对象；Taro 没有 requestMerchantTransfer 和隐私接口的类型封装 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
declare const wx: any;

type PrivacyResolve = (r: { event: 'agree' | 'disagree'; buttonId?: string }) => void;

function createPrivacyGate(): PrivacyGate {
  const listeners = new Set<(open: boolean) => void>();
  let wxResolve: PrivacyResolve | null = null;
  let waiters: ((agreed: boolean) => void)[] = [];
  let registered = false;

  let isOpen = false;
  const open = (value: boolean) => {
    isOpen = value;
    listeners.forEach((l) => l(value));
  };
  const settle = (agreed: boolean) => {
    open(false);
    if (wxResolve) {
      wxResolve(agreed ? { event: 'agree', buttonId: PRIVACY_AGREE_BUTTON_ID } : { event: 'disagree' });
      wxResolve = null;
    }
    const w = waiters;
    waiters = [];
    w.forEach((fn) => fn(agreed));
  };

  const register = () => {
    if (registered || typeof wx === 'undefined' || !wx.onNeedPrivacyAuthorization) return;
    registered = true;
    // 调用隐私接口（定位、选图）而用户还没同意时，微信回调这里，由我们弹出自己的同意框
    wx.onNeedPrivacyAuthorization((resolve: PrivacyResolve) => {
      wxResolve = resolve;
      open(true);
    });
  };

  return {
    ensure() {
      register();
      if (typeof wx === 'undefined' || !wx.getPrivacySetting) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        wx.getPrivacySetting({
          success: (res: { needAuthorization: boolean }) => {
            if (!res.needAuthorization) return resolve(true);
            waiters.push(resolve);
            open(true);
          },
          fail: () => resolve(true),
        });
      });
    },
    onRequest(listener) {
      register();
      listeners.add(listener);
      listener(isOpen);
      return () => listeners.delete(listener);
    },
    agree: () => settle(true),
    decline: () => settle(false),
  };
}

function login(): Promise<string> {
  return Taro.login().then((res) => {
    if (!res.code) throw new Error('微信登录失败，请稍后重试');
    return res.code;
  });
}

function requestSubscribe(tmplIds: string[]): Promise<SubscribeResult> {
  if (tmplIds.length === 0 || typeof wx === 'undefined') return Promise.resolve({});
  // 同步发起：必须在点击事件里、任何 await 之前调用
  return new Promise((resolve) => {
    wx.requestSubscribeMessage({
      tmplIds: tmplIds.slice(0, 3),
      success: (res: SubscribeResult) => resolve(res),
      // 用户拒绝或基础库不支持：不影响上报
      fail: () => resolve({}),
    });
  });
}

function requestMerchantTransfer(bill: ClaimRewardResponse): Promise<TransferOutcome> {
  if (typeof wx === 'undefined' || !wx.canIUse || !wx.canIUse('requestMerchantTransfer')) {
    return Promise.resolve('unsupported');
  }
  return new Promise((resolve, reject) => {
    wx.requestMerchantTransfer({
      mchId: bill.mchId,
      appId: bill.appId,
      package: bill.package,
      success: () => resolve('confirmed'),
      fail: (err: { errMsg?: string }) => {
        if (err?.errMsg && /cancel/i.test(err.errMsg)) resolve('cancelled');
        else reject(new Error('拉起收款失败，请稍后再试'));
      },
    });
  });
}

async function getLocation(): Promise<DeviceLocation> {
  try {
    const res = await Taro.getLocation({ type: 'gcj02', isHighAccuracy: true, highAccuracyExpireTime: 4000 });
    return { lat: res.latitude, lng: res.longitude, accuracyM: res.accuracy, source: 'gps', coordSystem: 'gcj02' };
  } catch {
    // 用户拒绝定位或定位失败：给出演示中心点，由用户在地图上拖动定位
    return { ...DEMO_CENTER, source: 'demo', coordSystem: 'gcj02' };
  }
}

async function chooseImages(count: number, sources: ImageSource[] = ['camera', 'album']): Promise<LocalImage[]> {
  if (count <= 0) return [];
  // chooseMedia 的结果不说照片来自哪里：只有限定一种来源时才知道
  const source = sources.length === 1 ? sources[0] : undefined;
  try {
    const res = await Taro.chooseMedia({
      count: Math.min(count, 9),
      mediaType: ['image'],
      sourceType: sources,
      sizeType: ['compressed'],
      camera: 'back',
    });
    return res.tempFiles.map((f) => ({ path: f.tempFilePath, size: f.size, ...(source ? { source } : {}) }));
  } catch (err) {
    const msg = (err as { errMsg?: string })?.errMsg ?? '';
    if (/cancel/i.test(msg)) return [];
    throw err;
  }
}

function uploadFile(req: UploadRequest): Promise<UploadResult> {
  return new Promise((resolve, reject) => {
    const task = Taro.uploadFile({
      url: req.url,
      filePath: req.filePath,
      name: req.name,
      header: req.headers,
      formData: req.formData,
      success: (res) => resolve({ statusCode: res.statusCode, body: res.data }),
      fail: (err) => reject(Object.assign(new Error('network'), { network: true, cause: err })),
    });
    if (req.onProgress && typeof task?.onProgressUpdate === 'function') {
      task.onProgressUpdate((p) => req.onProgress?.(p.progress));
    }
  });
}

async function openLocation(t: MapTarget): Promise<void> {
  await Taro.openLocation({ latitude: t.lat, longitude: t.lng, name: t.name, address: t.address ?? '', scale: 17 });
}

function onOnline(listener: () => void): () => void {
  const handler = (res: { isConnected: boolean }) => {
    if (res.isConnected) listener();
  };
  Taro.onNetworkStatusChange(handler);
  return () => Taro.offNetworkStatusChange?.(handler);
}

export const weappPlatform: Platform = {
  name: 'weapp',
  login,
  privacy: createPrivacyGate(),
  requestSubscribe,
  requestMerchantTransfer,
  getLocation,
  chooseImages,
  uploadFile,
  openLocation,
  onOnline,
  resetIdentity: () => undefined,
};
