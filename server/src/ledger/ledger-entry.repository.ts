import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { LedgerKind } from '@sansui/shared';
import { type EntityManager, In, Repository } from 'typeorm';
import { insertRow } from '../database/insert-row';
import { LedgerEntry } from './ledger-entry.entity';
import { ledgerSums, type LedgerSums } from './ledger-rules';

export interface LedgerFilter {
  kind?: LedgerKind;
  campaignId?: number;
  rewardId?: number;
  from?: Date;
  to?: Date;
  page?: number;
  pageSize?: number;
}

/** The ledger's queries: the one insert, the dedupe lookup, filtered pages and exports, sums per campaign and kind. */
@Injectable()
export class LedgerEntryRepository {
  constructor(@InjectRepository(LedgerEntry) private readonly repo: Repository<LedgerEntry>) {}

  /** Whether a movement with this key was written already (read in the appending transaction). */
  hasKey(em: EntityManager, dedupeKey: string): Promise<boolean> {
    return em.getRepository(LedgerEntry).exist({ where: { dedupeKey } });
  }

  /** Demo history only: re-dates a reward's entries (the ledger is otherwise append-only). */
  async backdateOfReward(em: EntityManager, rewardId: number, when: (e: Pick<LedgerEntry, 'kind' | 'outBillNo'>) => Date): Promise<void> {
    const entries = em.getRepository(LedgerEntry);
    for (const e of await entries.find({ where: { rewardId }, select: { id: true, kind: true, outBillNo: true } }))
      await entries.update({ id: e.id }, { createdAt: when(e) });
  }

  /**
   * Demo history only, after backdating: rewrites the ledger in time order (sequence numbers follow the dates, as
   * appends would have), each entry's budget snapshot recomputed as what remained after it. `remainingNow` is each
   * campaign's budget not reserved today, so the last snapshot of a campaign equals it.
   */
  async renumberInTimeOrder(em: EntityManager, remainingNow: (campaignId: number) => Promise<number>): Promise<void> {
    const entries = em.getRepository(LedgerEntry);
    const all = await entries.find({ order: { createdAt: 'ASC', id: 'ASC' } });
    const net = (e: LedgerEntry) => (e.kind === 'reserved' ? e.amountFen : e.kind === 'cancelled' ? -e.amountFen : 0);
    const remaining = new Map<number, number>();
    for (const campaignId of new Set(all.map((e) => e.campaignId))) {
      const reserved = all.filter((e) => e.campaignId === campaignId).reduce((s, e) => s + net(e), 0);
      remaining.set(campaignId, (await remainingNow(campaignId)) + reserved);
    }
    await entries.delete({ id: In(all.map((e) => e.id)) });
    for (const [i, e] of all.entries()) {
      const left = remaining.get(e.campaignId)! - net(e);
      remaining.set(e.campaignId, left);
      await entries.insert({ ...e, id: i + 1, budgetRemainingFen: left });
    }
  }

  /** One INSERT: TypeORM's save read every entry back for its defaults, which no caller reads. */
  async insert(em: EntityManager, row: Omit<LedgerEntry, 'id' | 'createdAt'>): Promise<Pick<LedgerEntry, 'id'>> {
    return { id: await insertRow(em, LedgerEntry, row) };
  }

  /** One page of the entries matching the filter, newest first, and how many match. */
  page(f: LedgerFilter, page: number, pageSize: number): Promise<[LedgerEntry[], number]> {
    return this.filtered(f)
      .orderBy('l.id', 'DESC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
  }

  /** The entries matching the filter, oldest first, at most `cap`. */
  oldestFirst(f: LedgerFilter, cap: number): Promise<LedgerEntry[]> {
    return this.filtered(f).orderBy('l.id', 'ASC').take(cap).getMany();
  }

  /** Σ amount per kind, per campaign (optionally of the entries written in [from, to)). */
  async sums(range?: { from: Date; to: Date }): Promise<LedgerSums> {
    const qb = this.repo
      .createQueryBuilder('l')
      .select('l.campaignId', 'campaignId')
      .addSelect('l.kind', 'kind')
      .addSelect('SUM(l.amountFen)', 'total')
      .groupBy('l.campaignId')
      .addGroupBy('l.kind');
    if (range) qb.where('l.createdAt >= :from AND l.createdAt < :to', range);
    return ledgerSums(await qb.getRawMany<{ campaignId: number; kind: LedgerKind; total: string | number }>());
  }

  private filtered(f: LedgerFilter) {
    const qb = this.repo.createQueryBuilder('l');
    if (f.kind) qb.andWhere('l.kind = :kind', { kind: f.kind });
    if (f.campaignId) qb.andWhere('l.campaignId = :campaignId', { campaignId: f.campaignId });
    if (f.rewardId) qb.andWhere('l.rewardId = :rewardId', { rewardId: f.rewardId });
    if (f.from) qb.andWhere('l.createdAt >= :from', { from: f.from });
    if (f.to) qb.andWhere('l.createdAt < :to', { to: f.to });
    return qb;
  }
}
