import type { AdminUserDto, UserDto } from '@sansui/shared';
import type { User } from './user.entity';

/** 'oAbCd…' → 'oAbC****wxyz': enough to tell two residents apart, not enough to reuse. */
export function maskOpenid(openid: string | null): string | undefined {
  if (!openid) return undefined;
  if (openid.startsWith('deleted:')) return '已注销';
  if (openid.length <= 8) return '****';
  return `${openid.slice(0, 4)}****${openid.slice(-4)}`;
}

export function maskPhone(phone: string | null): string | null {
  if (!phone) return null;
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

export function toUserDto(u: User): UserDto {
  return {
    id: u.id,
    kind: u.kind,
    displayName: u.displayName,
    roles: u.roles,
    departmentId: u.departmentId,
    ...(u.kind === 'staff' && u.username ? { username: u.username } : {}),
    ...(u.kind === 'resident' ? { openidMasked: maskOpenid(u.openid) } : {}),
  };
}

export function toAdminUserDto(u: User): AdminUserDto {
  return {
    ...toUserDto(u),
    active: u.active,
    phoneMasked: maskPhone(u.phone),
    wecomUserId: u.wecomUserId ?? null,
    lastLoginAt: u.lastLoginAt ? u.lastLoginAt.toISOString() : null,
    createdAt: u.createdAt.toISOString(),
    deletedAt: u.deletedAt ? u.deletedAt.toISOString() : null,
  };
}

/** '居民' + the last four digits of the id: residents' default name. */
export function residentDisplayName(id: number): string {
  return `居民${String(id).padStart(4, '0').slice(-4)}`;
}
