import {
  CHINA_OFFSET_MS,
  chinaDay,
  chinaDayRange,
  chinaDayStart,
  chinaMonthPeriod,
  chinaMonthRange,
  chinaWallClock,
  nextChinaMidnight,
} from './china-time';

describe('China-time days (UTC+8)', () => {
  it('is eight hours ahead of UTC', () => {
    expect(CHINA_OFFSET_MS).toBe(8 * 3600 * 1000);
  });

  it('puts a UTC evening on the next China day, and 15:59:59 UTC on the same one', () => {
    expect(chinaDay(new Date('2026-10-31T16:00:00Z'))).toBe('2026-11-01');
    expect(chinaDay(new Date('2026-10-31T15:59:59.999Z'))).toBe('2026-10-31');
  });

  it('writes the wall clock in China time without a zone', () => {
    expect(chinaWallClock(new Date('2026-01-01T02:03:04.567Z'))).toBe('2026-01-01T10:03:04');
    expect(chinaWallClock(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01T00:00:00');
  });

  it('starts a China day at 16:00 UTC of the day before', () => {
    expect(chinaDayStart('2026-03-01').toISOString()).toBe('2026-02-28T16:00:00.000Z');
    expect(Number.isNaN(chinaDayStart('not a day').getTime())).toBe(true);
  });

  it('gives the [start, end) of the China day containing an instant', () => {
    const [from, to] = chinaDayRange(new Date('2026-03-01T17:00:00Z'));
    expect(from.toISOString()).toBe('2026-03-01T16:00:00.000Z');
    expect(to.toISOString()).toBe('2026-03-02T16:00:00.000Z');
    const [edge] = chinaDayRange(new Date('2026-03-01T16:00:00Z'));
    expect(edge.toISOString()).toBe('2026-03-01T16:00:00.000Z');
  });

  it('gives the [start, end) of the China month containing an instant, across a year end', () => {
    const [from, to] = chinaMonthRange(new Date('2026-01-31T20:00:00Z'));
    expect(from.toISOString()).toBe('2026-01-31T16:00:00.000Z');
    expect(to.toISOString()).toBe('2026-02-28T16:00:00.000Z');
    const [dec, jan] = chinaMonthRange(new Date('2026-12-15T00:00:00Z'));
    expect(dec.toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(jan.toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });

  it('reads a month YYYY-MM as the same bounds', () => {
    const [from, to] = chinaMonthPeriod('2026-02');
    expect(from.toISOString()).toBe('2026-01-31T16:00:00.000Z');
    expect(to.toISOString()).toBe('2026-02-28T16:00:00.000Z');
  });

  it('finds the next China midnight, strictly after the instant', () => {
    expect(nextChinaMidnight(new Date('2026-12-05T13:00:00Z')).toISOString()).toBe('2026-12-05T16:00:00.000Z');
    expect(nextChinaMidnight(new Date('2026-12-05T17:00:00Z')).toISOString()).toBe('2026-12-06T16:00:00.000Z');
    expect(nextChinaMidnight(new Date('2026-12-05T16:00:00Z')).toISOString()).toBe('2026-12-06T16:00:00.000Z');
  });
});
