import type { LedgerKind } from '@sansui/shared';

/** One money movement to append (docs/domain.md §8.5). */
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

/** The row a movement becomes: every optional field stored as null, and the campaign's budget not yet reserved. */
export function ledgerRow(input: LedgerAppend, budgetRemainingFen: number) {
  return {
    kind: input.kind,
    campaignId: input.campaignId,
    rewardId: input.rewardId ?? null,
    amountFen: input.amountFen,
    budgetRemainingFen,
    outBillNo: input.outBillNo ?? null,
    actorUserId: input.actorUserId ?? null,
    note: input.note ?? null,
    dedupeKey: input.dedupeKey ?? null,
  };
}

/** Σ amount per kind, per campaign. */
export type LedgerSums = Map<number, Partial<Record<LedgerKind, number>>>;

/** Folds the database's (campaign, kind, total) groups into sums; drivers hand totals back as strings or numbers. */
export function ledgerSums(groups: { campaignId: number | string; kind: LedgerKind; total: string | number | null }[]): LedgerSums {
  const out: LedgerSums = new Map();
  for (const g of groups) {
    const m = out.get(Number(g.campaignId)) ?? {};
    m[g.kind] = Number(g.total ?? 0);
    out.set(Number(g.campaignId), m);
  }
  return out;
}

/** What the ledger says a campaign has reserved: every reservation minus the cancellations that gave budget back. */
export function ledgerReservedFen(sums: Partial<Record<LedgerKind, number>>): number {
  return (sums.reserved ?? 0) - (sums.cancelled ?? 0);
}
