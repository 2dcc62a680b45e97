import type { CaseStatus } from '@sansui/shared';
import { insertCase, seedCaseWorld, type CaseWorld } from '../testing/factories-cases';
import { startTestApp, type TestApp } from '../testing/test-app';
import { countedContributions } from './day-figures.repository';

const HOUR = 3_600_000;

/**
 * The new-case trigger counts a case in the daily roll-up inside its INSERT, whatever the case already carries: a case
 * a submission opens meets only the reported figure (MariaDB upserts that one row), an imported or seeded case may be
 * inserted dispatched, overdue, resolved or closed and meets more. Either way the kept rows equal a recount.
 */
describe('the daily roll-up of cases inserted in any state', () => {
  let t: TestApp;
  let w: CaseWorld;
  beforeAll(async () => {
    t = await startTestApp();
    w = await seedCaseWorld(t);
  }, 120_000);
  afterAll(() => t.close());

  const insert = (
    status: CaseStatus,
    dates: { dispatchedAt?: Date | null; deadline?: Date | null; resolvedAt?: Date | null; closedAt?: Date | null },
  ) => insertCase(t, { status, reporterId: w.resident.user.id, gridId: w.gridAId, departmentId: w.deptA, ...dates });

  it('counts each figure the new case meets, and only those', async () => {
    const ago = (hours: number) => new Date(Date.now() - hours * HOUR);
    const before = await rollUp();
    await insert('submitted', { dispatchedAt: null, deadline: null });
    await insert('rejected', { dispatchedAt: null, deadline: null });
    // Only a deadline: went overdue, and nothing else beyond reported.
    await insert('submitted', { dispatchedAt: null, deadline: ago(30) });
    await insert('dispatched', { dispatchedAt: ago(50), deadline: ago(26) });
    await insert('closed', { dispatchedAt: ago(80), deadline: ago(76), resolvedAt: ago(78), closedAt: ago(77) });
    const after = await rollUp();
    expect(after).toEqual(await recount());
    const added = [...after.keys()].filter((k) => after.get(k) !== before.get(k)).map((k) => k.split('|')[0]);
    expect(new Set(added)).toEqual(new Set(['reported', 'went_overdue', 'open_due', 'handled', 'closed']));
  });

  /** The roll-up's counts by key (slots summed), the rows that count something. */
  async function rollUp(): Promise<Map<string, number>> {
    const rows: Record<string, unknown>[] = await t.db.query(
      'SELECT figure, day, departmentId, gridId, categoryCode, bucket, SUM(n) AS n FROM case_day_figures GROUP BY figure, day, departmentId, gridId, categoryCode, bucket',
    );
    return keyed(rows.map((r) => [r, Number(r.n)]));
  }

  /** The same, counted from the cases as the rebuild would. */
  async function recount(): Promise<Map<string, number>> {
    const { sql, parts } = countedContributions(String(t.db.options.type), (col) => `${col} >= ?`);
    const rows: Record<string, unknown>[] = await t.db.query(
      sql,
      Array.from({ length: parts }, () => 0),
    );
    return keyed(rows.map((r) => [r, Number(r.k)]));
  }

  function keyed(rows: [Record<string, unknown>, number][]): Map<string, number> {
    const out = new Map<string, number>();
    for (const [r, n] of rows) {
      const key = [r.figure, r.day, r.departmentId, r.gridId, r.categoryCode, r.bucket].map(String).join('|');
      out.set(key, (out.get(key) ?? 0) + n);
    }
    for (const [key, n] of out) if (n === 0) out.delete(key);
    return out;
  }
});
