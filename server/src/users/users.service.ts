import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isRole, STAFF_ROLES, type AdminUserDto, type Page, type Role, type UserDto } from '@sansui/shared';
import bcrypt from 'bcryptjs';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth/auth-user';
import { AccountDeletionHooks } from './account-deletion-hooks';
import { UserStatusCache } from '../common/auth/user-status.cache';
import { AppException } from '../common/errors/app-exception';
import { Transactions } from '../database/transactions';
import { isUniqueViolation } from '../database/unique-violation';
import { DepartmentsService } from '../departments/departments.service';
import type { WechatSession } from '../wechat/login/wechat-login.client';
import { PhoneNumberClient } from '../wechat/phone/phone-number.client';
import { WechatApiError } from '../wechat/wechat-http';
import type { CreateStaffDto, UpdateUserDto, UserListQueryDto } from './dto/users.dto';
import { User } from './user.entity';
import { maskPhone, residentDisplayName, toAdminUserDto, toUserDto } from './user-view';

export const BCRYPT_ROUNDS = 10;

export interface CreateStaffInput {
  username: string;
  password: string;
  /** bcrypt of `password` when already known (the demo accounts' precomputed hash); else it is hashed here. */
  passwordHash?: string;
  displayName: string;
  roles: Role[];
  departmentId?: number | null;
  phone?: string | null;
  wecomUserId?: string | null;
}

const DEPARTMENT_ROLES: Role[] = ['handler', 'dept_manager'];

/** Residents and staff accounts: creation, the caller's own account, 注销, and staff management by admins. */
@Injectable()
export class UsersService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: Transactions,
    private readonly audit: AuditService,
    private readonly userStatus: UserStatusCache,
    private readonly phones: PhoneNumberClient,
    private readonly deletionHooks: AccountDeletionHooks,
    private readonly departments: DepartmentsService,
  ) {}

  onModuleInit(): void {
    this.userStatus.loadWith(async (userId) => {
      const user = await this.db.getRepository(User).findOne({
        where: { id: userId },
        select: { id: true, active: true, deletedAt: true, roles: true, departmentId: true, credentialVersion: true },
      });
      return {
        status: !user ? 'missing' : user.deletedAt ? 'deleted' : user.active ? 'active' : 'disabled',
        roles: (user?.roles ?? []).filter(isRole),
        departmentId: user?.departmentId ?? null,
        credentialVersion: user?.credentialVersion ?? 0,
      };
    });
  }

  /**
   * Creates a staff account (the demo data calls this for the demo staff). Pass `em` to create it
   * inside an outer transaction. Throws USERNAME_TAKEN, ROLES_INVALID, DEPARTMENT_REQUIRED, DEPARTMENT_NOT_FOUND.
   */
  async createStaff(input: CreateStaffInput, em?: EntityManager): Promise<User> {
    const work = async (m: EntityManager) => {
      this.checkRoles(input.roles, input.departmentId ?? null);
      await this.checkDepartment(m, input.departmentId ?? null);
      const repo = m.getRepository(User);
      if (await repo.exists({ where: { username: input.username } })) throw new AppException('USERNAME_TAKEN');
      const user = repo.create({
        kind: 'staff',
        openid: null,
        unionid: null,
        sessionKey: null,
        username: input.username,
        passwordHash: input.passwordHash ?? (await bcrypt.hash(input.password, BCRYPT_ROUNDS)),
        displayName: input.displayName,
        roles: [...new Set(input.roles)],
        departmentId: input.departmentId ?? null,
        phone: input.phone ?? null,
        wecomUserId: input.wecomUserId || null,
        active: true,
        deletedAt: null,
        lastLoginAt: null,
      });
      return repo.save(user);
    };
    return em ? work(em) : this.tx.run(work);
  }

  /**
   * The resident behind a WeChat session: created on first login (kind resident, roles [resident],
   * name 居民NNNN); the session key is stored and never returned. Safe when two first logins race.
   */
  async loginResident(session: WechatSession): Promise<User> {
    const attempt = () =>
      this.tx.run(async (em) => {
        const repo = em.getRepository(User);
        let user = await repo.findOne({ where: { openid: session.openid } });
        if (!user) {
          user = await repo.save(
            repo.create({
              kind: 'resident',
              openid: session.openid,
              unionid: session.unionid,
              username: null,
              passwordHash: null,
              displayName: '居民',
              roles: ['resident'],
              departmentId: null,
              phone: null,
              active: true,
              deletedAt: null,
            }),
          );
          user.displayName = residentDisplayName(user.id);
        }
        user.lastLoginAt = new Date();
        await repo.update(
          { id: user.id },
          {
            displayName: user.displayName,
            sessionKey: session.sessionKey,
            unionid: session.unionid ?? user.unionid,
            lastLoginAt: user.lastLoginAt,
          },
        );
        return user;
      });
    try {
      return await attempt();
    } catch (e) {
      // Two first logins of one resident at once: the loser hits the unique openid index; the row exists now.
      if (isUniqueViolation(e)) return attempt();
      throw e;
    }
  }

  async findById(id: number): Promise<User | null> {
    return this.db.getRepository(User).findOne({ where: { id } });
  }

  /** For the staff login: the account with its password hash. */
  async findStaffWithHash(username: string): Promise<User | null> {
    return this.db
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.username = :username AND u.kind = :kind', { username, kind: 'staff' })
      .getOne();
  }

  /** A successful staff login: remembers when, and forgets earlier wrong passwords. */
  async touchLogin(id: number): Promise<void> {
    await this.db.getRepository(User).update({ id }, { lastLoginAt: new Date(), loginFailures: 0, loginLockedUntil: null });
  }

  /**
   * A wrong staff password: counts it and, from the LOGIN_BACKOFF_AFTER-th in a row, locks further
   * attempts for 1, 2, 4 … up to 60 minutes. Returns the count and the lock (null while below the threshold).
   */
  async recordLoginFailure(id: number, now = new Date()): Promise<{ failures: number; lockedUntil: Date | null }> {
    const repo = this.db.getRepository(User);
    await repo.increment({ id }, 'loginFailures', 1);
    const row = await repo.findOne({ where: { id }, select: { id: true, loginFailures: true } });
    const failures = row?.loginFailures ?? 1;
    const lockedUntil = loginLockUntil(failures, now);
    if (lockedUntil) await repo.update({ id }, { loginLockedUntil: lockedUntil });
    return { failures, lockedUntil };
  }

  async me(caller: AuthUser): Promise<UserDto> {
    const user = await this.findById(caller.id);
    if (!user) throw new AppException('USER_NOT_FOUND');
    return toUserDto(user);
  }

  /**
   * 注销 (account deletion by the resident): personal data is anonymised — openid becomes
   * `deleted:<id>`, unionid, session key and phone are cleared, the name becomes 已注销用户 —
   * while reports, cases and reward/money records stay. Pending notifications and subscription
   * grants are dropped. Existing tokens stop working at once.
   */
  async deleteMe(caller: AuthUser): Promise<void> {
    if (caller.kind !== 'resident') throw new AppException('RESIDENT_ONLY');
    await this.tx.run(async (em) => {
      await this.audit.lockChain(em); // the rewards listener locks campaigns before this transaction's audit entry
      const repo = em.getRepository(User);
      const user = await repo.findOne({ where: { id: caller.id }, ...this.tx.forUpdate() });
      if (!user || user.deletedAt) throw new AppException('ACCOUNT_DELETED');
      await repo.update(
        { id: user.id },
        {
          openid: `deleted:${user.id}`,
          unionid: null,
          sessionKey: null,
          phone: null,
          displayName: '已注销用户',
          deletedAt: new Date(),
          active: false,
        },
      );
      await this.deletionHooks.emit(em, user.id);
      await this.audit.record(em, {
        actorUserId: user.id,
        actorName: user.displayName,
        action: 'resident.delete',
        targetType: 'user',
        targetId: user.id,
        data: null,
      });
    });
    this.userStatus.forget(caller.id);
  }

  /** Stores the resident's phone number from a getPhoneNumber button code (WeChat charges per call). */
  async bindPhone(caller: AuthUser, code: string): Promise<{ phoneMasked: string | null }> {
    if (caller.kind !== 'resident') throw new AppException('RESIDENT_ONLY', '仅居民账号可以绑定微信手机号');
    let phone: string;
    try {
      phone = (await this.phones.phoneNumber(code)).purePhoneNumber;
    } catch (e) {
      throw new AppException(e instanceof WechatApiError && e.errcode === 40029 ? 'WECHAT_CODE_INVALID' : 'WECHAT_UNAVAILABLE');
    }
    if (!/^\d{5,20}$/.test(phone)) throw new AppException('WECHAT_UNAVAILABLE');
    await this.db.getRepository(User).update({ id: caller.id }, { phone });
    return { phoneMasked: maskPhone(phone) };
  }

  async list(q: UserListQueryDto): Promise<Page<AdminUserDto>> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const qb = this.db.getRepository(User).createQueryBuilder('u');
    if (q.kind) qb.andWhere('u.kind = :kind', { kind: q.kind });
    if (q.departmentId) qb.andWhere('u.departmentId = :dept', { dept: q.departmentId });
    // roles is a JSON array stored as text on both databases: match the quoted role name.
    if (q.role) qb.andWhere('u.roles LIKE :role', { role: `%"${q.role}"%` });
    if (q.q)
      qb.andWhere("(u.username LIKE :q ESCAPE '!' OR u.displayName LIKE :q ESCAPE '!')", {
        q: `%${q.q.replace(/[%_!]/g, (c) => `!${c}`)}%`,
      });
    const [rows, total] = await qb
      .orderBy('u.id', 'ASC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { items: rows.map(toAdminUserDto), total, page, pageSize };
  }

  async create(actor: AuthUser, dto: CreateStaffDto): Promise<AdminUserDto> {
    const user = await this.tx.run(async (em) => {
      const created = await this.createStaff(dto, em);
      await this.audit.record(em, {
        actorUserId: actor.id,
        action: 'user.create',
        targetType: 'user',
        targetId: created.id,
        data: { username: created.username, roles: created.roles, departmentId: created.departmentId },
      });
      return created;
    });
    return toAdminUserDto(user);
  }

  async update(actor: AuthUser, id: number, dto: UpdateUserDto): Promise<AdminUserDto> {
    const user = await this.tx.run(async (em) => {
      const repo = em.getRepository(User);
      const target = await repo.findOne({ where: { id }, ...this.tx.forUpdate() });
      if (!target) throw new AppException('USER_NOT_FOUND');
      if (target.kind !== 'staff') throw new AppException('STAFF_ONLY');
      if (target.id === actor.id && (dto.active === false || (dto.roles && !dto.roles.includes('admin'))))
        throw new AppException('CANNOT_DISABLE_SELF');
      const roles = dto.roles ? [...new Set(dto.roles)] : target.roles;
      const departmentId = dto.departmentId !== undefined ? dto.departmentId : target.departmentId;
      this.checkRoles(roles, departmentId);
      if (dto.departmentId !== undefined) await this.checkDepartment(em, departmentId);
      const changes: Partial<User> = {};
      if (dto.roles) changes.roles = roles;
      if (dto.departmentId !== undefined) changes.departmentId = departmentId;
      if (dto.active !== undefined) changes.active = dto.active;
      if (dto.displayName !== undefined) changes.displayName = dto.displayName;
      if (dto.wecomUserId !== undefined) changes.wecomUserId = dto.wecomUserId || null;
      if (dto.password !== undefined) changes.passwordHash = await bcrypt.hash(dto.password, BCRYPT_ROUNDS);
      // Which fields changed, never the password itself.
      const audited = { ...changes, ...(changes.passwordHash ? { passwordHash: undefined, passwordReset: true } : {}) };
      if (endsSessions(target, changes)) changes.credentialVersion = target.credentialVersion + 1;
      if (changes.passwordHash) Object.assign(changes, { loginFailures: 0, loginLockedUntil: null });
      if (Object.keys(changes).length) await repo.update({ id }, changes);
      await this.audit.record(em, {
        actorUserId: actor.id,
        action: 'user.update',
        targetType: 'user',
        targetId: id,
        data: audited,
      });
      return repo.findOneOrFail({ where: { id } });
    });
    this.userStatus.forget(id);
    return toAdminUserDto(user);
  }

  private checkRoles(roles: Role[], departmentId: number | null): void {
    if (roles.length === 0 || !roles.every((r) => isRole(r) && (STAFF_ROLES as readonly string[]).includes(r)))
      throw new AppException('ROLES_INVALID');
    if (roles.some((r) => DEPARTMENT_ROLES.includes(r)) && !departmentId) throw new AppException('DEPARTMENT_REQUIRED');
  }

  private async checkDepartment(em: EntityManager, departmentId: number | null): Promise<void> {
    if (departmentId === null) return;
    if (!(await this.departments.exists(em, departmentId))) throw new AppException('DEPARTMENT_NOT_FOUND');
  }
}

/** A password reset, disabling the account or a change of roles ends the sessions (tokens) issued before. */
function endsSessions(before: User, changes: Partial<User>): boolean {
  const rolesChanged = changes.roles !== undefined && [...changes.roles].sort().join(',') !== [...before.roles].sort().join(',');
  return changes.passwordHash !== undefined || (changes.active === false && before.active) || rolesChanged;
}

/** Wrong passwords in a row before the staff login backs off. */
export const LOGIN_BACKOFF_AFTER = 5;

/** Until when a staff login is locked after `failures` wrong passwords in a row: 1, 2, 4 … 60 minutes. */
export function loginLockUntil(failures: number, now: Date): Date | null {
  if (failures < LOGIN_BACKOFF_AFTER) return null;
  const minutes = Math.min(2 ** (failures - LOGIN_BACKOFF_AFTER), 60);
  return new Date(now.getTime() + minutes * 60_000);
}
