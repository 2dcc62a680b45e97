import type { Role } from '@sansui/shared';

/** The caller, as carried in the JWT and attached to the request by JwtAuthGuard. */
export interface AuthUser {
  id: number;
  kind: 'resident' | 'staff';
  roles: Role[];
  departmentId: number | null;
  /** Set when the token was issued through a staff WeChat binding: the token dies with the binding. */
  bindingId?: number;
}

export function hasRole(user: AuthUser, ...roles: Role[]): boolean {
  return user.roles.some((r) => roles.includes(r));
}
