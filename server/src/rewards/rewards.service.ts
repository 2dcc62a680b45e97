import { Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { MyRewardDto, Page, RewardAdminDto, RewardStatus } from '@sansui/shared';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { type AuthUser, hasRole } from '../common/auth/auth-user';
import { AppException } from '../common/errors/app-exception';
import { Transactions } from '../database/transactions';
import { LedgerService } from '../ledger/ledger.service';
import { OutboxService } from '../notifications/outbox.service';
import { UserRepository } from '../users/user.repository';
import { Campaign } from './campaign.entity';
import type { RewardListQuery } from './dto/reward.dto';
import { Reward } from './reward.entity';
import { notifyReward } from './reward-notify';
import { toMyRewardDto, toRewardAdminDto } from './reward-view';

/** Not paid and no bill open: what a deleted account can no longer receive. */
const VOID_ON_DELETION: RewardStatus[] = ['held', 'cleared', 'proposed', 'approved', 'failed', 'expired'];

/** Rewards as residents and staff see them, and the auditor's hold decisions (release / cancel). */
@Injectable()
export class RewardsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: Transactions,
    private readonly ledger: LedgerService,
    private readonly audit: AuditService,
    private readonly users: UserRepository,
    @Optional() private readonly outbox?: OutboxService,
  ) {}

  async mine(user: AuthUser): Promise<Page<MyRewardDto>> {
    const rows = await this.db.getRepository(Reward).find({ where: { userId: user.id }, order: { id: 'DESC' }, take: 500 });
    const names = await this.campaignNames(rows.map((r) => r.campaignId));
    return {
      items: rows.map((r) => toMyRewardDto(r, names.get(r.campaignId) ?? '')),
      total: rows.length,
      page: 1,
      pageSize: Math.max(rows.length, 1),
    };
  }

  async list(viewer: AuthUser, q: RewardListQuery): Promise<Page<RewardAdminDto>> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 50;
    const [rows, total] = await this.filtered(q)
      .orderBy('r.id', 'DESC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { items: await this.adminViews(viewer, rows), total, page, pageSize };
  }

  /** For exports: every matching reward (capped). */
  async all(viewer: AuthUser, q: RewardListQuery, cap = 50_000): Promise<RewardAdminDto[]> {
    return this.adminViews(viewer, await this.filtered(q).orderBy('r.id', 'ASC').take(cap).getMany());
  }

  async adminViews(viewer: AuthUser, rows: Reward[]): Promise<RewardAdminDto[]> {
    const names = await this.campaignNames(rows.map((r) => r.campaignId));
    const userIds = [...new Set(rows.map((r) => r.userId))];
    const users = await this.users.payeeFacts(this.db.manager, userIds);
    const byId = new Map(users.map((u) => [u.id, u]));
    const unmasked = hasRole(viewer, 'auditor');
    return rows.map((r) => {
      const u = byId.get(r.userId);
      return toRewardAdminDto(
        r,
        {
          campaignName: names.get(r.campaignId) ?? '',
          userDisplayName: u?.displayName ?? '',
          openid: u?.openid ?? null,
          phone: u?.phone ?? null,
        },
        unmasked,
      );
    });
  }

  /** Auditor clears a held reward: held → cleared. */
  release(actor: AuthUser, id: number, note: string): Promise<RewardAdminDto> {
    return this.review(actor, id, note, 'release');
  }

  /** Auditor cancels a held (or cleared) reward; its budget goes back to the campaign. */
  cancel(actor: AuthUser, id: number, note: string): Promise<RewardAdminDto> {
    return this.review(actor, id, note, 'cancel');
  }

  /**
   * 注销 (account deletion): rewards the resident can no longer receive are cancelled and their budget
   * goes back to the campaign. A bill already waiting for the resident's confirmation runs its course.
   * Runs inside the deletion's transaction; locks campaigns before rewards, like the grant.
   */
  async cancelForDeletedAccount(em: EntityManager, userId: number): Promise<void> {
    const repo = em.getRepository(Reward);
    const candidates = await repo.find({ where: { userId, status: In(VOID_ON_DELETION) }, select: { id: true, campaignId: true } });
    const campaignIds = [...new Set(candidates.map((r) => r.campaignId))].sort((a, b) => a - b);
    for (const campaignId of campaignIds) {
      const campaign = await em.getRepository(Campaign).findOneOrFail({ where: { id: campaignId }, ...this.tx.forUpdate() });
      const rewards = await repo.find({
        where: { userId, campaignId, status: In(VOID_ON_DELETION) },
        order: { id: 'ASC' },
        ...this.tx.forUpdate(),
      });
      for (const r of rewards) {
        const from = r.status;
        await repo.update({ id: r.id }, { status: 'cancelled', reviewNote: '居民注销账号，红包作废' });
        campaign.reservedFen -= r.amountFen;
        await em.getRepository(Campaign).update({ id: campaignId }, { reservedFen: campaign.reservedFen });
        await this.ledger.append(em, {
          kind: 'cancelled',
          campaignId,
          rewardId: r.id,
          amountFen: r.amountFen,
          actorUserId: userId,
          note: '居民注销账号',
          dedupeKey: `cancelled:${r.id}`,
        });
        await this.audit.record(em, {
          actorUserId: userId,
          action: 'reward.cancel',
          targetType: 'reward',
          targetId: r.id,
          data: { from, to: 'cancelled', note: 'account deleted', amountFen: r.amountFen },
        });
      }
    }
  }

  private async review(actor: AuthUser, id: number, note: string, what: 'release' | 'cancel'): Promise<RewardAdminDto> {
    const saved = await this.tx.run(async (em) => {
      const repo = em.getRepository(Reward);
      await this.audit.lockChain(em);
      // A cancel returns budget: lock the campaign before the reward, the order the grant takes them in
      // (campaign, then the reporter's rewards with a locking read), so the two do not wait on each other in a circle.
      const campaignId =
        what === 'cancel' ? (await repo.findOne({ where: { id }, select: { id: true, campaignId: true } }))?.campaignId : undefined;
      const campaign = campaignId
        ? await em.getRepository(Campaign).findOneOrFail({ where: { id: campaignId }, ...this.tx.forUpdate() })
        : null;
      const r = await repo.findOne({ where: { id }, ...this.tx.forUpdate() });
      if (!r) throw new AppException('REWARD_NOT_FOUND');
      const allowed = what === 'release' ? ['held'] : ['held', 'cleared'];
      if (!allowed.includes(r.status)) throw new AppException('REWARD_STATE_INVALID');
      // A bill that disagreed with the reward may have paid money: never back into a batch from here.
      if (what === 'release' && r.holdReasons?.some((h) => h.signal === 'BILL_MISMATCH')) throw new AppException('REWARD_BILL_MISMATCH');
      const from = r.status;
      r.status = what === 'release' ? 'cleared' : 'cancelled';
      r.reviewNote = note;
      await repo.save(r);
      if (campaign) await em.getRepository(Campaign).update({ id: campaign.id }, { reservedFen: campaign.reservedFen - r.amountFen });
      await this.ledger.append(em, {
        kind: what === 'release' ? 'released' : 'cancelled',
        campaignId: r.campaignId,
        rewardId: r.id,
        amountFen: r.amountFen,
        actorUserId: actor.id,
        note,
        dedupeKey: `${what === 'release' ? 'released' : 'cancelled'}:${r.id}`,
      });
      await this.audit.record(em, {
        actorUserId: actor.id,
        action: `reward.${what}`,
        targetType: 'reward',
        targetId: r.id,
        data: { from, to: r.status, note, amountFen: r.amountFen },
      });
      if (what === 'release')
        await notifyReward(this.outbox ?? null, em, r.userId, r.amountFen, '审核通过', '红包审核通过，审批后即可领取');
      return r;
    });
    return (await this.adminViews(actor, [saved]))[0];
  }

  private filtered(q: RewardListQuery) {
    const qb = this.db.getRepository(Reward).createQueryBuilder('r');
    if (q.status) qb.andWhere('r.status = :status', { status: q.status });
    if (q.userId) qb.andWhere('r.userId = :userId', { userId: q.userId });
    if (q.categoryCode) qb.andWhere('r.categoryCode = :categoryCode', { categoryCode: q.categoryCode });
    if (q.batchId) qb.andWhere('r.batchId = :batchId', { batchId: q.batchId });
    if (q.from) qb.andWhere('r.createdAt >= :from', { from: q.from });
    if (q.to) qb.andWhere('r.createdAt < :to', { to: q.to });
    return qb;
  }

  private async campaignNames(ids: number[]): Promise<Map<number, string>> {
    const unique = [...new Set(ids)];
    if (!unique.length) return new Map();
    const rows = await this.db.getRepository(Campaign).find({ where: { id: In(unique) }, select: { id: true, name: true } });
    return new Map(rows.map((c) => [c.id, c.name]));
  }
}
