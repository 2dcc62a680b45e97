import type { Role } from '@sansui/shared';
import type { AuthUser } from '../common/auth/auth-user';
import { hasRole } from '../common/auth/auth-user';
import type { KpiScope } from './department-kpis.service';

/** Who may read KPIs, grid statistics and trends. */
export const KPI_ROLES: Role[] = ['dispatcher', 'dept_manager', 'auditor', 'admin'];

/** City-wide roles see every department; a department manager only their own. */
export function kpiScope(user: AuthUser): KpiScope {
  if (hasRole(user, 'dispatcher', 'auditor', 'admin')) return {};
  return { departmentId: user.departmentId ?? -1 };
}
