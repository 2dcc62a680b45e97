import { Injectable } from '@nestjs/common';
import type { LoginResponse } from '@sansui/shared';
import bcrypt from 'bcryptjs';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth/auth-user';
import { TokenService } from '../common/auth/token.service';
import { AppException } from '../common/errors/app-exception';
import type { User } from '../users/user.entity';
import { toUserDto } from '../users/user-view';
import { UsersService } from '../users/users.service';
import { WechatLoginClient } from '../wechat/login/wechat-login.client';
import type { StaffLoginDto } from './dto/auth.dto';
import { StaffBindingService } from './staff-binding/staff-binding.service';

/**
 * Compared against when the username is unknown, so both failures take the same time: a bcrypt hash of
 * cost BCRYPT_ROUNDS (10), written out rather than computed at every boot.
 */
const DUMMY_HASH = '$2b$10$WO2D69HSS54I1YVfFcEZFOH1ZbJ6F9JlkgqSd4IK8y.iFghH0WTIK';

/** Logins: residents through WeChat (jscode2session), staff with username and password. */
@Injectable()
export class AuthService {
  constructor(
    private readonly wechat: WechatLoginClient,
    private readonly users: UsersService,
    private readonly tokens: TokenService,
    private readonly audit: AuditService,
    private readonly bindings: StaffBindingService,
  ) {}

  /**
   * WeChat login. With `bindCode` the WeChat user is bound to that staff account first (docs/domain.md §14); a
   * WeChat user with an active binding gets the staff account's token; anyone else logs in as a resident.
   */
  async wechatLogin(code: string, bindCode?: string): Promise<LoginResponse> {
    const session = await this.wechat.code2session(code);
    const staff = bindCode ? await this.bindings.bind(session.openid, bindCode) : await this.bindings.activeFor(session.openid);
    if (staff) {
      const { user, binding } = staff;
      if (!user.active || user.deletedAt) throw new AppException('ACCOUNT_DISABLED');
      await this.users.touchLogin(user.id);
      await this.audit.recordAlone({
        actorUserId: user.id,
        actorName: user.displayName,
        action: 'staff.login',
        targetType: 'user',
        targetId: user.id,
        data: { username: user.username, via: 'wechat', bindingId: binding.id },
      });
      return this.respond(user, binding.id);
    }
    const user = await this.users.loginResident(session);
    if (!user.active) throw new AppException('ACCOUNT_DISABLED');
    return this.respond(user);
  }

  /** Unknown user and wrong password get the same answer (LOGIN_FAILED); a disabled account is named only after the right password. */
  async staffLogin(dto: StaffLoginDto, ip: string | null): Promise<LoginResponse> {
    const user = await this.users.findStaffWithHash(dto.username);
    const now = new Date();
    if (user?.loginLockedUntil && user.loginLockedUntil > now) {
      // Locked after repeated wrong passwords: the password is not even compared, so guessing stops here.
      await this.audit.recordAlone({
        actorUserId: user.id,
        actorName: null,
        action: 'staff.login_locked',
        targetType: 'user',
        targetId: user.id,
        data: { username: user.username, ip, lockedUntil: user.loginLockedUntil.toISOString() },
      });
      throw lockedError(user.loginLockedUntil, now);
    }
    const ok = await bcrypt.compare(dto.password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !user.passwordHash || !ok) {
      const backoff = user ? await this.users.recordLoginFailure(user.id, now) : null;
      await this.audit.recordAlone({
        actorUserId: user?.id ?? null,
        actorName: null,
        action: 'staff.login_failed',
        targetType: 'user',
        targetId: user?.id ?? null,
        data: {
          username: dto.username.slice(0, 64),
          ip,
          ...(backoff ? { failures: backoff.failures, lockedUntil: backoff.lockedUntil?.toISOString() ?? null } : {}),
        },
      });
      throw new AppException('LOGIN_FAILED');
    }
    if (!user.active || user.deletedAt) {
      await this.audit.recordAlone({
        actorUserId: user.id,
        actorName: user.displayName,
        action: 'staff.login_failed',
        targetType: 'user',
        targetId: user.id,
        data: { username: user.username, ip, reason: 'disabled' },
      });
      throw new AppException('ACCOUNT_DISABLED');
    }
    await this.users.touchLogin(user.id);
    await this.audit.recordAlone({
      actorUserId: user.id,
      actorName: user.displayName,
      action: 'staff.login',
      targetType: 'user',
      targetId: user.id,
      data: { username: user.username, ip },
    });
    return this.respond(user);
  }

  private respond(user: User, bindingId?: number): LoginResponse {
    const auth: AuthUser = { id: user.id, kind: user.kind, roles: user.roles, departmentId: user.departmentId };
    if (bindingId !== undefined) auth.bindingId = bindingId;
    return { token: this.tokens.issue(auth, user.credentialVersion), user: toUserDto(user) };
  }
}

function lockedError(until: Date, now: Date): AppException {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  return new AppException('LOGIN_LOCKED', `密码错误次数过多，账号已暂时锁定，请 ${minutes} 分钟后再试`);
}
