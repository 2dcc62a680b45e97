import { chinaDay } from '@sansui/shared';

/**
 * The month and quarter "now" as the city counts them: days in China. A browser on UTC is still in
 * the previous month between 16:00 and 24:00 UTC on the last day of a month.
 */
export function chinaMonth(now = new Date()): string {
  return chinaDay(now).slice(0, 7);
}

/** `YYYY-Qn` of a month `YYYY-MM`. */
export function quarterOfMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return `${y}-Q${Math.floor((m - 1) / 3) + 1}`;
}

export function chinaQuarter(now = new Date()): string {
  return quarterOfMonth(chinaMonth(now));
}

/** The `count` quarters up to the one of `now` in China, newest first. */
export function recentChinaQuarters(count: number, now = new Date()): string[] {
  const [y, m] = chinaMonth(now).split('-').map(Number);
  let index = y * 4 + Math.floor((m - 1) / 3);
  const out: string[] = [];
  for (let i = 0; i < count; i++, index--) out.push(`${Math.floor(index / 4)}-Q${(index % 4) + 1}`);
  return out;
}
