import { CATEGORY_CATALOGUE, findCategory } from './categories';
import { ERROR_DEFINITIONS } from './errors';
import { formatFen } from './rewards';

describe('category catalogue', () => {
  it('has the 17 categories of the brief with unique codes and integer fen rewards', () => {
    expect(CATEGORY_CATALOGUE).toHaveLength(17);
    expect(new Set(CATEGORY_CATALOGUE.map((c) => c.code)).size).toBe(17);
    for (const c of CATEGORY_CATALOGUE) expect(Number.isInteger(c.rewardFen)).toBe(true);
    expect(findCategory('exposed_garbage')).toMatchObject({ slaHours: 4, rewardFen: 200, defaultDepartmentType: 'sanitation' });
    expect(findCategory('illegal_structure')?.slaHours).toBe(168);
    expect(findCategory('nope')).toBeUndefined();
  });
});

describe('error definitions', () => {
  it('are client errors (or 503 for an outage; 500 only for INTERNAL_ERROR) with Chinese messages', () => {
    for (const [code, def] of Object.entries(ERROR_DEFINITIONS)) {
      expect(code).toMatch(/^[A-Z0-9_]+$/);
      expect(def.status === 503 || (def.status >= 400 && def.status < 500) || (code === 'INTERNAL_ERROR' && def.status === 500)).toBe(true);
      expect(def.message).toMatch(/[\u4e00-\u9fa5]/);
    }
  });
});

describe('formatFen', () => {
  it.each([
    [0, '¥0.00'],
    [5, '¥0.05'],
    [200, '¥2.00'],
    [477800, '¥4778.00'],
    [-150, '-¥1.50'],
  ])('%d fen → %s', (fen, text) => expect(formatFen(fen)).toBe(text));
});
