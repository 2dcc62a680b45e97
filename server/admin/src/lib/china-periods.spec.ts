import { describe, expect, it } from 'vitest';
import { chinaMonth, chinaQuarter, quarterOfMonth, recentChinaQuarters } from './china-periods';

describe('month and quarter in China', () => {
  it('is already the next month at 16:30 UTC on the last day of a month, when a UTC browser is still on the old one', () => {
    // 2026-11-30 16:30 UTC is 2026-12-01 00:30 in Beijing
    expect(chinaMonth(new Date('2026-11-30T16:30:00Z'))).toBe('2026-12');
    expect(chinaMonth(new Date('2026-11-30T15:30:00Z'))).toBe('2026-11');
  });

  it('turns the quarter and the year at 16:00 UTC on 31 December', () => {
    expect(chinaQuarter(new Date('2026-12-31T16:30:00Z'))).toBe('2027-Q1');
    expect(chinaQuarter(new Date('2026-12-31T15:30:00Z'))).toBe('2026-Q4');
    expect(chinaQuarter(new Date('2026-09-30T16:30:00Z'))).toBe('2026-Q4');
  });

  it('maps months to quarters', () => {
    expect(['2026-01', '2026-03', '2026-04', '2026-06', '2026-07', '2026-10', '2026-12'].map(quarterOfMonth)).toEqual([
      '2026-Q1',
      '2026-Q1',
      '2026-Q2',
      '2026-Q2',
      '2026-Q3',
      '2026-Q4',
      '2026-Q4',
    ]);
  });

  it('lists the recent quarters newest first across a year boundary', () => {
    expect(recentChinaQuarters(6, new Date('2026-12-31T16:30:00Z'))).toEqual([
      '2027-Q1',
      '2026-Q4',
      '2026-Q3',
      '2026-Q2',
      '2026-Q1',
      '2025-Q4',
    ]);
  });
});
