import { CASE_ACTION_LABELS, CASE_ACTIONS, REWARD_STATUS_LABELS, type RewardStatus } from '@sansui/shared';

/** Audit actions written outside the case workflow (server: audit.record calls) → Chinese. */
const OTHER_ACTIONS: Record<string, string> = {
  'case.reopen_decline': '案卷：驳回重新派遣申请',
  'case.extension_decide': '案卷：审批延期申请',
  'case.reassign': '案卷：改派处置人员',
  'reward.hold': '红包：冻结待审',
  'reward.release': '红包：审核放行',
  'reward.cancel': '红包：取消',
  'payout_batch.propose': '发放批次：提出',
  'payout_batch.approve_first': '发放批次：第一人审批',
  'payout_batch.approve': '发放批次：审批通过',
  'staff.login': '工作人员登录',
  'staff.login_failed': '工作人员登录失败',
  'user.create': '人员：新建',
  'user.update': '人员：修改',
  'resident.delete': '居民：注销并删除数据',
  'category.create': '分类：新建',
  'category.update': '分类：修改',
  'department.create': '部门：新建',
  'department.update': '部门：修改',
  'department.delete': '部门：删除',
  'area.create': '区域：新建',
  'area.update': '区域：修改',
  'area.delete': '区域：删除',
  'area.import': '区域：导入 GeoJSON',
  'zone.create': '责任区：新建',
  'zone.update': '责任区：修改',
  'zone.delete': '责任区：删除',
  'routing_rule.create': '派遣规则：新建',
  'routing_rule.update': '派遣规则：修改',
  'routing_rule.delete': '派遣规则：删除',
  'campaign.create': '活动：新建',
  'campaign.update': '活动：修改',
};

export const TARGET_LABELS: Record<string, string> = {
  case: '案卷',
  reward: '红包',
  payout_batch: '发放批次',
  user: '用户',
  resident: '居民',
  category: '分类',
  department: '部门',
  area: '区域',
  zone: '责任区',
  routing_rule: '派遣规则',
  campaign: '活动',
};

/** "案卷：派遣" for case.dispatch, "红包：已到账" for reward.paid; unknown codes show as they are. */
export function auditActionLabel(code: string): string {
  if (OTHER_ACTIONS[code]) return OTHER_ACTIONS[code];
  const [kind, what] = code.split('.', 2);
  if (kind === 'case' && what && what in CASE_ACTION_LABELS) return `案卷：${CASE_ACTION_LABELS[what as keyof typeof CASE_ACTION_LABELS]}`;
  if (kind === 'reward' && what && what in REWARD_STATUS_LABELS) return `红包：${REWARD_STATUS_LABELS[what as RewardStatus]}`;
  return code;
}

/** "案卷 #12"; unknown target types show as they are. */
export function auditTargetLabel(type: string | null | undefined, id: string | number | null | undefined): string {
  if (!type) return '—';
  return `${TARGET_LABELS[type] ?? type}${id != null && id !== '' ? ` #${id}` : ''}`;
}

/** Choices for the action filter: every case action, then the others. */
export const AUDIT_ACTION_OPTIONS: { value: string; label: string }[] = [
  ...CASE_ACTIONS.map((a) => `case.${a}`),
  ...Object.keys(OTHER_ACTIONS),
  ...(['paid', 'failed', 'transferring', 'expired'] as const).map((s) => `reward.${s}`),
].map((value) => ({ value, label: `${auditActionLabel(value)}（${value}）` }));
