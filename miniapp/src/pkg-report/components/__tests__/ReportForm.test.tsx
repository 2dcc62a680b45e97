import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';

jest.mock('../../../platform', () => jest.requireActual('../../../../jest/mock-platform').platformModule);
import { mockPlatform } from '../../../../jest/mock-platform';

const mockApi = {
  categories: jest.fn(async () => [
    { code: 'exposed_garbage', name: '暴露垃圾 / 积存垃圾', hint: '路边成堆的垃圾', enabled: true, sortOrder: 1 },
    { code: 'overflowing_bin', name: '垃圾桶满溢、破损', hint: '垃圾桶满了', enabled: true, sortOrder: 2 },
  ]),
  grids: jest.fn(async () => ({ type: 'FeatureCollection', features: [] })),
  mapConfig: jest.fn(async () => ({ tiles: null })), // no street tiles: the grid drawing
  subscriptionTemplates: jest.fn(async () => [{ key: 'progress', templateId: 'tmpl-progress', title: '处理进度' }]),
  grantSubscriptions: jest.fn(async () => ({ granted: {} })),
  uploadPhoto: jest.fn(async (_path: string, onProgress?: (p: number) => void) => {
    onProgress?.(50);
    return { id: 31, url: '/p/31', thumbUrl: '/p/31/thumb', width: 10, height: 10 };
  }),
  createReport: jest.fn(async () => ({ id: 900 })),
  geoWhere: jest.fn(async () => ({
    inServiceArea: true,
    gridId: 1,
    gridName: '东坡路01网格',
    address: '上城区湖滨街道 东坡路12号附近',
    landmark: null,
  })),
  nearby: jest.fn(async (): Promise<unknown[]> => []),
  meToo: jest.fn(async (caseId: number) => ({ caseId, meTooCount: 3, created: true })),
};
jest.mock('../../../api', () => jest.requireActual('../../../../jest/mock-api').apiModule(() => mockApi));

import { ReportForm } from '../ReportForm';

// 这份表单的测试：定位精度 15 米，订阅消息“允许”。
mockPlatform.getLocation.mockResolvedValue({ lat: 30.2741, lng: 120.1551, accuracyM: 15, source: 'gps', coordSystem: 'gcj02' });
mockPlatform.requestSubscribe.mockResolvedValue({ 'tmpl-progress': 'accept' });

describe('随手拍表单', () => {
  beforeEach(() => {
    Taro.clearStorageSync();
    jest.clearAllMocks();
  });

  it('系统报告的定位精度是 0 米时不写“定位精度约 0 米”，只说已定位', async () => {
    mockPlatform.getLocation.mockResolvedValueOnce({ lat: 30.2741, lng: 120.1551, accuracyM: 0, source: 'gps', coordSystem: 'gcj02' });
    render(<ReportForm kind="snap" />);
    await screen.findByText('已定位，可拖动图钉微调');
    expect(screen.queryByText(/定位精度约/)).toBeNull();
  });

  it('拍照 → 选分类 → 提交：订阅授权在点击里同步发起，同一 clientRequestId 提交后跳到详情', async () => {
    render(<ReportForm kind="snap" />);
    await screen.findByText(/定位精度约 15 米/);
    await screen.findByTestId('category-exposed_garbage');

    fireEvent.click(screen.getByTestId('photos-add'));
    await waitFor(() => expect(screen.getAllByTestId('photo-thumb')[0].getAttribute('data-uploaded')).toBe('1'));
    // 先问“拍照 / 从相册选择”（默认点了拍照），照片带拍摄事实上传
    expect(mockPlatform.chooseImages).toHaveBeenCalledWith(9, ['camera']);
    expect(mockApi.uploadPhoto).toHaveBeenCalledWith(
      'wxfile://tmp/photo.jpg',
      expect.any(Function),
      expect.objectContaining({ source: 'camera', lat: 30.2741, lng: 120.1551, accuracyM: 15, at: expect.any(String) }),
    );

    fireEvent.click(screen.getByTestId('category-exposed_garbage'));
    await waitFor(() => expect(mockApi.subscriptionTemplates).toHaveBeenCalled());
    await act(async () => undefined);

    fireEvent.click(screen.getByTestId('submit-report'));
    // 点击处理函数返回时，订阅授权必须已经发起（不能在 await 之后）
    expect(mockPlatform.requestSubscribe).toHaveBeenCalledWith(['tmpl-progress']);

    await waitFor(() => expect(mockApi.createReport).toHaveBeenCalledTimes(1));
    const req = (mockApi.createReport.mock.calls[0] as unknown as [Record<string, unknown>])[0];
    expect(req).toMatchObject({
      kind: 'snap',
      categoryCode: 'exposed_garbage',
      photoIds: [31],
      location: { lat: 30.2741, lng: 120.1551 },
      locationAccuracyM: 15,
    });
    expect(String(req.clientRequestId)).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    await waitFor(() => expect(mockApi.grantSubscriptions).toHaveBeenCalledWith(['tmpl-progress']));
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/pkg-mine/detail/index?id=900&fresh=1' }), { timeout: 2000 });
    // 提交成功后草稿清掉
    expect(Taro.getStorageSync('sansui:draft:snap')).toBe('');
  });

  it('图钉不在服务区：马上说明，提交不发请求', async () => {
    mockApi.geoWhere.mockResolvedValueOnce({ inServiceArea: false, gridId: null, gridName: null, address: null, landmark: null } as never);
    render(<ReportForm kind="snap" />);
    await screen.findByTestId('pin-outside');
    expect(screen.getByTestId('submit-report').className).toContain('btn--disabled');
    fireEvent.click(screen.getByTestId('submit-report'));
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: expect.stringContaining('服务区内的位置') }));
    expect(mockApi.createReport).not.toHaveBeenCalled();
  });

  it('识别地址的请求失败：不一直显示“正在识别”，说明识别不出且不影响提交', async () => {
    mockApi.geoWhere.mockRejectedValueOnce(new Error('网络不可用'));
    render(<ReportForm kind="snap" />);
    await screen.findByText('暂时识别不出地址，不影响提交');
    expect(screen.queryByText('正在识别地址…')).toBeNull();
    expect(screen.queryByTestId('pin-outside')).toBeNull();
  });

  it('图钉附近已有人反映：显示地址和卡片，点“我也遇到”关注该问题', async () => {
    mockApi.nearby.mockResolvedValueOnce([
      {
        caseId: 77,
        categoryCode: 'exposed_garbage',
        status: 'dispatched',
        statusText: '已派给责任部门处理',
        location: { lat: 30.274, lng: 120.155 },
        createdAt: new Date().toISOString(),
        distanceM: 35,
        address: '上城区湖滨街道 东坡路14号附近',
        thumbUrl: null,
        meTooCount: 2,
        open: true,
      },
    ]);
    render(<ReportForm kind="snap" />);
    await screen.findByText('地址：上城区湖滨街道 东坡路12号附近');
    await screen.findByTestId('nearby-item');
    expect(screen.getByTestId('nearby-distance').textContent).toContain('约 35 米');
    fireEvent.click(screen.getByTestId('me-too'));
    await waitFor(() => expect(mockApi.meToo).toHaveBeenCalledWith(77));
    await screen.findByText('已关注，有进展会通知你');
  });

  it('缺照片时不提交，提示还差什么', async () => {
    render(<ReportForm kind="snap" />);
    await screen.findByText(/定位精度约/);
    fireEvent.click(screen.getByTestId('submit-report'));
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: expect.stringContaining('照片') }));
    expect(mockApi.createReport).not.toHaveBeenCalled();
  });

  it('离开后再进来，恢复草稿（同一个 clientRequestId）', async () => {
    const first = render(<ReportForm kind="snap" />);
    await screen.findByTestId('category-overflowing_bin');
    fireEvent.click(screen.getByTestId('category-overflowing_bin'));
    const saved = JSON.parse(Taro.getStorageSync('sansui:draft:snap') as string);
    expect(saved.categoryCode).toBe('overflowing_bin');
    first.unmount();

    render(<ReportForm kind="snap" />);
    await screen.findByTestId('clear-draft');
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已恢复上次没提交的内容' }));
    const again = JSON.parse(Taro.getStorageSync('sansui:draft:snap') as string);
    expect(again.clientRequestId).toBe(saved.clientRequestId);
  });
});
