import type { ReportKind } from '../constants/reports';
import type { Role } from '../constants/roles';
import type { CaseStatus } from './case-status';

/**
 * The case state machine of docs/domain.md §5 as pure functions. `verify` is split into its two outcomes
 * because they lead to different states and are counted differently (rework is a KPI).
 */
export const CASE_ACTIONS = [
  'accept',
  'reject',
  'merge',
  'dispatch',
  'claim',
  'return',
  'resolve',
  'verify_pass',
  'verify_fail',
  'reopen',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** The actor of a move: a role, or the system itself (auto-merge rules). */
export type CaseActor = Role | 'system';

interface TransitionRule {
  from: readonly CaseStatus[];
  to: CaseStatus;
  roles: readonly CaseActor[];
  /** Restricts the move to one report kind. */
  kind?: ReportKind;
}

const RULES: Record<CaseAction, readonly TransitionRule[]> = {
  accept: [{ from: ['submitted'], to: 'accepted', roles: ['dispatcher'] }],
  reject: [{ from: ['submitted'], to: 'rejected', roles: ['dispatcher'] }],
  merge: [{ from: ['submitted'], to: 'merged', roles: ['dispatcher', 'system'] }],
  dispatch: [{ from: ['accepted'], to: 'dispatched', roles: ['dispatcher'] }],
  claim: [{ from: ['dispatched'], to: 'in_progress', roles: ['handler', 'dept_manager'] }],
  return: [{ from: ['dispatched', 'in_progress'], to: 'accepted', roles: ['handler', 'dept_manager'] }],
  resolve: [{ from: ['in_progress'], to: 'resolved', roles: ['handler', 'dept_manager'] }],
  verify_pass: [
    { from: ['accepted'], to: 'closed', roles: ['dispatcher'], kind: 'pickup' },
    { from: ['resolved'], to: 'closed', roles: ['dispatcher', 'inspector'] },
  ],
  verify_fail: [{ from: ['resolved'], to: 'in_progress', roles: ['dispatcher', 'inspector'] }],
  reopen: [{ from: ['closed'], to: 'dispatched', roles: ['dispatcher'] }],
};

export const CASE_ACTION_LABELS: Record<CaseAction, string> = {
  accept: '受理',
  reject: '不予受理',
  merge: '合并',
  dispatch: '派遣',
  claim: '接单',
  return: '退单',
  resolve: '处置完毕',
  verify_pass: '核查结案',
  verify_fail: '返工',
  reopen: '重新派遣',
};

function findRule(from: CaseStatus, action: CaseAction, kind: ReportKind): TransitionRule | undefined {
  return RULES[action].find((r) => r.from.includes(from) && (r.kind === undefined || r.kind === kind));
}

/** The state a move leads to, or null when the move is not allowed from `from`. */
export function nextStatus(from: CaseStatus, action: CaseAction, kind: ReportKind): CaseStatus | null {
  return findRule(from, action, kind)?.to ?? null;
}

/** Who may perform an action at all (from any state). */
export function rolesForAction(action: CaseAction): readonly CaseActor[] {
  return [...new Set(RULES[action].flatMap((r) => r.roles))];
}

/** Whether one of `roles` may perform `action` from `from` on a case of `kind`. */
export function roleMayPerform(roles: readonly CaseActor[], from: CaseStatus, action: CaseAction, kind: ReportKind): boolean {
  const rule = findRule(from, action, kind);
  return rule !== undefined && roles.some((r) => rule.roles.includes(r));
}

/** Actions that holders of `roles` can take on a case in `status`. */
export function availableActions(status: CaseStatus, kind: ReportKind, roles: readonly CaseActor[]): CaseAction[] {
  return CASE_ACTIONS.filter((a) => roleMayPerform(roles, status, a, kind));
}

/** Actions that must be done by a member of the case's department (docs/domain.md §5 "handlers only on their own department's cases"). */
export const DEPARTMENT_SCOPED_ACTIONS: readonly CaseAction[] = ['claim', 'return', 'resolve'];

export type TransitionCheck = { ok: true; to: CaseStatus } | { ok: false; code: 'CASE_TRANSITION_NOT_ALLOWED' | 'CASE_ROLE_NOT_ALLOWED' };

/** Checks state before role, so that a stale screen gets "state changed" rather than "forbidden". */
export function checkTransition(from: CaseStatus, action: CaseAction, kind: ReportKind, roles: readonly CaseActor[]): TransitionCheck {
  const rule = findRule(from, action, kind);
  if (!rule) {
    const anyRoleCould = rolesForAction(action).some((r) => roles.includes(r));
    return { ok: false, code: anyRoleCould ? 'CASE_TRANSITION_NOT_ALLOWED' : 'CASE_ROLE_NOT_ALLOWED' };
  }
  if (!roles.some((r) => rule.roles.includes(r))) return { ok: false, code: 'CASE_ROLE_NOT_ALLOWED' };
  return { ok: true, to: rule.to };
}
