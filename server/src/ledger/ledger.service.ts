import { Injectable } from '@nestjs/common';
import type { LedgerEntryDto, Page } from '@sansui/shared';
import type { EntityManager } from 'typeorm';
import type { LedgerEntry } from './ledger-entry.entity';
import { LedgerEntryRepository, type LedgerFilter } from './ledger-entry.repository';
import { ledgerRow, type LedgerAppend, type LedgerSums } from './ledger-rules';

export type { LedgerAppend } from './ledger-rules';
export type { LedgerFilter } from './ledger-entry.repository';

/** A campaign's budget not yet reserved, read inside the appending transaction. */
export type BudgetRemaining = (em: EntityManager, campaignId: number) => Promise<number>;

/** The append-only money ledger. Every append happens in the caller's transaction. */
@Injectable()
export class LedgerService {
  private budgetRemaining: BudgetRemaining | null = null;

  constructor(private readonly entries: LedgerEntryRepository) {}

  /** The rewards module (owner of campaigns) tells the ledger how to read the budget each entry snapshots. */
  readBudgetWith(fn: BudgetRemaining): void {
    this.budgetRemaining = fn;
  }

  /** Appends an entry; returns null when an entry with the same dedupeKey exists (the movement happened already). */
  async append(em: EntityManager, input: LedgerAppend): Promise<Pick<LedgerEntry, 'id'> | null> {
    if (input.dedupeKey && (await this.entries.hasKey(em, input.dedupeKey))) return null;
    if (!this.budgetRemaining) throw new Error('LedgerService: no budget reader registered (RewardsModule registers it)');
    return this.entries.insert(em, ledgerRow(input, await this.budgetRemaining(em, input.campaignId)));
  }

  /** Demo history: the dates a demo reward's movements happened on (see the payouts demo seed). */
  backdateOfReward(em: EntityManager, rewardId: number, when: (e: Pick<LedgerEntry, 'kind' | 'outBillNo'>) => Date): Promise<void> {
    return this.entries.backdateOfReward(em, rewardId, when);
  }

  /** Demo history: sequence numbers in time order once the demo's past movements are dated (LedgerEntryRepository). */
  async renumberInTimeOrder(em: EntityManager): Promise<void> {
    const read = this.budgetRemaining;
    if (!read) throw new Error('LedgerService: no budget reader registered (RewardsModule registers it)');
    await this.entries.renumberInTimeOrder(em, (campaignId) => read(em, campaignId));
  }

  async list(f: LedgerFilter): Promise<Page<LedgerEntryDto>> {
    const page = f.page ?? 1;
    const pageSize = f.pageSize ?? 50;
    const [rows, total] = await this.entries.page(f, page, pageSize);
    return { items: rows.map(toLedgerDto), total, page, pageSize };
  }

  /** All entries matching the filter, oldest first (for exports; capped). */
  async all(f: LedgerFilter, cap = 50_000): Promise<LedgerEntryDto[]> {
    return (await this.entries.oldestFirst(f, cap)).map(toLedgerDto);
  }

  /** Σ amount per kind, per campaign (optionally within [from, to)). */
  sums(range?: { from: Date; to: Date }): Promise<LedgerSums> {
    return this.entries.sums(range);
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
