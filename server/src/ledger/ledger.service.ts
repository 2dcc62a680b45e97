import { Injectable } from '@nestjs/common';
import type { LedgerEntryDto, LedgerKind, Page } from '@sansui/shared';
import { type EntityManager, Repository } from 'typeorm';
import { InjectRepository } from '@nestjs/typeorm';
import { LedgerEntry } from './ledger-entry.entity';

export interface LedgerAppend {
  kind: LedgerKind;
  campaignId: number;
  rewardId?: number | null;
  amountFen: number;
  outBillNo?: string | null;
  actorUserId?: number | null;
  note?: string | null;
  /** One-time movements carry a key (e.g. `paid:12`); a second append with the same key is skipped. */
  dedupeKey?: string | null;
}

export interface LedgerFilter {
  kind?: LedgerKind;
  campaignId?: number;
  rewardId?: number;
  from?: Date;
  to?: Date;
  page?: number;
  pageSize?: number;
}

/** A campaign's budget not yet reserved, read inside the appending transaction. */
export type BudgetRemaining = (em: EntityManager, campaignId: number) => Promise<number>;

/** The append-only money ledger. Every append happens in the caller's transaction. */
@Injectable()
export class LedgerService {
  private budgetRemaining: BudgetRemaining | null = null;

  constructor(@InjectRepository(LedgerEntry) private readonly repo: Repository<LedgerEntry>) {}

  /** The rewards module (owner of campaigns) tells the ledger how to read the budget each entry snapshots. */
  readBudgetWith(fn: BudgetRemaining): void {
    this.budgetRemaining = fn;
  }

  /** Appends an entry; returns null when an entry with the same dedupeKey exists (the movement happened already). */
  async append(em: EntityManager, input: LedgerAppend): Promise<LedgerEntry | null> {
    const entries = em.getRepository(LedgerEntry);
    if (input.dedupeKey && (await entries.exist({ where: { dedupeKey: input.dedupeKey } }))) return null;
    if (!this.budgetRemaining) throw new Error('LedgerService: no budget reader registered (RewardsModule registers it)');
    const budgetRemainingFen = await this.budgetRemaining(em, input.campaignId);
    return entries.save(
      entries.create({
        kind: input.kind,
        campaignId: input.campaignId,
        rewardId: input.rewardId ?? null,
        amountFen: input.amountFen,
        budgetRemainingFen,
        outBillNo: input.outBillNo ?? null,
        actorUserId: input.actorUserId ?? null,
        note: input.note ?? null,
        dedupeKey: input.dedupeKey ?? null,
      }),
    );
  }

  async list(f: LedgerFilter): Promise<Page<LedgerEntryDto>> {
    const page = f.page ?? 1;
    const pageSize = f.pageSize ?? 50;
    const qb = this.filtered(f)
      .orderBy('l.id', 'DESC')
      .skip((page - 1) * pageSize)
      .take(pageSize);
    const [rows, total] = await qb.getManyAndCount();
    return { items: rows.map(toLedgerDto), total, page, pageSize };
  }

  /** All entries matching the filter, oldest first (for exports; capped). */
  async all(f: LedgerFilter, cap = 50_000): Promise<LedgerEntryDto[]> {
    return (await this.filtered(f).orderBy('l.id', 'ASC').take(cap).getMany()).map(toLedgerDto);
  }

  /** Σ amount per kind, per campaign (optionally within [from, to)). */
  async sums(range?: { from: Date; to: Date }): Promise<Map<number, Partial<Record<LedgerKind, number>>>> {
    const qb = this.repo
      .createQueryBuilder('l')
      .select('l.campaignId', 'campaignId')
      .addSelect('l.kind', 'kind')
      .addSelect('SUM(l.amountFen)', 'total')
      .groupBy('l.campaignId')
      .addGroupBy('l.kind');
    if (range) qb.where('l.createdAt >= :from AND l.createdAt < :to', range);
    const out = new Map<number, Partial<Record<LedgerKind, number>>>();
    for (const r of await qb.getRawMany<{ campaignId: number; kind: LedgerKind; total: string | number }>()) {
      const m = out.get(Number(r.campaignId)) ?? {};
      m[r.kind] = Number(r.total);
      out.set(Number(r.campaignId), m);
    }
    return out;
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

export function toLedgerDto(l: LedgerEntry): LedgerEntryDto {
  return {
    id: l.id,
    kind: l.kind,
    rewardId: l.rewardId,
    campaignId: l.campaignId,
    amountFen: l.amountFen,
    budgetRemainingFen: l.budgetRemainingFen,
    outBillNo: l.outBillNo,
    actorUserId: l.actorUserId,
    note: l.note,
    createdAt: l.createdAt.toISOString(),
  };
}
