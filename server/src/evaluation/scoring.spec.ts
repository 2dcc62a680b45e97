import { DEFAULT_DIGITAL_MIX, DEFAULT_EVALUATION_WEIGHTS } from '@sansui/shared';
import { digitalScore, findingDeduction, monthTotal, quarterScore, rankByScore, roundScore, weightedMean } from './scoring';

describe('evaluation scoring (docs/domain.md §16)', () => {
  it.each([
    // count, per occurrence, item maximum, already deducted this round and area → deduction
    [1, 2, 10, 0, 2],
    [3, 2, 10, 0, 6],
    [6, 2, 10, 0, 10], // capped at the maximum
    [2, 2, 10, 8, 2],
    [3, 2, 10, 8, 2], // only what is left of the maximum
    [1, 2, 10, 10, 0], // maximum reached: the finding is recorded, costs nothing
    [0, 2, 10, 0, 0],
  ])('finding of %i × %i (max %i, %i already) deducts %i', (count, per, max, already, expected) => {
    expect(findingDeduction(count, per, max, already)).toBe(expected);
  });

  it.each([
    [[], 1000],
    [[10, 25.5], 964.5],
    [[600, 500], 0], // floored at 0
  ])('round score of deductions %j is %d', (deductions, expected) => {
    expect(roundScore(deductions)).toBe(expected);
  });

  it.each([
    // covert, open, digital → total, missing
    [900, 800, 700, 830, []],
    [null, 800, 700, round(800 * (0.5 / 0.6) + 700 * (0.1 / 0.6)), ['covert']],
    [900, null, null, 900, ['open', 'digital']],
    [null, null, null, null, ['covert', 'open', 'digital']],
  ])('month total of covert %p, open %p, digital %p is %p (missing %j)', (covert, open, digital, total, missing) => {
    const r = monthTotal({ covert, open, digital }, DEFAULT_EVALUATION_WEIGHTS);
    expect(r.value).toBe(total);
    expect(r.missing).toEqual(missing);
    if (r.value !== null) expect(Object.values(r.applied).reduce((s, w) => s + (w as number), 0)).toBeCloseTo(1, 10);
  });

  it('configurable weights: a city that counts only covert and open', () => {
    expect(monthTotal({ covert: 900, open: 700, digital: 100 }, { covert: 0.5, open: 0.5, digital: 0 }).value).toBe(800);
  });

  it.each([
    // on time, verified, satisfaction → digital
    [1, 1, 1, 1000],
    [0.8, 0.5, 1, 750],
    [0.8, null, null, 800], // reweighted onto on-time alone
    [null, null, null, null],
  ])('digital of KPIs %p / %p / %p is %p', (onTime, verified, satisfaction, expected) => {
    expect(digitalScore({ onTime, verified, satisfaction }, DEFAULT_DIGITAL_MIX).value).toBe(expected);
  });

  it.each([
    // month totals, leader score, leader weight → quarter
    [[900, 800, 700], null, 0, 800],
    [[900, null, 700], null, 0, 800], // a month without data is left out
    [[900, 800, 700], 600, 0, 800], // weight 0: the leader score does not count
    [[900, 800, 700], 600, 0.2, 760],
    [[900, 800, 700], null, 0.2, 800], // no leader score given
    [[null, null, null], null, 0.2, null],
  ])('quarter of %j with leader %p at weight %p is %p', (months, leader, weight, expected) => {
    expect(quarterScore(months, leader, weight)).toBe(expected);
  });

  it('ranks highest first; ties share a rank; unscored last; top and bottom marked', () => {
    const ranked = rankByScore(
      [
        { id: 'a', s: 800 },
        { id: 'b', s: 950 },
        { id: 'c', s: 800 },
        { id: 'd', s: null },
        { id: 'e', s: 700 },
      ],
      (x) => x.s,
    );
    expect(ranked.map((r) => [r.item.id, r.rank, r.top, r.bottom])).toEqual([
      ['b', 1, true, false],
      ['a', 2, false, false],
      ['c', 2, false, false],
      ['e', 4, false, true],
      ['d', null, false, false],
    ]);
  });

  it('all tied: nobody is top or bottom', () => {
    const ranked = rankByScore([{ s: 900 }, { s: 900 }], (x) => x.s);
    expect(ranked.map((r) => [r.rank, r.top, r.bottom])).toEqual([
      [1, false, false],
      [1, false, false],
    ]);
  });

  it('weightedMean ignores a zero weight even when its value is present', () => {
    expect(weightedMean({ a: 100, b: 0 }, { a: 1, b: 0 })).toEqual({ value: 100, missing: [], applied: { a: 1 } });
  });
});

function round(x: number) {
  return Math.round(x * 100) / 100;
}
