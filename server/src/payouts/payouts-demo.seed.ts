import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { In, IsNull, type EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { CaseLifecycle } from '../cases/case-lifecycle.service';
import { Case } from '../cases/case.entity';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Transactions } from '../database/transactions';
import { DEMO_RESIDENT_NAMES } from '../demo/demo-city';
import { DemoSeedRegistry } from '../demo/demo-seed.registry';
import { LedgerService } from '../ledger/ledger.service';
import { backdateCaseReports } from '../reports/report-backdate';
import { Reward } from '../rewards/reward.entity';
import { RewardPayoutStates } from '../rewards/reward-payout-states';
import { User } from '../users/user.entity';
import { simOpenid } from '../wechat/simulator/simulator-rules';
import { SIMULATED_TRANSFERS, type SimulatedTransfers } from '../wechatpay/simulated-transfers';
import { ClaimsService } from './claims.service';
import { PayoutBatch, PayoutBatchApproval } from './payout-batch.entity';
import { PayoutBatchesService } from './payout-batches.service';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** A paid batch of the demo's past: its closed cases moved `ageDays` back, the money a day after. */
interface PastBatch {
  ageDays: number;
  size: number;
  /** One reward's first bill was left unconfirmed and closed after 24 h; the resident claimed again and got it. */
  retried?: boolean;
  /** The last reward's bill closed unconfirmed, and the resident has not claimed again yet (可重新领取). */
  lastExpired?: boolean;
}

const PAST: PastBatch[] = [
  { ageDays: 16, size: 4 },
  { ageDays: 9, size: 4, retried: true },
  { ageDays: 2, size: 4, lastExpired: true },
];

/**
 * Demo payout history (DEMO_DATA=true, order 90, after the demo reports granted their rewards): through the real
 * services — batches proposed by the demo dispatcher and approved by the demo auditor, claims opening WeChat Pay
 * transfer bills, the resident confirming, results applied as the reconcile job applies them — three paid batches
 * over the past weeks (one reward paid on a second bill after the first closed unconfirmed, one waiting to be
 * claimed again), today's approved batch (one bill waiting for the resident's 确认收款), one batch waiting for
 * approval, and a few cleared rewards left for a new batch. The past batches' cases, rewards, ledger entries and
 * WeChat Pay bills are then dated back together, and the ledger renumbered in time order (the audit log keeps the
 * seed's own times: it is hash-chained).
 *
 * The server does not listen yet, so WeChat Pay is the simulator reached in-process (SIMULATED_TRANSFERS): the same
 * bills and states without HTTP or per-bill signatures. Without the simulator (real WeChat Pay) nothing is paid.
 */
@Injectable()
export class PayoutsDemoSeed implements OnModuleInit {
  private readonly logger = new Logger('PayoutsDemoSeed');

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly tx: Transactions,
    private readonly batches: PayoutBatchesService,
    private readonly claims: ClaimsService,
    private readonly ledger: LedgerService,
    private readonly rewardStates: RewardPayoutStates,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.moduleRef
      .get(DemoSeedRegistry, { strict: false })
      .register({ order: 90, name: 'payouts: demo payout history', run: (em) => this.run(em) });
  }

  async run(em: EntityManager): Promise<void> {
    const sim = this.optional<SimulatedTransfers>(SIMULATED_TRANSFERS);
    const lifecycle = this.optional<CaseLifecycle>(CaseLifecycle);
    if (!sim || !lifecycle) {
      this.logger.warn('no WeChat Pay simulator (or no cases module): the demo has no payout history');
      return;
    }
    if (await em.getRepository(PayoutBatch).exist()) return;
    const users = em.getRepository(User);
    const dispatcher = await users.findOneBy({ username: 'demo-dispatcher' });
    const auditor = await users.findOneBy({ username: 'demo-auditor' });
    if (!dispatcher || !auditor) return;
    const firstResident = await users.findOneBy({ openid: simOpenid(this.config.wechat.appId, DEMO_RESIDENT_NAMES[0]) });
    const cleared = await em.getRepository(Reward).find({ where: { status: 'cleared', batchId: IsNull() }, order: { id: 'ASC' } });
    const cases = await em
      .getRepository(Case)
      .find({ where: { id: In(cleared.map((r) => r.caseId)) }, select: { id: true, status: true } });
    const closed = new Set(cases.filter((c) => c.status === 'closed').map((c) => c.id));
    const onClosed = cleared.filter((r) => closed.has(r.caseId));
    // The first demo resident (whom the guide logs in as) gets a reward to claim in today's batch.
    const open = cleared
      .filter((r) => !closed.has(r.caseId))
      .sort((a, b) => Number(b.userId === firstResident?.id) - Number(a.userId === firstResident?.id));
    const claims = this.claims.through(sim);
    const now = Date.now();
    const as = (u: User): AuthUser => ({ id: u.id, kind: 'staff', roles: u.roles, departmentId: u.departmentId });
    const resident = (r: Reward): AuthUser => ({ id: r.userId, kind: 'resident', roles: ['resident'], departmentId: null });
    const propose = async (rewards: Reward[]) => (await this.batches.propose(as(dispatcher), { rewardIds: rewards.map((r) => r.id) })).id;

    let taken = 0;
    for (const past of PAST) {
      const rewards = onClosed.slice(taken, taken + past.size);
      taken += rewards.length;
      if (!rewards.length) break;
      const id = await propose(rewards);
      await this.batches.approve(as(auditor), id);
      const retried = past.retried ? (rewards.find((r) => r.userId === firstResident?.id) ?? rewards[0]) : null;
      const expired = past.lastExpired && rewards.length > 1 ? rewards[rewards.length - 1] : null;
      const at = (offsetMs: number) => new Date(now - past.ageDays * DAY + offsetMs);
      await this.dateBatch(id, at(18 * HOUR), at(20 * HOUR));
      for (const [k, r] of rewards.entries()) {
        const opened = at(21 * HOUR + k * 7 * MIN);
        const first = (await claims.claim(resident(r), r.id)).outBillNo;
        if (r === retried || r === expired) {
          await claims.applyBill(await sim.expire(first), 'query');
          sim.backdate(first, opened, new Date(opened.getTime() + DAY));
        }
        let bill = first;
        let paidAt: Date | null = null;
        let billAt = opened;
        if (r !== expired) {
          if (r === retried) {
            bill = (await claims.claim(resident(r), r.id)).outBillNo;
            billAt = at(2 * DAY + HOUR);
          }
          await claims.applyBill(await sim.confirm(bill), 'query');
          paidAt = new Date(billAt.getTime() + (5 + k) * MIN);
          sim.backdate(bill, billAt, paidAt);
        }
        await this.tx.run(async (tem) => {
          await lifecycle.backdateHistory(tem, r.caseId, past.ageDays * DAY);
          await backdateCaseReports(tem, r.caseId, past.ageDays * DAY);
          await this.rewardStates.backdate(tem, r.id, {
            createdAt: new Date(r.createdAt.getTime() - past.ageDays * DAY),
            billCreatedAt: billAt,
            paidAt,
          });
          await this.ledger.backdateOfReward(tem, r.id, (e) =>
            e.kind === 'paid'
              ? paidAt!
              : e.kind === 'failed'
                ? new Date(opened.getTime() + DAY)
                : new Date(r.createdAt.getTime() - past.ageDays * DAY),
          );
        });
      }
    }

    // Today: an approved batch (one bill opened and waiting for the resident's 确认收款) and one waiting for approval.
    const today = open.slice(0, 3);
    if (today.length) {
      await this.batches.approve(as(auditor), await propose(today));
      const waiting = today.find((r) => r.userId !== firstResident?.id);
      if (waiting) await claims.claim(resident(waiting), waiting.id);
    }
    const proposed = open.slice(3, 5);
    if (proposed.length) await propose(proposed);
    await this.tx.run((tem) => this.ledger.renumberInTimeOrder(tem));
    this.logger.log(
      `demo payouts: ${taken} rewards in ${PAST.length} past batches, ${today.length} approved today, ${proposed.length} awaiting approval`,
    );
  }

  private async dateBatch(id: number, proposedAt: Date, approvedAt: Date): Promise<void> {
    await this.tx.run(async (em) => {
      await em
        .createQueryBuilder()
        .update(PayoutBatch)
        .set({ createdAt: proposedAt, approvedAt, updatedAt: approvedAt, version: () => 'version' } as never)
        .where('id = :id', { id })
        .execute();
      await em.getRepository(PayoutBatchApproval).update({ batchId: id }, { createdAt: approvedAt });
    });
  }

  private optional<T>(token: unknown): T | null {
    try {
      return this.moduleRef.get<T>(token as never, { strict: false });
    } catch {
      return null;
    }
  }
}
