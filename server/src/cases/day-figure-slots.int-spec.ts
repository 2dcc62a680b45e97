import type { QueryRunner } from 'typeorm';
import { caseRow } from '../testing/bulk-seed';
import { testDatabaseKind } from '../testing/test-database';
import { startTestApp, type TestApp } from '../testing/test-app';
import { Case } from './case.entity';

/**
 * Cases of one figure key (category, grid, department, day) opened at once do not wait on each other: the new-case
 * trigger counts each in its own slot of the roll-up (MariaDB; SQLite has one writer at a time anyway). With one row
 * per key, the second INSERT waited on the first's row lock until its COMMIT.
 */
const mysqlOnly = testDatabaseKind() === 'mysql' ? describe : describe.skip;

mysqlOnly('the daily roll-up under concurrent case openings', () => {
  let t: TestApp;
  const runners: QueryRunner[] = [];
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterEach(async () => {
    for (const runner of runners.splice(0)) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
  });
  afterAll(() => t.close());

  /** A connection of its own whose lock waits give up after a second (a wait fails the test, it does not slow it). */
  async function connection(): Promise<QueryRunner> {
    const runner = t.db.createQueryRunner();
    await runner.connect();
    await runner.query('SET SESSION innodb_lock_wait_timeout = 1');
    runners.push(runner);
    return runner;
  }

  const open = (runner: QueryRunner, primaryReportId: number) =>
    runner.manager.save(
      runner.manager.create(Case, caseRow({ status: 'submitted', categoryCode: 'road_damage', gridId: 7, primaryReportId })),
    );

  const reportedToday = async (): Promise<{ rows: number; cases: number }> => {
    const [r] = await t.db.query(
      "SELECT COUNT(*) AS rows_, SUM(n) AS cases FROM case_day_figures WHERE figure = 'reported' AND gridId = 7 AND categoryCode = 'road_damage'",
    );
    return { rows: Number(r.rows_), cases: Number(r.cases ?? 0) };
  };

  it('opens a case of the same category, grid and day while another opening of it is not committed yet', async () => {
    const a = await connection();
    const b = await connection();
    await a.startTransaction();
    await open(a, 7_000_001);
    await b.startTransaction();
    await open(b, 7_000_002);
    await b.commitTransaction();
    await a.commitTransaction();
    expect(await reportedToday()).toEqual({ rows: 2, cases: 2 });
  });

  it('keeps opening cases of one key while eight openings of it wait for their COMMIT', async () => {
    const before = await reportedToday();
    const holders = await Promise.all(Array.from({ length: 8 }, () => connection()));
    for (const [i, runner] of holders.entries()) {
      await runner.startTransaction();
      await open(runner, 7_000_100 + i);
    }
    const late = await connection();
    await late.startTransaction();
    await open(late, 7_000_200);
    await late.commitTransaction();
    for (const runner of holders) await runner.commitTransaction();
    expect((await reportedToday()).cases).toBe(before.cases + 9);
  });
});
