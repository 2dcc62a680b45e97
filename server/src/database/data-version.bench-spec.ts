import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../testing/test-app';
import { DataVersion } from './data-version';
import { caseListScopes, reporterScopes } from './read-scopes';

/**
 * MariaDB's data version as requests ask for it: `CONCURRENCY` callers at a time, each asking again as soon as it is
 * answered (as the connections of a load do), through DataVersion (a read shared by the requests that arrived before
 * it started, mysql2's pool) against one `SELECT SUM(n) FROM read_scopes WHERE scope = 0` per request through TypeORM (what it
 * replaced), alternating rounds. Prints µs of this process's CPU per request and requests per version read; asserts
 * nothing about time. SQLite has no round trip to share: skipped there. Then the city's mix's three reads (my reports,
 * the board, a department's queue) asking in turn with nothing written: each version read summing every scope its
 * requests asked (before the nineteenth round) against scope 0 read first, compared with the sums last read, alternating rounds,
 * with mariadbd's CPU (from /proc, shared with whatever else uses it) per request.
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

/** The local mariadbd serving `url` (the one started with its port, 3306 when none is given), if it runs here. */
function mariadbdOf(url: string): string | undefined {
  const port = url ? new URL(url).port || '3306' : '3306';
  let pids: string[];
  try {
    pids = execFileSync('pgrep', ['-x', 'mariadbd']).toString().trim().split('\n');
  } catch {
    return undefined;
  }
  return pids.find((pid) => {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const given = args.find((a) => a.startsWith('--port='))?.slice('--port='.length);
    return (given ?? '3306') === port;
  });
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

  it('reads the scopes of the mix’s three reads with nothing written: every sum, or scope 0 first', async () => {
    const version = t.app.get(DataVersion);
    const asks = [
      reporterScopes(7),
      caseListScopes(['accepted', 'dispatched', 'in_progress', 'resolved'], 'any'),
      caseListScopes(['dispatched', 'in_progress'], 3),
    ];
    const mariadbd = mariadbdOf(process.env.TEST_MYSQL_URL ?? '');
    const dbCpuMs = () => {
      if (!mariadbd) return NaN;
      const fields = readFileSync(`/proc/${mariadbd}/stat`, 'utf8').split(') ')[1].split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10;
    };
    // The round before: the sums last read forgotten before each read, so every read sums every scope asked.
    const forget = () => Object.assign(version, { known: undefined });
    const rows: string[] = [];
    for (let round = 0; round < ROUNDS; round++)
      for (const every of round % 2 ? [false, true] : [true, false]) {
        let i = 0;
        const db0 = dbCpuMs();
        const us = await perRequest(() => (every && forget(), version.current(asks[i++ % asks.length])));
        const db = ((dbCpuMs() - db0) / N) * 1000;
        rows.push(`round ${round + 1}: ${every ? 'every sum' : 'scope 0 first'} ${us.toFixed(0)} µs here, mariadbd ${db.toFixed(0)} µs`);
      }
    console.log(
      `the mix's version reads, ${N} requests a round, ${CONCURRENCY} at a time (mariadbd pid ${mariadbd ?? 'not here'})\n${rows.join('\n')}`,
    );
  }, 600_000);
});
