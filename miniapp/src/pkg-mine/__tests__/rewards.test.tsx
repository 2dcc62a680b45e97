import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';

jest.mock('../../platform', () => jest.requireActual('../../../jest/mock-platform').platformModule);
import { mockPlatform } from '../../../jest/mock-platform';

const mockApi = { myRewards: jest.fn(), claimReward: jest.fn() };
jest.mock('../../api', () => jest.requireActual('../../../jest/mock-api').apiModule(() => mockApi));

import MyRewards from '../rewards/index';

const reward = (id: number, status: string, amountFen: number, claimable = false) => ({
  id,
  reportId: 100 + id,
  caseId: 200 + id,
  userId: 1,
  amountFen,
  status,
  createdAt: `2026-11-2${id}T02:00:00.000Z`,
  campaignName: '冬季三随行动',
  statusLabel: '',
  hint: '',
  claimable,
  outBillNo: null,
  paidAt: null as string | null,
});

describe('我的红包', () => {
  beforeEach(() => {
    jest.useRealTimers();
    jest.clearAllMocks();
  });

  it('显示已到账总额，以及待自己领取的和还在审核发放的金额（过期可重领的算待领取）', async () => {
    mockApi.myRewards.mockResolvedValue([
      { ...reward(1, 'paid', 200), paidAt: '2026-11-22T01:30:00.000Z' },
      reward(2, 'paid', 150),
      reward(3, 'approved', 300, true),
      reward(4, 'expired', 500, true),
      reward(5, 'held', 100),
      reward(6, 'proposed', 200),
    ]);
    render(<MyRewards />);
    await waitFor(() => expect(screen.getAllByTestId('reward-item')).toHaveLength(6));
    expect(screen.getByTestId('reward-total').textContent).toContain('¥3.50');
    expect(screen.getByTestId('reward-waiting').textContent).toBe('待领取 ¥8.00 · 审核发放中 ¥3.00');
    // 已到账的写到账时间，其余写获得时间
    const paid = screen.getAllByTestId('reward-item').find((el) => el.textContent?.includes('上报 #101'))!;
    expect(paid.textContent).toContain('11月22日 09:30 到账');
    const held = screen.getAllByTestId('reward-item').find((el) => el.textContent?.includes('上报 #105'))!;
    expect(held.textContent).toMatch(/获得/);
  });

  it('领取：用服务端返回的转账单拉起确认收款，之后以服务端状态为准刷新（回调不算到账）', async () => {
    const bill = { mchId: '1900000001', appId: 'wx123', package: 'pkg-info', outBillNo: 'R3A1' };
    mockApi.myRewards
      .mockResolvedValueOnce([reward(3, 'approved', 300, true)])
      .mockResolvedValueOnce([reward(3, 'transferring', 300, true)])
      .mockResolvedValue([reward(3, 'paid', 300)]);
    mockApi.claimReward.mockResolvedValue(bill);
    mockPlatform.requestMerchantTransfer.mockResolvedValue('confirmed');
    render(<MyRewards />);
    const claim = await screen.findByTestId('claim-reward');
    jest.useFakeTimers();
    fireEvent.click(claim);
    await act(async () => {
      await jest.advanceTimersByTimeAsync(6000);
    });
    expect(mockApi.claimReward).toHaveBeenCalledWith(3);
    expect(mockPlatform.requestMerchantTransfer).toHaveBeenCalledWith(bill);
    // 确认后仍显示“转账中”，直到服务端说已到账
    expect(mockApi.myRewards).toHaveBeenCalledTimes(3);
    expect(screen.getByTestId('reward-item').getAttribute('data-status')).toBe('paid');
    expect(screen.queryByTestId('claim-reward')).toBeNull();
    expect(screen.getByTestId('reward-total').textContent).toContain('¥3.00');
  });

  it('微信版本不支持转账确认时提示升级，并刷新状态', async () => {
    mockApi.myRewards.mockResolvedValue([reward(3, 'approved', 300, true)]);
    mockApi.claimReward.mockResolvedValue({ mchId: 'm', appId: 'a', package: 'p', outBillNo: 'o' });
    mockPlatform.requestMerchantTransfer.mockResolvedValue('unsupported');
    render(<MyRewards />);
    fireEvent.click(await screen.findByTestId('claim-reward'));
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '微信版本太低' })));
    await waitFor(() => expect(mockApi.myRewards).toHaveBeenCalledTimes(2));
  });
});
