import { chinaDay, chinaDayStart } from '@sansui/shared';
import { AppException } from '../common/errors/app-exception';

/** Statistics count days in China Standard Time (UTC+8, no daylight saving); SQL day grouping adds these hours. */
const DAY_MS = 86400_000;
export const MAX_PERIOD_DAYS = 366;

/** A half-open period [from, to) in UTC instants. */
export interface StatsPeriod {
  from: Date;
  to: Date;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Reads `from` / `to` query values. A date (2026-11-01) is a whole day in UTC+8: `from` is the start
 * of that day, `to` the end of its day (inclusive). A full ISO date-time is taken as the instant.
 * Defaults: the last 30 days up to now. Refuses reversed periods and spans over 366 days.
 */
export function parsePeriod(fromRaw: unknown, toRaw: unknown, now: Date = new Date()): StatsPeriod {
  const parse = (v: unknown, end: boolean): Date | null => {
    if (v === undefined || v === null || v === '') return null;
    if (typeof v !== 'string') throw new AppException('STATS_PERIOD_INVALID');
    if (DATE_ONLY.test(v)) {
      const utcMidnight = Date.parse(`${v}T00:00:00Z`);
      if (Number.isNaN(utcMidnight) || new Date(utcMidnight).toISOString().slice(0, 10) !== v)
        throw new AppException('STATS_PERIOD_INVALID');
      return new Date(chinaDayStart(v).getTime() + (end ? DAY_MS : 0));
    }
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/.test(v)) throw new AppException('STATS_PERIOD_INVALID');
    const t = Date.parse(v);
    if (Number.isNaN(t)) throw new AppException('STATS_PERIOD_INVALID');
    return new Date(t);
  };
  const to = parse(toRaw, true) ?? now;
  const from = parse(fromRaw, false) ?? new Date(to.getTime() - 30 * DAY_MS);
  if (from.getTime() >= to.getTime() || to.getTime() - from.getTime() > MAX_PERIOD_DAYS * DAY_MS)
    throw new AppException('STATS_PERIOD_INVALID');
  return { from, to };
}

/** The same instant as the text the databases store and compare (`YYYY-MM-DD HH:MM:SS.mmm`, UTC). */
export function sqlTime(d: Date): string {
  return d.toISOString().replace('T', ' ').replace('Z', '');
}

/** Every UTC+8 day touched by the period, in order. */
export function daysOf(p: StatsPeriod): string[] {
  const days: string[] = [];
  const last = chinaDay(new Date(p.to.getTime() - 1));
  for (let d = chinaDay(p.from); d <= last; d = new Date(Date.parse(`${d}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10)) days.push(d);
  return days;
}

/** A period cut where the daily roll-up can answer: whole UTC+8 days before today, and what is left (0–2 ends). */
export interface SplitPeriod {
  /** Whole days, first and last inclusive; null when the period has none before today. */
  days: { first: string; last: string } | null;
  /** The parts to count from the cases: a partial first day, and everything from today (or a partial last day) on. */
  rest: StatsPeriod[];
}

/** Splits `p` into whole days before `now`'s UTC+8 day (for the roll-up) and the rest (for the cases). */
export function splitAtWholeDays(p: StatsPeriod, now: Date): SplitPeriod {
  const startOf = (d: Date) => chinaDayStart(chinaDay(d)).getTime();
  const fromDayStart = startOf(p.from);
  const wholeFrom = fromDayStart === p.from.getTime() ? fromDayStart : fromDayStart + DAY_MS;
  const wholeTo = Math.min(startOf(p.to), startOf(now));
  if (wholeFrom >= wholeTo) return { days: null, rest: [p] };
  const rest: StatsPeriod[] = [];
  if (p.from.getTime() < wholeFrom) rest.push({ from: p.from, to: new Date(wholeFrom) });
  if (wholeTo < p.to.getTime()) rest.push({ from: new Date(wholeTo), to: p.to });
  return { days: { first: chinaDay(new Date(wholeFrom)), last: chinaDay(new Date(wholeTo - 1)) }, rest };
}
