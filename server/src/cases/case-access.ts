import { DEPARTMENT_SCOPED_ACTIONS, availableActions, type CaseAction } from '@sansui/shared';
import type { AuthUser } from '../common/auth/auth-user';
import type { Case } from './case.entity';

/** Roles that see every case (dispatchers, inspectors in the field, auditors read-only, admins). */
const CITY_WIDE_ROLES = ['dispatcher', 'inspector', 'auditor', 'admin'] as const;
/** Roles that see their own department's cases only. */
const DEPARTMENT_ROLES = ['handler', 'dept_manager'] as const;

/** Who reads which cases: handlers and department managers their department's, the city-wide roles all. */
export function caseScope(user: AuthUser): { all: true } | { departmentId: number } | null {
  if (user.kind !== 'staff') return null;
  if (user.roles.some((r) => (CITY_WIDE_ROLES as readonly string[]).includes(r))) return { all: true };
  if (user.roles.some((r) => (DEPARTMENT_ROLES as readonly string[]).includes(r)) && user.departmentId !== null)
    return { departmentId: user.departmentId };
  return null;
}

/** A case the caller cannot see answers 404 (its existence is not revealed). */
export function canSeeCase(user: AuthUser, c: Pick<Case, 'departmentId'>): boolean {
  const scope = caseScope(user);
  if (!scope) return false;
  return 'all' in scope || c.departmentId === scope.departmentId;
}

export function inCaseDepartment(user: AuthUser, c: Pick<Case, 'departmentId'>): boolean {
  return user.departmentId !== null && c.departmentId === user.departmentId;
}

/** The §5 actions the caller may take now: the machine's answer, minus department-scoped ones on another department's case. */
export function actionsFor(user: AuthUser, c: Pick<Case, 'status' | 'kind' | 'departmentId'>): CaseAction[] {
  if (!canSeeCase(user, c)) return [];
  return availableActions(c.status, c.kind, user.roles).filter((a) => !DEPARTMENT_SCOPED_ACTIONS.includes(a) || inCaseDepartment(user, c));
}

/** 延期申请: the case's department (handler or manager) while the clock runs. */
export function mayRequestExtension(user: AuthUser, c: Pick<Case, 'status' | 'departmentId'>): boolean {
  return (
    user.roles.some((r) => r === 'handler' || r === 'dept_manager') &&
    inCaseDepartment(user, c) &&
    (c.status === 'dispatched' || c.status === 'in_progress')
  );
}

/** 改派: the case's department manager, or a dispatcher / admin, while a handler works it (处置中). */
export function mayReassign(user: AuthUser, c: Pick<Case, 'status' | 'departmentId'>): boolean {
  return c.status === 'in_progress' && reassignRole(user, c) !== null;
}

/** The role a caller reassigns in, whatever the state: dispatcher / admin anywhere, dept_manager on their department's cases. */
export function reassignRole(user: AuthUser, c: Pick<Case, 'departmentId'>): 'dispatcher' | 'admin' | 'dept_manager' | null {
  if (user.kind !== 'staff') return null;
  if (user.roles.includes('dispatcher')) return 'dispatcher';
  if (user.roles.includes('admin')) return 'admin';
  if (user.roles.includes('dept_manager') && inCaseDepartment(user, c)) return 'dept_manager';
  return null;
}
