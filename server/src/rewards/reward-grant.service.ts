import { chinaDayRange, chinaMonthRange } from '@sansui/shared';
import { Injectable, Optional } from '@nestjs/common';
import { LessThanOrEqual, MoreThanOrEqual, type EntityManager, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { CaseTransitionEvent } from '../cases/case-hooks';
import { CaseReads } from '../cases/case-reads';
import type { Case } from '../cases/case.entity';
import { CategoriesService } from '../categories/categories.service';
import { Transactions } from '../database/transactions';
import { LedgerService } from '../ledger/ledger.service';
import { OutboxService } from '../notifications/outbox.service';
import type { Report } from '../reports/report.entity';
import { ReportRepository } from '../reports/report.repository';
import type { User } from '../users/user.entity';
import { UserRepository } from '../users/user.repository';
import { Campaign } from './campaign.entity';
import { FraudSignalsService } from './fraud-signals.service';
import { RewardDecision } from './reward-decision.entity';
import { Reward } from './reward.entity';
import { notifyReward } from './reward-notify';
import { decideEligibility } from './rules/eligibility';
import { grantLedgerEntries, grantOutcome, isGrantTrigger, mergedIntoPassedTrigger, recordsInactiveCampaign } from './rules/grant-rules';

/**
 * Grants rewards when a case reaches its campaign's trigger (docs/domain.md §8), inside the transaction of the
 * case move: eligibility (pure rules), budget reservation on the campaign row (locked), fraud signals
 * (any → held with evidence), ledger entries, a decision row for every report considered, and notices.
 */
@Injectable()
export class RewardGrantService {
  constructor(
    private readonly tx: Transactions,
    private readonly ledger: LedgerService,
    private readonly fraud: FraudSignalsService,
    private readonly audit: AuditService,
    private readonly cases: CaseReads,
    private readonly reports: ReportRepository,
    private readonly users: UserRepository,
    private readonly categories: CategoriesService,
    @Optional() private readonly outbox?: OutboxService,
  ) {}

  /** The CaseHooks listener. */
  async onCaseTransition(em: EntityManager, event: CaseTransitionEvent): Promise<void> {
    const c = event.caseRow;
    const at = new Date();
    if (event.action === 'merge') return this.onMerged(em, c, at);
    if (!['accept', 'verify_pass'].includes(event.action)) return;
    const campaign = await this.activeCampaign(em, at);
    if (!campaign) {
      if (recordsInactiveCampaign(c.kind, event.action)) {
        await this.decide(em, {
          reportId: c.primaryReportId,
          caseId: c.id,
          userId: await this.reporterOf(em, c.primaryReportId),
          campaignId: null,
          granted: false,
          reason: 'CAMPAIGN_INACTIVE',
          amountFen: 0,
        });
      }
      return;
    }
    if (!isGrantTrigger(c, event.action, campaign.snapTrigger)) return;
    await this.grantForCase(em, c, campaign, at);
  }

  /**
   * A report merged into a case that already passed its trigger: its reporter earns the campaign's
   * duplicate amount now (reports merged earlier are handled when the master reaches the trigger).
   */
  private async onMerged(em: EntityManager, merged: Case, at: Date): Promise<void> {
    if (!merged.masterCaseId) return;
    const master = await this.cases.inTransaction(em, merged.masterCaseId);
    const campaign = master ? await this.activeCampaign(em, at) : null;
    if (!master || !campaign || campaign.mergedDuplicateFen <= 0) return;
    if (!mergedIntoPassedTrigger(master, campaign.snapTrigger)) return;
    const report = await this.reports.byIdIn(em, merged.primaryReportId);
    if (report) await this.grantOne(em, report, master, campaign, 'duplicate', at);
  }

  async grantForCase(em: EntityManager, c: Case, campaign: Campaign, at: Date): Promise<Reward[]> {
    const granted: Reward[] = [];
    const primary = await this.reports.byIdIn(em, c.primaryReportId);
    if (primary) {
      const r = await this.grantOne(em, primary, c, campaign, 'primary', at);
      if (r) granted.push(r);
    }
    // Merged duplicates: reports attached to this case, and the opening reports of cases merged into it.
    const dupReports = await this.reports.attachedTo(em, c.id, c.primaryReportId);
    const merged = await this.cases.mergedIntoIn(em, c.id);
    dupReports.push(
      ...(await this.reports.byIdsIn(
        em,
        merged.map((m) => m.primaryReportId),
      )),
    );
    const seen = new Set<number>([c.primaryReportId]);
    for (const rep of dupReports) {
      if (seen.has(rep.id)) continue;
      seen.add(rep.id);
      const r = await this.grantOne(em, rep, c, campaign, 'duplicate', at);
      if (r) granted.push(r);
    }
    return granted;
  }

  private async grantOne(
    em: EntityManager,
    report: Report,
    c: Case,
    campaignIn: Campaign,
    basis: 'primary' | 'duplicate',
    at: Date,
  ): Promise<Reward | null> {
    // Lock the campaign row first: grants of one campaign are serialised, so budget and caps hold under concurrency.
    const campaign = await em.getRepository(Campaign).findOneOrFail({ where: { id: campaignIn.id }, ...this.tx.forUpdate() });
    const reporter = await this.users.byId(em, report.userId);
    if (!reporter) return null;
    const category = await this.categories.byCode(em, report.categoryCode);
    const rewards = em.getRepository(Reward);
    const [dayFrom, dayTo] = chinaDayRange(at);
    const [monthFrom, monthTo] = chinaMonthRange(at);
    const usage = async (from: Date, to: Date) => {
      const row = await this.latest(
        rewards
          .createQueryBuilder('r')
          .select('COUNT(*)', 'n')
          .addSelect('COALESCE(SUM(r.amountFen), 0)', 'fen')
          .where('r.userId = :u AND r.campaignId = :c AND r.status <> :cancelled AND r.createdAt >= :from AND r.createdAt < :to', {
            u: reporter.id,
            c: campaign.id,
            cancelled: 'cancelled',
            from,
            to,
          }),
      ).getRawOne<{ n: string; fen: string }>();
      return { n: Number(row?.n ?? 0), fen: Number(row?.fen ?? 0) };
    };
    const alreadyRewarded =
      (await this.latest(rewards.createQueryBuilder('r').select('r.id', 'id').where('r.reportId = :id', { id: report.id })).getRawOne()) !==
      undefined;
    const day = await usage(dayFrom, dayTo);
    const month = await usage(monthFrom, monthTo);
    const decision = decideEligibility({
      basis,
      reporter: {
        kind: reporter.kind,
        roles: reporter.roles ?? [],
        departmentId: reporter.departmentId,
        deleted: reporter.deletedAt !== null,
      },
      caseDepartmentId: c.departmentId ?? c.triage?.routing?.departmentId ?? null,
      reporterDepartmentIds: await this.departmentsByPhone(em, reporter),
      categoryCode: report.categoryCode,
      categoryRewardFen: category?.rewardFen ?? 0,
      campaign,
      at,
      usage: { dayCount: day.n, dayFen: day.fen, monthCount: month.n, monthFen: month.fen },
      alreadyRewarded,
    });
    if (!decision.granted) {
      await this.decide(em, {
        reportId: report.id,
        caseId: c.id,
        userId: reporter.id,
        campaignId: campaign.id,
        granted: false,
        reason: decision.reason,
        amountFen: decision.amountFen,
      });
      return null;
    }
    const signals = await this.fraud.evaluate(em, report, c, reporter, at);
    const held = signals.length > 0;
    const outcome = grantOutcome(held);
    const reward = await rewards.save(
      rewards.create({
        reportId: report.id,
        caseId: c.id,
        userId: reporter.id,
        campaignId: campaign.id,
        categoryCode: report.categoryCode,
        amountFen: decision.amountFen,
        status: outcome.status,
        basis,
        holdReasons: held ? signals : null,
        reviewNote: null,
        batchId: null,
        attempt: 0,
        outBillNo: null,
        billState: null,
        transferBillNo: null,
        packageInfo: null,
        billParams: null,
        failReason: null,
        billCreatedAt: null,
        paidAt: null,
      }),
    );
    campaign.reservedFen += reward.amountFen;
    await em.getRepository(Campaign).update({ id: campaign.id }, { reservedFen: campaign.reservedFen });
    for (const entry of grantLedgerEntries(reward, held, { caseId: c.id, reportId: report.id })) await this.ledger.append(em, entry);
    await this.decide(em, {
      reportId: report.id,
      caseId: c.id,
      userId: reporter.id,
      campaignId: campaign.id,
      granted: true,
      reason: outcome.reason,
      amountFen: reward.amountFen,
      detail: held ? { signals } : null,
    });
    if (held) {
      await this.audit.record(em, {
        actorUserId: null,
        actorName: '系统',
        action: 'reward.hold',
        targetType: 'reward',
        targetId: reward.id,
        data: { signals: signals.map((s) => s.signal), amountFen: reward.amountFen },
      });
    }
    await notifyReward(this.outbox ?? null, em, reporter.id, reward.amountFen, outcome.notice.status, outcome.notice.note);
    return reward;
  }

  /**
   * A read that sees the latest committed rows. On MariaDB/MySQL (REPEATABLE READ) a plain SELECT reads
   * the snapshot taken at the transaction's first read, i.e. before the campaign lock was granted, and
   * misses rewards that a grant waiting ahead of us committed meanwhile; a locking read does not.
   * SQLite needs nothing: its transactions run one at a time (Transactions.run).
   */
  private latest<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>): SelectQueryBuilder<T> {
    return this.tx.isMysql ? qb.setLock('pessimistic_write') : qb;
  }

  async activeCampaign(em: EntityManager, at: Date): Promise<Campaign | null> {
    return em
      .getRepository(Campaign)
      .findOne({ where: { active: true, startsAt: LessThanOrEqual(at), endsAt: MoreThanOrEqual(at) }, order: { id: 'ASC' } });
  }

  /** Departments of staff accounts that share the reporter's phone number (a handler reporting as a resident). */
  private async departmentsByPhone(em: EntityManager, reporter: User): Promise<number[]> {
    return reporter.phone ? this.users.staffDepartmentsWithPhone(em, reporter.phone) : [];
  }

  private async reporterOf(em: EntityManager, reportId: number): Promise<number> {
    return (await this.reports.reporterOf(em, reportId)) ?? 0;
  }

  private async decide(
    em: EntityManager,
    d: Omit<RewardDecision, 'id' | 'createdAt' | 'detail'> & { detail?: Record<string, unknown> | null },
  ): Promise<void> {
    const repo = em.getRepository(RewardDecision);
    await repo.save(repo.create({ ...d, detail: d.detail ?? null }));
  }
}
