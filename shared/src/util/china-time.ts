/**
 * China Standard Time (UTC+8, no daylight saving): the day and month boundaries the rules count by
 * (reward caps, statistics, reconciliation days, WeChat's time formats). Pure functions on UTC instants.
 */
export const CHINA_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

/** The UTC+8 calendar day (YYYY-MM-DD) of an instant. */
export function chinaDay(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The UTC+8 wall-clock time of an instant as `YYYY-MM-DDTHH:mm:ss` (no zone suffix). */
export function chinaWallClock(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 19);
}

/** The instant a UTC+8 calendar day (YYYY-MM-DD) starts. */
export function chinaDayStart(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - CHINA_OFFSET_MS);
}

/** [start, end) in UTC of the UTC+8 day containing `at`. */
export function chinaDayRange(at: Date): [Date, Date] {
  const local = new Date(at.getTime() + CHINA_OFFSET_MS);
  const start = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) - CHINA_OFFSET_MS;
  return [new Date(start), new Date(start + DAY_MS)];
}

/** [start, end) in UTC of the UTC+8 month containing `at`. */
export function chinaMonthRange(at: Date): [Date, Date] {
  const local = new Date(at.getTime() + CHINA_OFFSET_MS);
  return chinaMonthBounds(local.getUTCFullYear(), local.getUTCMonth() + 1);
}

/** [start, end) in UTC of a UTC+8 month given as `YYYY-MM`. */
export function chinaMonthPeriod(month: string): [Date, Date] {
  const [y, m] = month.split('-').map(Number);
  return chinaMonthBounds(y, m);
}

/** The next UTC+8 midnight strictly after `at`. */
export function nextChinaMidnight(at: Date): Date {
  return chinaDayRange(at)[1];
}

function chinaMonthBounds(year: number, month: number): [Date, Date] {
  return [new Date(Date.UTC(year, month - 1, 1) - CHINA_OFFSET_MS), new Date(Date.UTC(year, month, 1) - CHINA_OFFSET_MS)];
}
