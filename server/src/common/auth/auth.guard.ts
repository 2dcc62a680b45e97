import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@sansui/shared';
import { AppException } from '../errors/app-exception';
import { IS_PUBLIC, ROLES_KEY } from './decorators';
import { TokenService } from './token.service';
import { UserStatusCache } from './user-status.cache';

/**
 * Global guard: every route needs a valid bearer token unless marked @Public(); @Roles() narrows it.
 * Tokens of deactivated staff or deleted residents stop working at once (checked through a short cache).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly userStatus: UserStatusCache,
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
    let user;
    try {
      user = this.tokens.verify(match[1]);
    } catch (e) {
      if (isPublic) return true;
      throw e;
    }
    const status = await this.userStatus.statusOf(user.id);
    if (status !== 'active') {
      if (isPublic) return true;
      throw new AppException(status === 'deleted' ? 'ACCOUNT_DELETED' : 'TOKEN_INVALID');
    }
    req.user = user;
    if (isPublic) return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !user.roles.some((r) => roles.includes(r))) throw new AppException('FORBIDDEN');
    return true;
  }
}
