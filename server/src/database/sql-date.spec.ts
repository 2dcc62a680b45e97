import { readSqlDate, sqlDateIso } from './sql-date';

describe('sqlDateIso', () => {
  const throughDate = (v: Date | string) => readSqlDate(v).toISOString();

  it('answers what the Date round trip answers for SQLite texts with and without milliseconds', () => {
    const texts: string[] = [];
    for (let i = 0; i < 2_000; i++) {
      const iso = new Date(Date.UTC(1999, 0, 1) + i * 987_654_321 + (i % 7) * 13).toISOString();
      texts.push(iso.replace('T', ' ').replace('Z', ''), iso.slice(0, 19).replace('T', ' '));
    }
    texts.push('2026-12-06 00:00:00', '2026-12-31 23:59:59.999', '2000-02-29 12:00:00.000');
    for (const text of texts) expect(sqlDateIso(text)).toBe(throughDate(text));
  });

  it('formats a Date (mysql2) and other texts through the Date', () => {
    const d = new Date('2026-12-06T20:58:10.274Z');
    expect(sqlDateIso(d)).toBe('2026-12-06T20:58:10.274Z');
    expect(sqlDateIso('2026-12-06 20:58:10.2')).toBe('2026-12-06T20:58:10.200Z');
    expect(() => sqlDateIso('not a date')).toThrow(RangeError);
  });
});
