import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { chinaDayRange, chinaDayStart, type PayoutLineFilter, type RewardStatus } from '@sansui/shared';
import { Between, DataSource, In, IsNull, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { sqlTime } from '../cases/case-sql';
import { Case } from '../cases/case.entity';
import { Transactions } from '../database/transactions';
import { User } from '../users/user.entity';
import { Campaign } from './campaign.entity';
import { Reward } from './reward.entity';

/** The lines of one batch, or the candidates for a new one (cleared, in no batch). */
export type LineScope = { batchId: number } | { candidates: true };

/** `!` escapes LIKE wildcards the same way on SQLite and MariaDB (a backslash does not). */
const likeEscape = (s: string) => s.replace(/[!%_]/g, (c) => `!${c}`);

/**
 * The reads the payout flow makes of reward and campaign rows (docs/domain.md §8, §10); the writes are
 * RewardPayoutStates. `payouts/` decides what to lock and when: a method taking an EntityManager reads in the
 * caller's transaction, and the `locked…` ones take the rows with SELECT … FOR UPDATE on MariaDB (SQLite's
 * transactions run one at a time, Transactions.run).
 */
@Injectable()
export class RewardPayoutReads {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: Transactions,
  ) {}

  /** One reward, locked for the rest of the caller's transaction (null if there is none). */
  locked(em: EntityManager, id: number): Promise<Reward | null> {
    return em.getRepository(Reward).findOne({ where: { id }, ...this.tx.forUpdate() });
  }

  /** One reward as committed now (it must exist). */
  byId(id: number): Promise<Reward> {
    return this.db.getRepository(Reward).findOneByOrFail({ id });
  }

  /** Rewards with a bill open at WeChat Pay (transferring), the longest untouched first. */
  transferring(limit: number): Promise<Reward[]> {
    return this.db.getRepository(Reward).find({ where: { status: 'transferring' }, order: { updatedAt: 'ASC' }, take: limit });
  }

  /** These rewards if still cleared and in no batch, locked, oldest first, at most `cap`. */
  lockedUnbatched(em: EntityManager, ids: readonly number[], cap: number): Promise<Reward[]> {
    return em.getRepository(Reward).find({
      where: { id: In([...ids]), status: 'cleared', batchId: IsNull() },
      order: { id: 'ASC' },
      take: cap,
      ...this.tx.forUpdate(),
    });
  }

  /** The batch's rewards waiting for its approval, locked. */
  lockedProposed(em: EntityManager, batchId: number): Promise<Reward[]> {
    return em.getRepository(Reward).find({ where: { batchId, status: 'proposed' }, ...this.tx.forUpdate() });
  }

  /** How many rewards of each batch are in each status: one read per 1,000 batches. */
  async statusCounts(batchIds: readonly number[]): Promise<Map<number, Partial<Record<RewardStatus, number>>>> {
    const out = new Map<number, Partial<Record<RewardStatus, number>>>();
    for (let i = 0; i < batchIds.length; i += 1000) {
      const rows: { batchId: number | string; status: RewardStatus; n: number | string }[] = await this.db
        .getRepository(Reward)
        .createQueryBuilder('r')
        .select('r.batchId', 'batchId')
        .addSelect('r.status', 'status')
        .addSelect('COUNT(*)', 'n')
        .where('r.batchId IN (:...ids)', { ids: batchIds.slice(i, i + 1000) })
        .groupBy('r.batchId')
        .addGroupBy('r.status')
        .getRawMany();
      for (const row of rows) {
        const id = Number(row.batchId);
        out.set(id, { ...out.get(id), [row.status]: Number(row.n) });
      }
    }
    return out;
  }

  /** Every reward's money facts (the daily reconciliation compares them with the ledger and WeChat Pay). */
  ledgerFacts(): Promise<Pick<Reward, 'id' | 'campaignId' | 'amountFen' | 'status' | 'outBillNo'>[]> {
    return this.db.getRepository(Reward).find({ select: { id: true, campaignId: true, amountFen: true, status: true, outBillNo: true } });
  }

  /** Rewards that may have a bill at WeChat Pay (paid, transferring, held), by id. */
  withBills(): Promise<Pick<Reward, 'id' | 'outBillNo' | 'amountFen' | 'paidAt' | 'updatedAt'>[]> {
    return this.db.getRepository(Reward).find({
      where: { status: In(['paid', 'transferring', 'held']) },
      select: { id: true, outBillNo: true, amountFen: true, paidAt: true, updatedAt: true },
      order: { id: 'ASC' },
    });
  }

  /** Rewards whose transfer bill number or out_bill_no is one of `values`, by that value (500 per read). */
  async byBillNo(column: 'transferBillNo' | 'outBillNo', values: readonly string[]): Promise<Map<string, Reward>> {
    const out = new Map<string, Reward>();
    for (let i = 0; i < values.length; i += 500) {
      const rows = await this.db.getRepository(Reward).find({ where: { [column]: In(values.slice(i, i + 500)) } });
      for (const r of rows) out.set(r[column]!, r);
    }
    return out;
  }

  /** These rewards by id, in one read. */
  async byIds(ids: readonly number[]): Promise<Map<number, Reward>> {
    const rows = ids.length ? await this.db.getRepository(Reward).find({ where: { id: In([...new Set(ids)]) } }) : [];
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** Rewards paid in [from, to]. */
  paidBetween(from: Date, to: Date): Promise<Reward[]> {
    return this.db.getRepository(Reward).find({ where: { status: 'paid', paidAt: Between(from, to) } });
  }

  /** The campaign a reward belongs to, read in the caller's transaction (it must exist). */
  campaignIn(em: EntityManager, id: number): Promise<Campaign> {
    return em.getRepository(Campaign).findOneByOrFail({ id });
  }

  /** These campaigns, read in the caller's transaction. */
  campaignsIn(em: EntityManager, ids: readonly number[]): Promise<Campaign[]> {
    return em.getRepository(Campaign).findBy({ id: In([...ids]) });
  }

  /** Every campaign, by id. */
  campaigns(): Promise<Campaign[]> {
    return this.db.getRepository(Campaign).find({ order: { id: 'ASC' } });
  }

  /** One page of payout lines (rewards matching the auditor's filter), by id. */
  linePage(scope: LineScope, filter: PayoutLineFilter, offset: number, limit: number): Promise<Reward[]> {
    return this.matching(scope, filter).orderBy('r.id', 'ASC').offset(offset).limit(limit).getMany();
  }

  /** How many rewards match and what they add up to. */
  async lineTotals(scope: LineScope, filter: PayoutLineFilter): Promise<{ count: number; totalFen: number }> {
    const raw = await this.matching(scope, filter)
      .select('COUNT(*)', 'n')
      .addSelect('COALESCE(SUM(r.amountFen), 0)', 'fen')
      .getRawOne<{ n: string | number; fen: string | number }>();
    return { count: Number(raw?.n ?? 0), totalFen: Number(raw?.fen ?? 0) };
  }

  /** Every matching reward id, oldest first, at most `cap`. */
  async lineIds(scope: LineScope, filter: PayoutLineFilter, cap: number): Promise<number[]> {
    const rows = await this.matching(scope, filter).select('r.id', 'id').orderBy('r.id', 'ASC').limit(cap).getRawMany<{ id: number }>();
    return rows.map((r) => Number(r.id));
  }

  /**
   * Rewards in the scope narrowed by the filter (department of the case, category, amount, fraud signal,
   * reporter). The department and reporter conditions are read-only subqueries on `cases` and `users`, folders
   * below this one.
   */
  private matching(scope: LineScope, f: PayoutLineFilter): SelectQueryBuilder<Reward> {
    const qb = this.db.getRepository(Reward).createQueryBuilder('r');
    if ('batchId' in scope) qb.where('r.batchId = :batchId', { batchId: scope.batchId });
    else qb.where("r.status = 'cleared' AND r.batchId IS NULL");
    if (f.departmentId !== undefined)
      qb.andWhere('r.caseId IN ' + qb.subQuery().select('c.id').from(Case, 'c').where('c.departmentId = :dept').getQuery(), {
        dept: f.departmentId,
      });
    if (f.categoryCode) qb.andWhere('r.categoryCode = :cat', { cat: f.categoryCode });
    if (f.minFen !== undefined) qb.andWhere('r.amountFen >= :minFen', { minFen: f.minFen });
    if (f.maxFen !== undefined) qb.andWhere('r.amountFen <= :maxFen', { maxFen: f.maxFen });
    if (f.signal === 'any') qb.andWhere(`r.holdReasons LIKE '%"signal"%'`);
    else if (f.signal === 'none') qb.andWhere(`(r.holdReasons IS NULL OR r.holdReasons NOT LIKE '%"signal"%')`);
    else if (f.signal) qb.andWhere(`r.holdReasons LIKE :sig ESCAPE '!'`, { sig: `%"signal":"${likeEscape(f.signal)}"%` });
    if (f.from) qb.andWhere('r.createdAt >= :fromAt', { fromAt: sqlTime(chinaDayStart(f.from)) });
    if (f.to) qb.andWhere('r.createdAt < :toAt', { toAt: sqlTime(chinaDayRange(chinaDayStart(f.to))[1]) });
    const who = f.reporter?.trim();
    if (who)
      qb.andWhere(
        'r.userId IN ' +
          qb.subQuery().select('u.id').from(User, 'u').where(`(u.displayName LIKE :who ESCAPE '!' OR u.openid = :openid)`).getQuery(),
        { who: `%${likeEscape(who)}%`, openid: who },
      );
    return qb;
  }
}
