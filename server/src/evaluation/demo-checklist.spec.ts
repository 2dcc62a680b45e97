import { CATEGORY_CATALOGUE } from '@sansui/shared';
import { DEMO_CHECKLIST } from './demo-checklist';

describe('the demo checklist (十大规范)', () => {
  it('has maxima that add up to 1,000 points over ten sections', () => {
    expect(DEMO_CHECKLIST.reduce((s, i) => s + i.maxDeduction, 0)).toBe(1000);
    expect(new Set(DEMO_CHECKLIST.map((i) => i.section)).size).toBe(10);
  });

  it('has unique codes, sane deductions and categories of the catalogue', () => {
    expect(new Set(DEMO_CHECKLIST.map((i) => i.code)).size).toBe(DEMO_CHECKLIST.length);
    const known = new Set(CATEGORY_CATALOGUE.map((c) => c.code));
    for (const i of DEMO_CHECKLIST) {
      expect(i.deduction).toBeGreaterThan(0);
      expect(i.maxDeduction).toBeGreaterThanOrEqual(i.deduction);
      expect(known.has(i.categoryCode)).toBe(true);
    }
  });
});
