import type { RewardStatus, TransferBillState } from '@sansui/shared';

/** out_bill_no derived from the reward and the attempt, never from time: `SS` + 10-digit id + `A` + 3-digit attempt. */
export function outBillNoFor(rewardId: number, attempt: number): string {
  return `SS${String(rewardId).padStart(10, '0')}A${String(attempt).padStart(3, '0')}`;
}

export function parseOutBillNo(no: string): { rewardId: number; attempt: number } | null {
  const m = /^SS(\d{10})A(\d{3})$/.exec(no);
  return m ? { rewardId: Number(m[1]), attempt: Number(m[2]) } : null;
}

/** WeChat Pay's fail_reason for a bill the resident did not confirm in time. */
export const EXPIRED_FAIL_REASONS = ['OVERDUE_CLOSE', 'TRANSFER_EXPIRED'];

/** What a bill state means for the reward that is transferring. null = no change of reward status. */
export function rewardStatusForBill(state: TransferBillState | string, failReason?: string | null): RewardStatus | null {
  if (state === 'SUCCESS') return 'paid';
  if (state === 'FAIL') return failReason && EXPIRED_FAIL_REASONS.includes(failReason) ? 'expired' : 'failed';
  if (state === 'CANCELLED') return 'failed';
  return null;
}

/** Clips to WeChat's 32-character limits (by characters, not bytes). */
export function clip32(s: string): string {
  const chars = [...s];
  return chars.length <= 32 ? s : chars.slice(0, 32).join('');
}
