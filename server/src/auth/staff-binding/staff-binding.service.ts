import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { StaffBindCodeDto, StaffWechatBindingDto } from '@sansui/shared';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import type { AuthUser } from '../../common/auth/auth-user';
import { StaffBindingStatusCache } from '../../common/auth/staff-binding-status.cache';
import { AppException } from '../../common/errors/app-exception';
import { Transactions } from '../../database/transactions';
import type { User } from '../../users/user.entity';
import { UserRepository } from '../../users/user.repository';
import { BIND_CODE_VALID_MS, bindCodeHash, newBindCode } from './bind-code';
import { StaffBindCode } from './staff-bind-code.entity';
import { StaffWechatBinding } from './staff-wechat-binding.entity';

export interface ActiveStaffBinding {
  binding: StaffWechatBinding;
  user: User;
}

/** Staff on the phone (docs/domain.md §14): one-time bind codes, WeChat user ↔ staff account bindings, unbinding. */
@Injectable()
export class StaffBindingService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: Transactions,
    private readonly audit: AuditService,
    private readonly status: StaffBindingStatusCache,
    private readonly users: UserRepository,
  ) {}

  onModuleInit(): void {
    this.status.loadWith(async (bindingId) => {
      const row = await this.db
        .getRepository(StaffWechatBinding)
        .findOne({ where: { id: bindingId }, select: { id: true, activeUserId: true } });
      return !!row && row.activeUserId !== null;
    });
  }

  /** A new one-time code for an active staff account; earlier unused codes of that account stop working. */
  async createCode(admin: AuthUser, userId: number): Promise<StaffBindCodeDto> {
    const code = newBindCode();
    const expiresAt = new Date(Date.now() + BIND_CODE_VALID_MS);
    await this.tx.run(async (em) => {
      const user = await this.staffAccount(em, userId);
      await this.revokeUnused(em, userId);
      await em.getRepository(StaffBindCode).insert({
        userId,
        codeHash: bindCodeHash(code),
        expiresAt,
        usedAt: null,
        revokedAt: null,
        createdByUserId: admin.id,
      });
      await this.audit.record(em, {
        actorUserId: admin.id,
        action: 'staff.bind_code_created',
        targetType: 'user',
        targetId: user.id,
        data: { username: user.username, expiresAt: expiresAt.toISOString() },
      });
    });
    return { userId, code, expiresAt: expiresAt.toISOString() };
  }

  /**
   * Uses a bind code for the WeChat user `openid`: the code is spent, any earlier binding of that WeChat
   * user or of the account ends, and the new binding is returned. BIND_CODE_INVALID / _EXPIRED / _USED.
   */
  async bind(openid: string, code: string): Promise<ActiveStaffBinding> {
    try {
      const { result, ended } = await this.tx.run(async (em) => {
        const codes = em.getRepository(StaffBindCode);
        const row = await codes.findOne({ where: { codeHash: bindCodeHash(code) }, ...this.tx.forUpdate() });
        if (!row) throw new AppException('BIND_CODE_INVALID');
        if (row.usedAt) throw new AppException('BIND_CODE_USED');
        if (row.revokedAt) throw new AppException('BIND_CODE_EXPIRED', '绑定码已被新的绑定码取代或已作废，请使用最新的绑定码');
        if (row.expiresAt.getTime() <= Date.now()) throw new AppException('BIND_CODE_EXPIRED');
        const user = await this.staffAccount(em, row.userId);
        const now = new Date();
        const spent = await codes
          .createQueryBuilder()
          .update(StaffBindCode)
          .set({ usedAt: now })
          .where({ id: row.id, usedAt: IsNull() })
          .execute();
        if (spent.affected !== undefined && spent.affected !== 1) throw new AppException('BIND_CODE_USED');
        const ended = [
          ...(await this.end(em, { activeOpenid: openid }, 'replaced', user.id)),
          ...(await this.end(em, { activeUserId: user.id }, 'replaced', user.id)),
        ];
        const bindings = em.getRepository(StaffWechatBinding);
        const binding = await bindings.save(
          bindings.create({
            userId: user.id,
            openid,
            activeOpenid: openid,
            activeUserId: user.id,
            bindCodeId: row.id,
            endedAt: null,
            endReason: null,
            endedByUserId: null,
          }),
        );
        await this.audit.record(em, {
          actorUserId: user.id,
          actorName: user.displayName,
          action: 'staff.wechat_bound',
          targetType: 'user',
          targetId: user.id,
          data: { bindingId: binding.id, bindCodeId: row.id, replacedBindingIds: ended },
        });
        return { result: { binding, user }, ended };
      });
      ended.forEach((id) => this.status.forget(id));
      return result;
    } catch (e) {
      if (e instanceof AppException && e.code.startsWith('BIND_CODE_'))
        await this.audit.recordAlone({
          actorUserId: null,
          action: 'staff.wechat_bind_failed',
          targetType: 'user',
          data: { reason: e.code },
        });
      throw e;
    }
  }

  /** The active binding of a WeChat user, with its staff account; null when there is none. */
  async activeFor(openid: string): Promise<ActiveStaffBinding | null> {
    const binding = await this.db.getRepository(StaffWechatBinding).findOne({ where: { activeOpenid: openid } });
    if (!binding) return null;
    const user = await this.users.byId(this.db.manager, binding.userId);
    return user ? { binding, user } : null;
  }

  /** Admin: ends the account's WeChat binding (tokens issued through it stop working) and voids unused codes. */
  async unbind(admin: AuthUser, userId: number): Promise<void> {
    const ended = await this.tx.run(async (em) => {
      const ids = await this.end(em, { activeUserId: userId }, 'unbound', admin.id);
      if (ids.length === 0) throw new AppException('BINDING_NOT_FOUND');
      await this.revokeUnused(em, userId);
      await this.audit.record(em, {
        actorUserId: admin.id,
        action: 'staff.wechat_unbound',
        targetType: 'user',
        targetId: userId,
        data: { bindingIds: ids },
      });
      return ids;
    });
    ended.forEach((id) => this.status.forget(id));
  }

  /** Admin: the active bindings, for the staff page. */
  async listActive(): Promise<StaffWechatBindingDto[]> {
    const rows = await this.db
      .getRepository(StaffWechatBinding)
      .createQueryBuilder('b')
      .where('b.activeUserId IS NOT NULL')
      .orderBy('b.userId', 'ASC')
      .getMany();
    return rows.map((b) => ({ userId: b.userId, boundAt: b.boundAt.toISOString() }));
  }

  private async staffAccount(em: EntityManager, userId: number): Promise<User> {
    const user = await this.users.byId(em, userId);
    if (!user) throw new AppException('USER_NOT_FOUND');
    if (user.kind !== 'staff') throw new AppException('STAFF_ONLY');
    if (!user.active || user.deletedAt) throw new AppException('ACCOUNT_DISABLED');
    return user;
  }

  private async revokeUnused(em: EntityManager, userId: number): Promise<void> {
    await em
      .createQueryBuilder()
      .update(StaffBindCode)
      .set({ revokedAt: new Date() })
      .where({ userId, usedAt: IsNull(), revokedAt: IsNull() })
      .execute();
  }

  /** Ends the active bindings matching `where`; returns their ids (the caller forgets them in the status cache after commit). */
  private async end(
    em: EntityManager,
    where: { activeOpenid: string } | { activeUserId: number },
    reason: 'unbound' | 'replaced',
    byUserId: number,
  ): Promise<number[]> {
    const repo = em.getRepository(StaffWechatBinding);
    const rows = await repo.find({ where, ...this.tx.forUpdate() });
    for (const b of rows) {
      await repo.update(
        { id: b.id },
        { activeOpenid: null, activeUserId: null, endedAt: new Date(), endReason: reason, endedByUserId: byUserId },
      );
    }
    return rows.map((b) => b.id);
  }
}
