import { describe, expect, it } from 'vitest';
import { defaultPeriod } from './PeriodPicker';

describe('defaultPeriod', () => {
  it('ends on today in China, also in the evening UTC when a UTC browser is still on yesterday', () => {
    // 2026-12-05 16:30 UTC is 2026-12-06 00:30 in Beijing
    expect(defaultPeriod(undefined, undefined, new Date('2026-12-05T16:30:00Z'))).toEqual({ from: '2026-11-07', to: '2026-12-06' });
    expect(defaultPeriod(undefined, undefined, new Date('2026-12-05T15:30:00Z'))).toEqual({ from: '2026-11-06', to: '2026-12-05' });
  });

  it('keeps the days given in the URL', () => {
    expect(defaultPeriod('2026-01-01', '2026-01-31', new Date('2026-12-05T16:30:00Z'))).toEqual({ from: '2026-01-01', to: '2026-01-31' });
  });
});
