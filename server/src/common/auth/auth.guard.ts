import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@sansui/shared';
import { AppException } from '../errors/app-exception';
import type { AuthUser } from './auth-user';
import { IS_PUBLIC, ROLES_KEY } from './decorators';
import { StaffBindingStatusCache } from './staff-binding-status.cache';
import { TokenService, type VerifiedToken } from './token.service';
import { UserStatusCache } from './user-status.cache';

/**
 * Global guard: every route needs a valid bearer token unless marked @Public(); @Roles() narrows it.
 * The token only names the user: roles and department come from the users table (through a short
 * cache), so an admin's change of roles, department or status applies to tokens already issued.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly userStatus: UserStatusCache,
    private readonly bindings: StaffBindingStatusCache,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets);
    const req = context.switchToHttp().getRequest();
    const header: string | undefined = req.headers?.authorization;
    if (!header) {
      if (isPublic) return true;
      throw new AppException('UNAUTHENTICATED');
    }
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      if (isPublic) return true;
      throw new AppException('TOKEN_INVALID');
    }
    let token: VerifiedToken;
    try {
      token = this.tokens.verify(match[1]);
    } catch (e) {
      if (isPublic) return true;
      throw e;
    }
    const current = await this.userStatus.current(token.user.id);
    if (current.status !== 'active' || current.credentialVersion !== token.credentialVersion) {
      if (isPublic) return true;
      throw new AppException(current.status === 'deleted' ? 'ACCOUNT_DELETED' : 'TOKEN_INVALID');
    }
    if (token.user.bindingId !== undefined && !(await this.bindings.isActive(token.user.bindingId))) {
      if (isPublic) return true;
      throw new AppException('TOKEN_INVALID');
    }
    const user: AuthUser = { ...token.user, roles: current.roles, departmentId: current.departmentId };
    req.user = user;
    if (isPublic) return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !user.roles.some((r) => roles.includes(r))) throw new AppException('FORBIDDEN');
    return true;
  }
}
