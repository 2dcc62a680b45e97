/** Reward states (docs/domain.md §13). */
export const REWARD_STATUSES = [
  'held',
  'cleared',
  'proposed',
  'approved',
  'transferring',
  'paid',
  'failed',
  'expired',
  'cancelled',
] as const;
export type RewardStatus = (typeof REWARD_STATUSES)[number];

export const REWARD_STATUS_LABELS: Record<RewardStatus, string> = {
  held: '审核中',
  cleared: '待发放',
  proposed: '待审批',
  approved: '可领取',
  transferring: '待确认收款',
  paid: '已到账',
  failed: '发放失败，可重新领取',
  expired: '已过期',
  cancelled: '已取消',
};

/** WeChat Pay transfer bill states (docs/domain.md §10). */
export const TRANSFER_BILL_STATES = [
  'ACCEPTED',
  'PROCESSING',
  'WAIT_USER_CONFIRM',
  'TRANSFERING',
  'SUCCESS',
  'FAIL',
  'CANCELING',
  'CANCELLED',
] as const;
export type TransferBillState = (typeof TRANSFER_BILL_STATES)[number];
export const FINAL_TRANSFER_BILL_STATES: readonly TransferBillState[] = ['SUCCESS', 'FAIL', 'CANCELLED'];

/** WeChat Pay refuses transfers below 0.1 CNY. */
export const MIN_TRANSFER_FEN = 10;

/** Formats integer fen as yuan, e.g. 200 → "¥2.00". Never uses floating point for the amount. */
export function formatFen(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  const yuan = Math.floor(abs / 100);
  const cents = String(abs % 100).padStart(2, '0');
  return `${sign}¥${yuan}.${cents}`;
}
