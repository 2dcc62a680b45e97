import type { UserDto } from '@sansui/shared';
import { storage } from '../lib/storage';

/**
 * 当前登录的是谁（登录接口回答的 user）。绑定了工作人员账号的微信用户，
 * 每次登录拿到的都是工作人员的 token 和角色（docs/domain.md §14），工作台据此显示菜单。
 */
const KEY = 'user';
let cached: UserDto | null | undefined;

export function getSessionUser(): UserDto | null {
  if (cached === undefined) cached = storage.get<UserDto>(KEY) ?? null;
  return cached;
}

export function setSessionUser(user: UserDto | null): void {
  cached = user;
  if (user) storage.set(KEY, user);
  else storage.remove(KEY);
}

export function isStaff(user: UserDto | null = getSessionUser()): boolean {
  return user?.kind === 'staff';
}
