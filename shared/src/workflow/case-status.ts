/** Case states (docs/domain.md §5). */
export const CASE_STATUSES = ['submitted', 'accepted', 'rejected', 'merged', 'dispatched', 'in_progress', 'resolved', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Labels the staff see. */
export const CASE_STATUS_LABELS: Record<CaseStatus, string> = {
  submitted: '待受理',
  accepted: '已受理',
  rejected: '不予受理',
  merged: '已合并',
  dispatched: '已派遣',
  in_progress: '处置中',
  resolved: '待核查',
  closed: '已结案',
};

/** Friendlier labels for residents. */
export const CASE_STATUS_RESIDENT_LABELS: Record<CaseStatus, string> = {
  submitted: '已提交，等待受理',
  accepted: '已受理',
  rejected: '未受理',
  merged: '已有人反映，合并处理',
  dispatched: '已交给责任部门',
  in_progress: '正在处理',
  resolved: '处理完毕，等待核查',
  closed: '已解决',
};

/** States in which the problem is still being worked (a duplicate may merge into these). */
export const OPEN_CASE_STATUSES: readonly CaseStatus[] = ['submitted', 'accepted', 'dispatched', 'in_progress', 'resolved'];

/** States in which the deadline clock runs against the department (docs/domain.md §7). */
export const DEADLINE_RUNNING_STATUSES: readonly CaseStatus[] = ['dispatched', 'in_progress'];

export function isOpenStatus(status: CaseStatus): boolean {
  return OPEN_CASE_STATUSES.includes(status);
}

/** Reject reasons (docs/domain.md §5): a fixed list, plus free text. */
export const REJECT_REASONS = ['invalid', 'duplicate', 'out_of_scope', 'incomplete', 'outside_area', 'violation'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];
export const REJECT_REASON_LABELS: Record<RejectReason, string> = {
  invalid: '无效/看不清',
  duplicate: '重复',
  out_of_scope: '非职责范围',
  incomplete: '信息不全',
  outside_area: '位置不在服务区',
  violation: '违规内容',
};
