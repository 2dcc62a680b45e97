import { render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';

jest.mock('@tarojs/taro', () => {
  const actual = jest.requireActual('../../../jest/taro');
  return { ...actual, __esModule: true, useRouter: () => ({ params: { id: '7' } }) };
});
jest.mock('../../platform', () => jest.requireActual('../../../jest/mock-platform').platformModule);

const mockApi = {
  report: jest.fn(),
  myRewards: jest.fn(),
  categories: jest.fn(async () => [{ code: 'exposed_garbage', name: '暴露垃圾 / 积存垃圾', hint: '', enabled: true, sortOrder: 1 }]),
};
jest.mock('../../api', () => jest.requireActual('../../../jest/mock-api').apiModule(() => mockApi));

import ReportDetail from '../detail/index';

const report = {
  id: 7,
  kind: 'snap',
  categoryCode: 'exposed_garbage',
  status: 'accepted',
  statusText: '已受理',
  createdAt: '2026-12-01T02:00:00.000Z',
  photos: [],
  description: null,
  address: '上城区湖滨街道 东坡路12号附近',
  timeline: [],
  departmentName: null,
  resolutionPhotos: [],
  canGiveFeedback: false,
  feedback: null,
};
const reward = (reportId: number) => ({
  id: 3,
  reportId,
  caseId: 9,
  userId: 1,
  amountFen: 200,
  status: 'approved',
  createdAt: '2026-12-02T06:30:00.000Z',
  campaignName: '冬季随手拍',
  statusLabel: '可领取',
  hint: '点击“领取”，并在微信中确认收款',
  claimable: true,
  outBillNo: null,
  paidAt: null as string | null,
});

describe('上报详情：这条上报挣到的红包', () => {
  beforeEach(() => mockApi.report.mockResolvedValue(report));

  it('显示金额、什么时候获得的和现在的状态；点开去“我的红包”', async () => {
    mockApi.myRewards.mockResolvedValue([reward(5), reward(7)]);
    render(<ReportDetail />);
    const card = await screen.findByTestId('report-reward');
    expect(card.textContent).toContain('红包 ¥2.00');
    expect(card.textContent).toContain('可领取');
    // 2026-12-02T06:30Z 是北京时间 12 月 2 日 14:30
    expect(screen.getByTestId('report-reward-earned').textContent).toMatch(/^12月2日 14:30 获得/);
    card.click();
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pkg-mine/rewards/index' });
  });

  it('已到账的红包写明什么时候存入微信零钱', async () => {
    mockApi.myRewards.mockResolvedValue([
      {
        ...reward(7),
        status: 'paid',
        statusLabel: '已到账',
        hint: '红包已存入微信零钱',
        claimable: false,
        paidAt: '2026-12-03T01:05:00.000Z',
      },
    ]);
    render(<ReportDetail />);
    await screen.findByTestId('report-reward');
    expect(screen.getByTestId('report-reward-paid').textContent).toBe('12月3日 09:05 已存入微信零钱');
  });

  it('没有红包（或查不到）时不显示红包卡片', async () => {
    mockApi.myRewards.mockResolvedValue([reward(5)]);
    render(<ReportDetail />);
    await screen.findByTestId('report-address');
    await waitFor(() => expect(mockApi.myRewards).toHaveBeenCalled());
    expect(screen.queryByTestId('report-reward')).toBeNull();
  });
});
