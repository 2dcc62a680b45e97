import { CASE_STATUS_RESIDENT_LABELS, REWARD_STATUS_LABELS, type CaseStatus, type RewardStatus } from '@sansui/shared';

export type Tone = 'primary' | 'success' | 'warning' | 'danger' | 'default';

/** 居民看到的状态标签（列表里的短标签） */
const CASE_CHIP: Record<CaseStatus, { label: string; tone: Tone }> = {
  submitted: { label: '待受理', tone: 'warning' },
  accepted: { label: '已受理', tone: 'primary' },
  rejected: { label: '未受理', tone: 'default' },
  merged: { label: '合并处理', tone: 'primary' },
  dispatched: { label: '处理中', tone: 'primary' },
  in_progress: { label: '处理中', tone: 'primary' },
  resolved: { label: '待核查', tone: 'primary' },
  closed: { label: '已解决', tone: 'success' },
};

export function caseChip(status: CaseStatus | string): { label: string; tone: Tone } {
  return CASE_CHIP[status as CaseStatus] ?? { label: '处理中', tone: 'default' };
}

/** 详情页的一句话状态 */
export function caseStatusText(status: CaseStatus | string): string {
  return CASE_STATUS_RESIDENT_LABELS[status as CaseStatus] ?? '处理中';
}

/** 本地草稿（还没发到服务端）的状态 */
export type OutboxState = 'pending' | 'sending' | 'failed' | 'blocked';
export function outboxChip(state: OutboxState): { label: string; tone: Tone } {
  switch (state) {
    case 'sending':
      return { label: '正在提交', tone: 'primary' };
    case 'blocked':
      return { label: '需要修改', tone: 'danger' };
    default:
      return { label: '等待网络，自动重试', tone: 'warning' };
  }
}

export interface RewardView {
  label: string;
  tone: Tone;
  /** 居民该做什么 */
  hint: string;
  /** 显示“领取”按钮 */
  claimable: boolean;
}

/** 红包状态 → 标签、提示、能否领取 */
export function rewardView(status: RewardStatus | string): RewardView {
  const label = REWARD_STATUS_LABELS[status as RewardStatus] ?? '处理中';
  switch (status as RewardStatus) {
    case 'held':
      return { label, tone: 'warning', hint: '正在人工审核，无需操作', claimable: false };
    case 'cleared':
    case 'proposed':
      return { label, tone: 'primary', hint: '审核通过，等待发放', claimable: false };
    case 'approved':
      return { label, tone: 'danger', hint: '点“领取”，在微信里确认收款', claimable: true };
    case 'transferring':
      return { label, tone: 'warning', hint: '点“确认收款”，在微信中收下红包（24 小时内有效）', claimable: true };
    case 'paid':
      return { label, tone: 'success', hint: '已转入微信零钱', claimable: false };
    case 'failed':
      return { label: '发放失败', tone: 'danger', hint: '可以重新领取', claimable: true };
    case 'expired':
      return { label, tone: 'default', hint: '超过领取期限', claimable: false };
    case 'cancelled':
      return { label, tone: 'default', hint: '该红包已取消', claimable: false };
    default:
      return { label, tone: 'default', hint: '', claimable: false };
  }
}
