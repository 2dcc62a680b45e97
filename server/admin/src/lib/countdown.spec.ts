import { describe, expect, it } from 'vitest';
import { countdown, formatMinutesLeft, formatRate, formatTime } from './countdown';
import { fenToYuanText, parseYuan } from './money';

describe('countdown formatting', () => {
  const now = Date.parse('2026-11-23T10:00:00Z');
  it('shows time left in days, hours and minutes', () => {
    expect(formatMinutesLeft(192)).toBe('剩 3小时12分');
    expect(formatMinutesLeft(120)).toBe('剩 2小时');
    expect(formatMinutesLeft(45)).toBe('剩 45分钟');
    expect(formatMinutesLeft(1440 * 2 + 60)).toBe('剩 2天1小时');
    expect(formatMinutesLeft(0)).toBe('即将到期');
  });
  it('shows overdue time', () => {
    expect(formatMinutesLeft(-90)).toBe('超期 1小时30分');
    const c = countdown('2026-11-23T09:00:00Z', now)!;
    expect(c).toMatchObject({ overdue: true, text: '超期 1小时' });
  });
  it('marks the last quarter of the SLA as urgent', () => {
    expect(countdown('2026-11-23T10:50:00Z', now, 4)!.urgent).toBe(true);
    expect(countdown('2026-11-23T12:00:00Z', now, 4)!.urgent).toBe(false);
    expect(countdown(null, now)).toBeNull();
    expect(countdown('garbage', now)).toBeNull();
  });
  it('formats times in Beijing time and rates as percentages', () => {
    expect(formatTime('2026-11-23T16:05:00Z')).toBe('2026-11-24 00:05');
    expect(formatTime(null)).toBe('—');
    expect(formatRate(0.8765)).toBe('87.7%');
    expect(formatRate(null)).toBe('—');
  });
});

describe('money input', () => {
  it('turns yuan text into integer fen without floating point', () => {
    expect(parseYuan('2')).toBe(200);
    expect(parseYuan('2.5')).toBe(250);
    expect(parseYuan('0.07')).toBe(7);
    expect(parseYuan('¥19.99')).toBe(1999);
    expect(parseYuan('1.005')).toBeNull();
    expect(parseYuan('-1')).toBeNull();
    expect(parseYuan('abc')).toBeNull();
    expect(fenToYuanText(250)).toBe('2.50');
    expect(parseYuan(fenToYuanText(477800))).toBe(477800);
  });
});
