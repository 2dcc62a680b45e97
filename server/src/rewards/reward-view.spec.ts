import { REWARD_STATUSES, type RewardStatus } from '@sansui/shared';
import { Reward } from './reward.entity';
import { maskMiddle, mayOpenNewBill, rewardHint, toMyRewardDto, toRewardAdminDto } from './reward-view';

const reward = (over: Partial<Reward> = {}): Reward =>
  Object.assign(new Reward(), {
    id: 11,
    reportId: 21,
    caseId: 31,
    userId: 41,
    campaignId: 51,
    categoryCode: 'exposed_garbage',
    amountFen: 300,
    status: 'cleared',
    billState: null,
    reviewNote: null,
    holdReasons: null,
    batchId: 61,
    attempt: 2,
    outBillNo: 'SS0000000011A002',
    createdAt: new Date('2026-03-01T02:03:04.000Z'),
    ...over,
  });

describe('whether a reward may open a new transfer bill', () => {
  it('only when approved, or when the last bill is known to have failed (FAIL / CANCELLED)', () => {
    const open: string[] = [];
    for (const status of REWARD_STATUSES as readonly RewardStatus[])
      for (const billState of [null, 'WAIT_USER_CONFIRM', 'ACCEPTED', 'SUCCESS', 'FAIL', 'CANCELLED'])
        if (mayOpenNewBill({ status, billState })) open.push(`${status}/${billState}`);
    expect(open.sort()).toEqual(
      [
        'approved/null',
        'approved/WAIT_USER_CONFIRM',
        'approved/ACCEPTED',
        'approved/SUCCESS',
        'approved/FAIL',
        'approved/CANCELLED',
        'failed/FAIL',
        'failed/CANCELLED',
        'expired/FAIL',
        'expired/CANCELLED',
      ].sort(),
    );
  });
});

describe('the hint a resident reads', () => {
  it.each([
    ['held', null, '红包正在人工审核，请耐心等待'],
    ['cleared', null, '红包待发放，工作人员审批后即可领取'],
    ['proposed', null, '红包正在审批中，审批通过后即可领取'],
    ['approved', null, '点击“领取”，并在微信中确认收款'],
    ['transferring', 'WAIT_USER_CONFIRM', '点“确认收款”，在微信中收下红包；24 小时内不确认会过期'],
    ['transferring', 'TRANSFERING', '正在转入微信零钱，请稍候'],
    ['paid', 'SUCCESS', '红包已存入微信零钱'],
    ['failed', 'FAIL', '上次领取没有成功，可以重新领取'],
    ['failed', 'CANCELLED', '上次领取没有成功，可以重新领取'],
    ['failed', null, '正在确认上次转账的结果，请稍后再试'],
    ['failed', 'WAIT_USER_CONFIRM', '正在确认上次转账的结果，请稍后再试'],
    ['expired', 'FAIL', '超过 24 小时未确认收款，可以重新领取'],
    ['cancelled', null, '红包已取消'],
  ] as const)('%s (bill %s): %s', (status, billState, hint) => {
    expect(rewardHint({ status, billState, reviewNote: null })).toBe(hint);
  });

  it('a cancelled reward says why when the auditor wrote it down', () => {
    expect(rewardHint({ status: 'cancelled', billState: null, reviewNote: '重复上报' })).toBe('红包已取消：重复上报');
  });
});

describe('the resident’s reward list item', () => {
  it('carries the campaign, the label, the hint and the bill number', () => {
    expect(toMyRewardDto(reward({ status: 'approved' }), '春季活动')).toEqual({
      id: 11,
      reportId: 21,
      caseId: 31,
      userId: 41,
      amountFen: 300,
      status: 'approved',
      createdAt: '2026-03-01T02:03:04.000Z',
      campaignName: '春季活动',
      statusLabel: '可领取',
      hint: '点击“领取”，并在微信中确认收款',
      claimable: true,
      outBillNo: 'SS0000000011A002',
      paidAt: null,
    });
  });

  it('says when a paid one arrived, and calls a failed or unconfirmed bill a red packet to claim again', () => {
    const paidAt = new Date('2026-03-02T03:04:05.000Z');
    expect(toMyRewardDto(reward({ status: 'paid', billState: 'SUCCESS', paidAt }), 'x')).toMatchObject({
      statusLabel: '已到账',
      paidAt: paidAt.toISOString(),
    });
    expect(toMyRewardDto(reward({ status: 'expired', billState: 'FAIL' }), 'x')).toMatchObject({
      statusLabel: '可重新领取',
      claimable: true,
      paidAt: null,
    });
    expect(toMyRewardDto(reward({ status: 'failed', billState: 'CANCELLED' }), 'x').statusLabel).toBe('可重新领取');
    // Still finding out what happened to the last bill: not (yet) claimable, so the plain label stays.
    expect(toMyRewardDto(reward({ status: 'failed', billState: null }), 'x').statusLabel).toBe('结果确认中');
  });

  it('is claimable while a bill waits for confirmation (to show it again), not while its outcome is unknown', () => {
    const claimable = (status: RewardStatus, billState: string | null) => toMyRewardDto(reward({ status, billState }), 'x').claimable;
    expect(claimable('transferring', 'WAIT_USER_CONFIRM')).toBe(true);
    expect(claimable('transferring', 'ACCEPTED')).toBe(false);
    expect(claimable('transferring', null)).toBe(false);
    expect(claimable('expired', 'FAIL')).toBe(true);
    expect(claimable('failed', null)).toBe(false);
    expect(claimable('paid', 'WAIT_USER_CONFIRM')).toBe(false);
  });
});

describe('the auditor’s reward row', () => {
  const extra = { campaignName: '春季活动', userDisplayName: '张三', openid: 'oABCDEFGHIJKLMN', phone: '13812345678' };

  it('masks the openid and phone unless the viewer may see them', () => {
    const masked = toRewardAdminDto(reward(), extra, false);
    expect(masked).toEqual({
      id: 11,
      reportId: 21,
      caseId: 31,
      userId: 41,
      amountFen: 300,
      status: 'cleared',
      createdAt: '2026-03-01T02:03:04.000Z',
      campaignId: 51,
      campaignName: '春季活动',
      categoryCode: 'exposed_garbage',
      holdReasons: null,
      batchId: 61,
      attempt: 2,
      outBillNo: 'SS0000000011A002',
      billState: null,
      userDisplayName: '张三',
      openid: 'oABC****KLMN',
      phone: '138****5678',
    });
    expect(toRewardAdminDto(reward(), extra, true)).toMatchObject({ openid: 'oABCDEFGHIJKLMN', phone: '13812345678' });
  });

  it('masks short values entirely and leaves missing ones missing', () => {
    expect(maskMiddle('1234567', 3, 4)).toBe('*******');
    expect(maskMiddle('12345678', 3, 4)).toBe('123****5678');
    expect(maskMiddle(null, 3, 4)).toBeNull();
    expect(maskMiddle('', 3, 4)).toBe('');
  });
});
