import type { Role } from '@sansui/shared';

/**
 * Permissions for the whole UI in one place: which role sees which route and which button.
 * The server still decides every request; this only keeps the screens free of actions a role cannot take.
 */

export type Action =
  | 'case.triage'
  | 'case.dispatch'
  | 'case.verify'
  | 'case.extension.decide'
  | 'case.reopen'
  | 'case.hotline'
  | 'case.moderate'
  | 'case.work'
  | 'case.reassign'
  | 'reward.decide'
  | 'batch.propose'
  | 'batch.approve'
  | 'ledger.view'
  | 'audit.verify'
  | 'export.download'
  | 'stats.view'
  | 'config.edit'
  | 'evaluation.view'
  | 'evaluation.run'
  | 'evaluation.monitoring';

const ACTIONS: Record<Action, readonly Role[]> = {
  'case.triage': ['dispatcher'],
  'case.dispatch': ['dispatcher'],
  'case.verify': ['dispatcher', 'inspector'],
  'case.extension.decide': ['dispatcher'],
  'case.reopen': ['dispatcher'],
  'case.hotline': ['dispatcher'],
  'case.moderate': ['dispatcher'],
  'case.work': ['handler', 'dept_manager'],
  'case.reassign': ['dept_manager'],
  'reward.decide': ['auditor'],
  'batch.propose': ['dispatcher', 'auditor'],
  // docs/domain.md §2: an admin may never approve payouts, even if it also holds the auditor role.
  'batch.approve': ['auditor'],
  'ledger.view': ['auditor'],
  'audit.verify': ['auditor'],
  'export.download': ['auditor'],
  'stats.view': ['dispatcher', 'dept_manager', 'auditor'],
  'config.edit': ['admin'],
  // docs/domain.md §16: the 爱卫办 runs inspections (dispatchers); auditors and admins read the rankings; admins edit the checklist and weights.
  'evaluation.view': ['dispatcher', 'auditor', 'admin'],
  'evaluation.run': ['dispatcher'],
  // 重点监控点位 are listed for the inspectors to revisit, and for those who run and read the regime.
  'evaluation.monitoring': ['inspector', 'dispatcher', 'auditor', 'admin'],
};

export function can(roles: readonly Role[] | undefined, action: Action): boolean {
  if (!roles) return false;
  if (action === 'batch.approve' && roles.includes('admin')) return false;
  return ACTIONS[action].some((r) => roles.includes(r));
}

export interface MenuItem {
  path: string;
  label: string;
  action: Action;
}

export interface MenuGroup {
  key: string;
  label: string;
  items: MenuItem[];
}

/** The navigation; every route of the app is here, guarded by the action it needs. */
export const MENU: MenuGroup[] = [
  {
    key: 'dispatch',
    label: '调度指挥',
    items: [
      { path: '/dispatch/triage', label: '受理分拣', action: 'case.triage' },
      { path: '/dispatch/board', label: '派遣看板', action: 'case.dispatch' },
      { path: '/dispatch/verify', label: '核查结案', action: 'case.verify' },
      { path: '/dispatch/extensions', label: '延期申请', action: 'case.extension.decide' },
      { path: '/dispatch/reopen', label: '重新派遣申请', action: 'case.reopen' },
      { path: '/dispatch/hotline', label: '热线登记', action: 'case.hotline' },
      { path: '/dispatch/moderation', label: '内容审核', action: 'case.moderate' },
    ],
  },
  {
    key: 'dept',
    label: '部门处置',
    items: [
      { path: '/dept/queue', label: '部门工单', action: 'case.work' },
      { path: '/dept/kpi', label: '部门考核', action: 'case.reassign' },
      { path: '/dept/supervision', label: '督办通知', action: 'case.work' },
    ],
  },
  {
    key: 'audit',
    label: '红包与审计',
    items: [
      { path: '/audit/rewards', label: '红包审核', action: 'reward.decide' },
      { path: '/audit/batches', label: '发放批次', action: 'batch.propose' },
      { path: '/audit/ledger', label: '台账与对账', action: 'ledger.view' },
      { path: '/audit/statements', label: '资金账单核对', action: 'ledger.view' },
      { path: '/audit/fraud-settings', label: '风险阈值', action: 'ledger.view' },
      { path: '/audit/chain', label: '审计日志', action: 'audit.verify' },
      { path: '/audit/exports', label: 'Excel 导出', action: 'export.download' },
    ],
  },
  {
    key: 'stats',
    label: '统计分析',
    items: [
      { path: '/stats/campaign', label: '活动看板', action: 'stats.view' },
      { path: '/stats/departments', label: '部门排名', action: 'stats.view' },
      { path: '/stats/trends', label: '趋势与热力', action: 'stats.view' },
      { path: '/stats/circular', label: '通报下载', action: 'stats.view' },
      { path: '/stats/dispatch-quality', label: '派遣质量', action: 'stats.view' },
    ],
  },
  {
    key: 'admin',
    label: '系统配置',
    items: [
      { path: '/config/categories', label: '事件分类', action: 'config.edit' },
      { path: '/config/departments', label: '部门', action: 'config.edit' },
      { path: '/config/users', label: '人员与角色', action: 'config.edit' },
      { path: '/config/areas', label: '区域与网格', action: 'config.edit' },
      { path: '/config/zones', label: '责任区', action: 'config.edit' },
      { path: '/config/routing-rules', label: '派遣规则', action: 'config.edit' },
      { path: '/config/campaigns', label: '活动', action: 'config.edit' },
      { path: '/config/fraud-settings', label: '风险阈值', action: 'config.edit' },
    ],
  },
  {
    key: 'evaluation',
    label: '考评督查',
    items: [
      { path: '/evaluation/rounds', label: '暗访明查', action: 'evaluation.view' },
      { path: '/evaluation/ranking', label: '千分制排名', action: 'evaluation.view' },
      { path: '/evaluation/checklist', label: '考评细则与权重', action: 'evaluation.view' },
      { path: '/evaluation/quarter', label: '季度评比', action: 'evaluation.view' },
      { path: '/evaluation/briefing', label: '月度简报', action: 'evaluation.view' },
      { path: '/evaluation/supervision', label: '督办通知', action: 'evaluation.view' },
      { path: '/evaluation/monitoring', label: '重点监控点位', action: 'evaluation.monitoring' },
    ],
  },
];

/** The menu a user sees: only groups with at least one item they may open. */
export function menuFor(roles: readonly Role[] | undefined): MenuGroup[] {
  return MENU.map((g) => ({ ...g, items: g.items.filter((i) => can(roles, i.action)) })).filter((g) => g.items.length > 0);
}

/** Whether a path (as in MENU, or a case detail) may be opened. */
export function canOpen(roles: readonly Role[] | undefined, path: string): boolean {
  if (path.startsWith('/cases/')) return !!roles && roles.some((r) => r !== 'resident');
  const item = MENU.flatMap((g) => g.items).find((i) => path === i.path || path.startsWith(`${i.path}/`));
  return item ? can(roles, item.action) : false;
}

/** Where a user lands after login. */
export function homePath(roles: readonly Role[] | undefined): string {
  return menuFor(roles)[0]?.items[0]?.path ?? '/no-access';
}

/** Approve is offered only to an auditor who did not propose the batch (the server checks again). */
export function approveBlockReason(
  roles: readonly Role[] | undefined,
  userId: number | undefined,
  batch: { proposedBy: number; status: string },
): string | null {
  if (!can(roles, 'batch.approve')) return '只有审计员可以审批';
  if (batch.status !== 'proposed') return '该批次已审批';
  if (userId !== undefined && batch.proposedBy === userId) return '不能审批自己提出的批次';
  return null;
}
