import type { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../testing/test-app';
import { DataVersion } from './data-version';

/**
 * MariaDB's data version as requests ask for it: `CONCURRENCY` callers at a time, each asking again as soon as it is
 * answered (as the connections of a load do), through DataVersion (a read shared by the requests that arrived before
 * it started, mysql2's pool) against one `SELECT SUM(n) FROM read_scopes WHERE scope = 0` per request through TypeORM (what it
 * replaced), alternating rounds. Prints µs of this process's CPU per request and requests per version read; asserts
 * nothing about time. SQLite has no round trip to share: skipped there.
 *   TEST_DB=mysql TEST_MYSQL_URL=… BENCH_N=3000 BENCH_ROUNDS=3 BENCH_CONCURRENCY=10 npx jest --testRegex 'data-version\.bench-spec\.ts$'
 */
const N = Number(process.env.BENCH_N ?? 3000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 10);

async function perRequest(ask: () => Promise<unknown>): Promise<number> {
  let left = N;
  const start = process.cpuUsage();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (left-- > 0) await ask();
    }),
  );
  const used = process.cpuUsage(start);
  return (used.user + used.system) / N;
}

const onMariadb = (process.env.TEST_DB ?? 'sqlite') === 'mysql' ? describe : describe.skip;

onMariadb('the data version on MariaDB: CPU per request, shared read against one read each', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  }, 300_000);
  afterAll(() => t.close());

  it('reads the version for concurrent requests', async () => {
    const version = t.app.get(DataVersion);
    const db: DataSource = t.db;
    const reads = { n: 0 };
    const counting = db.logger.logQuery.bind(db.logger);
    db.logger.logQuery = (sql, ...rest) => {
      if (sql.includes('read_scopes')) reads.n++;
      return counting(sql, ...rest);
    };
    const rows: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const each = await perRequest(() => db.query('SELECT SUM(n) AS v FROM read_scopes WHERE scope = 0'));
      reads.n = 0;
      const shared = await perRequest(() => version.current());
      rows.push(
        `round ${round + 1}: one read each ${each.toFixed(0)} µs, shared ${shared.toFixed(0)} µs (${(N / reads.n).toFixed(1)} requests a read)`,
      );
    }
    console.log(`data version, ${N} requests a round, ${CONCURRENCY} at a time\n${rows.join('\n')}`);
  }, 600_000);
});
