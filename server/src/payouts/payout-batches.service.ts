import { Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  REWARD_STATUSES,
  type Page,
  type PayoutBatchDto,
  type PayoutBatchResponse,
  type ProposeBatchRequest,
  type RewardStatus,
} from '@sansui/shared';
import { DataSource, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { type AuthUser, hasRole } from '../common/auth/auth-user';
import { AppException } from '../common/errors/app-exception';
import { Transactions } from '../database/transactions';
import { OutboxService } from '../notifications/outbox.service';
import { notifyReward } from '../rewards/reward-notify';
import { RewardPayoutReads } from '../rewards/reward-payout-reads';
import { RewardPayoutStates } from '../rewards/reward-payout-states';
import { UserRepository } from '../users/user.repository';
import { approvalRefusal, approvalsRequired } from './batch-rules';
import { PayoutBatch, PayoutBatchApproval } from './payout-batch.entity';
import { PayoutLinesQuery } from './payout-lines.query';

const MAX_BATCH = 5000;

/**
 * Payout batches (docs/domain.md §8): dispatchers or auditors propose cleared rewards; auditors other than the
 * proposer approve (admins never); above the campaign's threshold two distinct approvers are needed.
 * The batch row is locked while approving, and (batchId, userId) is unique, so a double click has one effect.
 */
@Injectable()
export class PayoutBatchesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: Transactions,
    private readonly audit: AuditService,
    private readonly rewardStates: RewardPayoutStates,
    private readonly rewards: RewardPayoutReads,
    private readonly users: UserRepository,
    private readonly lines: PayoutLinesQuery,
    @Optional() private readonly outbox?: OutboxService,
  ) {}

  /**
   * Batches the listed cleared rewards, or every cleared one matching the filter. When the proposer says what
   * they saw (count, total), a selection that changed since (another batch took some, a reward was released)
   * is refused rather than proposed behind their back.
   */
  async propose(actor: AuthUser, req: ProposeBatchRequest = {}): Promise<PayoutBatchResponse> {
    const { rewardIds, expectedCount, expectedTotalFen, ...filter } = req;
    const ids = rewardIds?.length ? rewardIds : await this.lines.ids({ candidates: true }, filter, MAX_BATCH);
    if (!ids.length) throw new AppException('BATCH_EMPTY');
    return this.tx.run(async (em) => {
      const rows = (await this.rewards.lockedUnbatched(em, ids, MAX_BATCH)).filter((r) => r.status === 'cleared' && r.batchId === null);
      const totalFen = rows.reduce((s, r) => s + r.amountFen, 0);
      if (
        (expectedCount !== undefined && expectedCount !== rows.length) ||
        (expectedTotalFen !== undefined && expectedTotalFen !== totalFen)
      )
        throw new AppException('BATCH_SELECTION_CHANGED');
      if (!rows.length) throw new AppException('BATCH_EMPTY');
      const campaigns = await this.rewards.campaignsIn(em, [...new Set(rows.map((r) => r.campaignId))]);
      const batches = em.getRepository(PayoutBatch);
      const batch = await batches.save(
        batches.create({
          status: 'proposed',
          totalFen,
          rewardIds: rows.map((r) => r.id),
          proposedBy: actor.id,
          approvalsRequired: approvalsRequired(
            totalFen,
            campaigns.map((c) => c.approvalThresholdFen),
          ),
          approvedAt: null,
        }),
      );
      await this.rewardStates.addToBatch(em, batch.rewardIds, batch.id);
      await this.audit.record(em, {
        actorUserId: actor.id,
        action: 'payout_batch.propose',
        targetType: 'payout_batch',
        targetId: batch.id,
        data: {
          totalFen,
          rewardIds: batch.rewardIds,
          approvalsRequired: batch.approvalsRequired,
          ...(rewardIds?.length ? {} : { filter }),
        },
      });
      return { id: batch.id, totalFen, rewardIds: batch.rewardIds };
    });
  }

  async approve(actor: AuthUser, id: number): Promise<PayoutBatchDto> {
    if (hasRole(actor, 'admin')) throw new AppException('ADMIN_CANNOT_APPROVE');
    if (!hasRole(actor, 'auditor')) throw new AppException('BATCH_ROLE_NOT_ALLOWED');
    await this.tx.run(async (em) => {
      const batches = em.getRepository(PayoutBatch);
      const batch = await batches.findOne({ where: { id }, ...this.tx.forUpdate() });
      if (!batch) throw new AppException('BATCH_NOT_FOUND');
      const refused = approvalRefusal(batch, [], actor.id);
      if (refused) throw new AppException(refused);
      const approvals = em.getRepository(PayoutBatchApproval);
      // Locking reads: on MySQL a plain read could use a snapshot taken before the batch lock was granted.
      const existing = await approvals.find({ where: { batchId: id }, ...this.tx.forUpdate() });
      const again = approvalRefusal(
        batch,
        existing.map((a) => a.userId),
        actor.id,
      );
      if (again) throw new AppException(again);
      await approvals.insert({ batchId: id, userId: actor.id });
      const count = existing.length + 1;
      const done = count >= batch.approvalsRequired;
      if (done) {
        await batches.update({ id }, { status: 'approved', approvedAt: new Date() });
        const rewards = await this.rewards.lockedProposed(em, id);
        await this.rewardStates.approveBatch(em, id);
        for (const r of rewards)
          await notifyReward(this.outbox ?? null, em, r.userId, r.amountFen, '可领取', '红包已审批，请进入小程序领取');
      }
      await this.audit.record(em, {
        actorUserId: actor.id,
        action: done ? 'payout_batch.approve' : 'payout_batch.approve_first',
        targetType: 'payout_batch',
        targetId: id,
        data: { approvals: count, required: batch.approvalsRequired, totalFen: batch.totalFen },
      });
    });
    return this.get(id);
  }

  async list(page = 1, pageSize = 50): Promise<Page<PayoutBatchDto>> {
    const [rows, total] = await this.db
      .getRepository(PayoutBatch)
      .findAndCount({ order: { id: 'DESC' }, skip: (page - 1) * pageSize, take: pageSize });
    return { items: await this.views(rows), total, page, pageSize };
  }

  async all(): Promise<PayoutBatchDto[]> {
    return this.views(await this.db.getRepository(PayoutBatch).find({ order: { id: 'ASC' }, take: 10_000 }));
  }

  async get(id: number): Promise<PayoutBatchDto> {
    const b = await this.db.getRepository(PayoutBatch).findOneBy({ id });
    if (!b) throw new AppException('BATCH_NOT_FOUND');
    return (await this.views([b]))[0];
  }

  private async views(batches: PayoutBatch[]): Promise<PayoutBatchDto[]> {
    if (!batches.length) return [];
    const approvals = await this.db
      .getRepository(PayoutBatchApproval)
      .find({ where: { batchId: In(batches.map((b) => b.id)) }, order: { id: 'ASC' } });
    const nameOf = await this.users.displayNames(this.db.manager, [...batches.map((b) => b.proposedBy), ...approvals.map((a) => a.userId)]);
    const counts = await this.rewards.statusCounts(batches.map((b) => b.id));
    return batches.map((b) =>
      this.view(
        b,
        approvals.filter((a) => a.batchId === b.id),
        (id) => nameOf.get(id) ?? '',
        counts.get(b.id) ?? {},
      ),
    );
  }

  private view(
    b: PayoutBatch,
    approvals: PayoutBatchApproval[],
    name: (userId: number) => string,
    counts: Partial<Record<RewardStatus, number>>,
  ): PayoutBatchDto {
    const progress: Partial<Record<RewardStatus, number>> = {};
    for (const s of REWARD_STATUSES) if (counts[s] !== undefined) progress[s] = counts[s];
    return {
      id: b.id,
      status: b.status,
      totalFen: b.totalFen,
      rewardIds: b.rewardIds,
      proposedBy: b.proposedBy,
      proposedByName: name(b.proposedBy),
      approvals: approvals.map((a) => ({ userId: a.userId, userName: name(a.userId), at: a.createdAt.toISOString() })),
      approvalsRequired: b.approvalsRequired,
      progress,
      createdAt: b.createdAt.toISOString(),
    };
  }
}
