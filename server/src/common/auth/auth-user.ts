import type { Role } from '@sansui/shared';

/** The caller, as carried in the JWT and attached to the request by JwtAuthGuard. */
export interface AuthUser {
  id: number;
  kind: 'resident' | 'staff';
  roles: Role[];
  departmentId: number | null;
}

export function hasRole(user: AuthUser, ...roles: Role[]): boolean {
  return user.roles.some((r) => roles.includes(r));
}
