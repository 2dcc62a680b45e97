import { doubleLiteral } from './double-literal';

describe('doubleLiteral', () => {
  it('writes a number in exponent form, which MariaDB reads as a DOUBLE, and which parses back to the same number', () => {
    expect(doubleLiteral(31.2304).toSqlString()).toBe('3.12304e+1');
    expect(doubleLiteral(-1000).toSqlString()).toBe('-1e+3');
    let x = 7;
    for (let i = 0; i < 2000; i++) {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      const n = ((x / 2 ** 31) * 360 - 180) / (1 + (i % 7));
      const text = doubleLiteral(n).toSqlString();
      expect(/^-?\d(\.\d+)?e[+-]\d+$/.test(text) ? Number(text) : text).toBe(n);
    }
  });

  it('refuses what is not a finite number: no other text reaches the statement', () => {
    for (const n of [NaN, Infinity, -Infinity]) expect(() => doubleLiteral(n)).toThrow('not a finite number');
  });
});
