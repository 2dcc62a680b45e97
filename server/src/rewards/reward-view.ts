import { REWARD_STATUS_LABELS, type MyRewardDto, type RewardAdminDto, type RewardDto } from '@sansui/shared';
import type { Reward } from './reward.entity';

const FINAL_FAILED = ['FAIL', 'CANCELLED'];

/** A new bill may be opened: approved, or the last bill is KNOWN to have failed (docs/domain.md §8, §10). */
export function mayOpenNewBill(r: Pick<Reward, 'status' | 'billState'>): boolean {
  return r.status === 'approved' || ((r.status === 'failed' || r.status === 'expired') && FINAL_FAILED.includes(r.billState ?? ''));
}

/** What the resident should do next, in Chinese. */
export function rewardHint(r: Pick<Reward, 'status' | 'billState' | 'reviewNote'>): string {
  switch (r.status) {
    case 'held':
      return '红包正在人工审核，请耐心等待';
    case 'cleared':
      return '红包待发放，工作人员审批后即可领取';
    case 'proposed':
      return '红包正在审批中，审批通过后即可领取';
    case 'approved':
      return '点击“领取”，并在微信中确认收款';
    case 'transferring':
      // The button on this card reads 确认收款 (it opens WeChat's confirmation again), so the words say the same.
      return r.billState === 'WAIT_USER_CONFIRM' ? '点“确认收款”，在微信中收下红包；24 小时内不确认会过期' : '正在转入微信零钱，请稍候';
    case 'paid':
      return '红包已存入微信零钱';
    case 'failed':
      return FINAL_FAILED.includes(r.billState ?? '') ? '上次领取没有成功，可以重新领取' : '正在确认上次转账的结果，请稍后再试';
    case 'expired':
      return '超过 24 小时未确认收款，可以重新领取';
    case 'cancelled':
      return r.reviewNote ? `红包已取消：${r.reviewNote}` : '红包已取消';
  }
}

export function toRewardDto(r: Reward): RewardDto {
  return {
    id: r.id,
    reportId: r.reportId,
    caseId: r.caseId,
    userId: r.userId,
    amountFen: r.amountFen,
    status: r.status,
    createdAt: r.createdAt.toISOString(),
  };
}

/**
 * The resident's label: a bill that failed or closed unconfirmed is a red packet to claim again (staff still see
 * 已过期 / 失败), and a failed bill whose outcome is still being checked says so rather than offering a new claim.
 */
function myRewardLabel(r: Reward): string {
  if (r.status !== 'approved' && mayOpenNewBill(r)) return '可重新领取';
  if (r.status === 'failed') return '结果确认中';
  return REWARD_STATUS_LABELS[r.status];
}

export function toMyRewardDto(r: Reward, campaignName: string): MyRewardDto {
  return {
    ...toRewardDto(r),
    campaignName,
    statusLabel: myRewardLabel(r),
    hint: rewardHint(r),
    claimable: mayOpenNewBill(r) || (r.status === 'transferring' && r.billState === 'WAIT_USER_CONFIRM'),
    outBillNo: r.outBillNo,
    paidAt: r.status === 'paid' && r.paidAt ? r.paidAt.toISOString() : null,
  };
}

export function toRewardAdminDto(
  r: Reward,
  extra: { campaignName: string; userDisplayName: string; openid: string | null; phone: string | null },
  unmasked: boolean,
): RewardAdminDto {
  return {
    ...toRewardDto(r),
    campaignId: r.campaignId,
    campaignName: extra.campaignName,
    categoryCode: r.categoryCode,
    holdReasons: r.holdReasons,
    batchId: r.batchId,
    attempt: r.attempt,
    outBillNo: r.outBillNo,
    billState: r.billState,
    userDisplayName: extra.userDisplayName,
    openid: unmasked ? extra.openid : maskMiddle(extra.openid, 4, 4),
    phone: unmasked ? extra.phone : maskMiddle(extra.phone, 3, 4),
  };
}

/** 13812345678 → 138****5678; short values are fully starred. */
export function maskMiddle(value: string | null, keepStart: number, keepEnd: number): string | null {
  if (!value) return value;
  if (value.length <= keepStart + keepEnd) return '*'.repeat(value.length);
  return `${value.slice(0, keepStart)}****${value.slice(value.length - keepEnd)}`;
}
