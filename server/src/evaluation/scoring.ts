import { FULL_SCORE, type DigitalMix, type EvaluationWeights } from '@sansui/shared';

/** The scoring rules of docs/domain.md §16 as plain functions (no I/O), so every published figure can be recomputed from its inputs. */

export type Component = 'covert' | 'open' | 'digital';
export const COMPONENT_LABELS: Record<Component, string> = { covert: '暗访', open: '明查', digital: '数字化城管' };

/** Two decimals: scores are shown and compared at this precision. */
export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/**
 * Points a new finding takes: count × the item's deduction, capped by what is left of the item's maximum
 * for this area and round (`alreadyDeducted` by earlier findings on the same item, area and round).
 */
export function findingDeduction(count: number, perOccurrence: number, maxDeduction: number, alreadyDeducted: number): number {
  const left = Math.max(0, maxDeduction - alreadyDeducted);
  return Math.min(Math.max(0, count) * perOccurrence, left);
}

/** An area's score for a round: 1,000 − its deductions, never below 0. */
export function roundScore(deductions: readonly number[]): number {
  return Math.max(0, FULL_SCORE - deductions.reduce((s, d) => s + d, 0));
}

export function mean(xs: readonly number[]): number | null {
  return xs.length === 0 ? null : round2(xs.reduce((s, x) => s + x, 0) / xs.length);
}

export interface WeightedResult<K extends string> {
  /** null when no component has data. */
  value: number | null;
  /** Components without data; their weight went to the others in proportion. */
  missing: K[];
  /** The weights actually applied (sum 1 over present components). */
  applied: Partial<Record<K, number>>;
}

/** Weighted mean over the components that have data; missing ones are left out and the others reweighted. */
export function weightedMean<K extends string>(values: Record<K, number | null>, weights: Record<K, number>): WeightedResult<K> {
  const keys = Object.keys(weights) as K[];
  const missing = keys.filter((k) => values[k] === null || values[k] === undefined);
  const present = keys.filter((k) => !missing.includes(k) && weights[k] > 0);
  const sum = present.reduce((s, k) => s + weights[k], 0);
  if (present.length === 0 || sum <= 0) return { value: null, missing, applied: {} };
  const applied: Partial<Record<K, number>> = {};
  let value = 0;
  for (const k of present) {
    applied[k] = weights[k] / sum;
    value += (values[k] as number) * (weights[k] / sum);
  }
  return { value: round2(value), missing, applied };
}

/** The area's own KPIs for the month as rates in [0, 1]; null when the area had no case to measure. */
export interface DigitalKpis {
  onTime: number | null;
  verified: number | null;
  satisfaction: number | null;
}

/** 数字化城管: 1,000 × the configured mix of the area's KPIs (missing KPIs reweighted). */
export function digitalScore(kpis: DigitalKpis, mix: DigitalMix): WeightedResult<keyof DigitalMix> {
  const r = weightedMean<keyof DigitalMix>({ onTime: kpis.onTime, verified: kpis.verified, satisfaction: kpis.satisfaction }, { ...mix });
  return { ...r, value: r.value === null ? null : round2(r.value * FULL_SCORE) };
}

/** The month's total: weights × (covert, open, digital), reweighted over the components with data. */
export function monthTotal(components: Record<Component, number | null>, weights: EvaluationWeights): WeightedResult<Component> {
  return weightedMean<Component>(components, { ...weights });
}

/** Quarter: mean of its months with a total, optionally mixed with the leader score (weight 0 = not used, or no score given). */
export function quarterScore(monthTotals: readonly (number | null)[], leaderScore: number | null, leaderWeight: number): number | null {
  const months = mean(monthTotals.filter((m): m is number => m !== null));
  if (months === null) return leaderWeight > 0 && leaderScore !== null ? round2(leaderScore) : null;
  if (leaderWeight <= 0 || leaderScore === null) return months;
  return round2(months * (1 - leaderWeight) + leaderScore * leaderWeight);
}

export interface Ranked<T> {
  item: T;
  rank: number | null;
  top: boolean;
  bottom: boolean;
}

/**
 * Standard competition ranking (1, 2, 2, 4) by score, highest first; equal scores share a rank. Items
 * without a score are listed last with no rank. Top = rank 1, bottom = the last rank, both only when
 * at least two different ranks exist.
 */
export function rankByScore<T>(items: readonly T[], score: (t: T) => number | null): Ranked<T>[] {
  const scored = items.filter((t) => score(t) !== null).sort((a, b) => (score(b) as number) - (score(a) as number));
  const out: Ranked<T>[] = [];
  scored.forEach((item, i) => {
    const prev = out[i - 1];
    const rank = prev && score(prev.item) === score(item) ? (prev.rank as number) : i + 1;
    out.push({ item, rank, top: false, bottom: false });
  });
  const lastRank = out.length ? out[out.length - 1].rank : null;
  if (lastRank !== null && lastRank > 1) for (const r of out) Object.assign(r, { top: r.rank === 1, bottom: r.rank === lastRank });
  for (const item of items) if (score(item) === null) out.push({ item, rank: null, top: false, bottom: false });
  return out;
}
