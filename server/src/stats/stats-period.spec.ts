import { chinaDay } from '@sansui/shared';
import { daysOf, parsePeriod, sqlTime } from './stats-period';

describe('parsePeriod', () => {
  const now = new Date('2026-11-23T10:00:00Z');

  it('reads dates as whole days in UTC+8, "to" inclusive', () => {
    const p = parsePeriod('2026-11-01', '2026-11-30', now);
    expect(p.from.toISOString()).toBe('2026-10-31T16:00:00.000Z');
    expect(p.to.toISOString()).toBe('2026-11-30T16:00:00.000Z');
  });

  it('takes ISO date-times as instants and defaults to the last 30 days', () => {
    expect(parsePeriod('2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z', now)).toEqual({
      from: new Date('2026-11-01T00:00:00Z'),
      to: new Date('2026-11-02T00:00:00Z'),
    });
    expect(parsePeriod(undefined, undefined, now)).toEqual({ from: new Date('2026-10-24T10:00:00Z'), to: now });
  });

  it('refuses reversed, too long and malformed periods with STATS_PERIOD_INVALID', () => {
    for (const [f, t] of [
      ['2026-11-30', '2026-11-01'],
      ['2025-01-01', '2026-11-01'],
      ['2026-02-30', undefined],
      ['yesterday', undefined],
      ['2026-11-01', ['a']],
    ]) {
      expect(() => parsePeriod(f, t, now)).toThrow(expect.objectContaining({ code: 'STATS_PERIOD_INVALID' }));
    }
  });
});

describe('day helpers', () => {
  it('formats SQL times and UTC+8 days', () => {
    expect(sqlTime(new Date('2026-11-01T02:03:04.005Z'))).toBe('2026-11-01 02:03:04.005');
    expect(chinaDay(new Date('2026-10-31T16:00:00Z'))).toBe('2026-11-01');
    expect(chinaDay(new Date('2026-10-31T15:59:59Z'))).toBe('2026-10-31');
  });

  it('lists the days of a period', () => {
    expect(daysOf(parsePeriod('2026-11-29', '2026-12-02'))).toEqual(['2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02']);
  });
});
