import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@sansui/shared';
import { AppException } from '../errors/app-exception';
import type { AuthUser } from './auth-user';
import { IS_PUBLIC, ROLES_KEY } from './decorators';
import { StaffBindingStatusCache } from './staff-binding-status.cache';
import { TokenService, type VerifiedToken } from './token.service';
import { UserStatusCache } from './user-status.cache';

interface RouteRules {
  isPublic: boolean;
  roles: Role[] | undefined;
}

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

  /** @Public() and @Roles() of each controller class and handler, read once: decorators do not change after boot. */
  private readonly rules = new WeakMap<object, WeakMap<object, RouteRules>>();

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const { isPublic, roles } = this.rulesOf(context);
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
    if (roles && !user.roles.some((r) => roles.includes(r))) throw new AppException('FORBIDDEN');
    return true;
  }

  private rulesOf(context: ExecutionContext): RouteRules {
    const handler = context.getHandler();
    const controller = context.getClass();
    let ofController = this.rules.get(controller);
    if (!ofController) this.rules.set(controller, (ofController = new WeakMap()));
    let rules = ofController.get(handler);
    if (!rules) {
      const targets = [handler, controller];
      rules = {
        isPublic: this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, targets) === true,
        roles: this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets),
      };
      ofController.set(handler, rules);
    }
    return rules;
  }
}
