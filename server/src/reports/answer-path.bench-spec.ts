import { createValidationPipe } from '../common/errors/validation.pipe';
import { directQuery } from '../database/direct-sql';
import { Transactions } from '../database/transactions';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { newRequestId, REPORT_TEST_AREA, residentLogin, seedReportTestPlaces } from '../testing/factories-reports';
import { startTestApp, type TestApp } from '../testing/test-app';
import { CreateReportDto } from './dto/create-report.dto';
import { ReportsService } from './reports.service';
import { SubmissionCall } from './submission-call';
import { Category } from '../categories/category.entity';

/**
 * The two cuts of the submission's answer path, each against what it replaced, in the same process, alternating
 * rounds (CPU from process.cpuUsage, so other processes on the machine do not count): the validation of a report's
 * body (the pipe with and without CreateReportDto.fromValidBody) and a submission-shaped transaction of 3 INSERTs,
 * 2 UPDATEs and a SELECT (em.query against directQuery). Prints µs of CPU per call; asserts nothing about time.
 *   BENCH_N=2000 BENCH_ROUNDS=3 npx jest --testRegex 'answer-path\.bench-spec\.ts$'   (TEST_DB=mysql … for MariaDB)
 */
const N = Number(process.env.BENCH_N ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const body = {
  kind: 'snap',
  categoryCode: 'exposed_garbage',
  description: '路口有一堆垃圾',
  location: { lat: 31.2304, lng: 121.4737 },
  deviceLocation: { lat: 31.2305, lng: 121.4736 },
  locationAccuracyM: 12,
  photoIds: [101, 102],
  clientRequestId: 'r-20261207-0001',
};

async function cpuPerCall(calls: number, call: (i: number) => Promise<unknown>): Promise<number> {
  const start = process.cpuUsage();
  for (let i = 0; i < calls; i++) await call(i);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / calls;
}

describe('the answer path of a submission: CPU per call, before and after', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  }, 300_000);
  afterAll(() => t.close());

  it('validates a report body', async () => {
    const pipe = createValidationPipe();
    const validate = () => pipe.transform(JSON.parse(JSON.stringify(body)), { type: 'body', metatype: CreateReportDto });
    const rows: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const off = jest.spyOn(CreateReportDto, 'fromValidBody').mockReturnValue(undefined);
      const before = await cpuPerCall(N, validate);
      off.mockRestore();
      const after = await cpuPerCall(N, validate);
      rows.push(`round ${round + 1}: pipe ${before.toFixed(1)} µs, shortcut ${after.toFixed(1)} µs`);
    }
    console.log(`validation of a report body (${N} a round)\n${rows.join('\n')}`);
  }, 600_000);

  it('runs a submission-shaped transaction', async () => {
    const tx = t.app.get(Transactions);
    type Run = (em: Parameters<Parameters<Transactions['run']>[0]>[0], sql: string, params: unknown[]) => Promise<unknown>;
    const shaped = (run: Run, tag: string) => (i: number) =>
      tx.run(async (em) => {
        const key = `${tag}-${i}-${Math.random()}`;
        await run(em, 'INSERT INTO open311_clients (name, keyHash) VALUES (?, ?)', [key, key]);
        await run(em, 'INSERT INTO open311_clients (name, keyHash) VALUES (?, ?)', [`${key}-b`, `${key}-b`]);
        await run(em, 'INSERT INTO open311_clients (name, keyHash) VALUES (?, ?)', [`${key}-c`, `${key}-c`]);
        await run(em, 'UPDATE open311_clients SET userId = ? WHERE keyHash = ?', [i, key]);
        await run(em, 'UPDATE open311_clients SET active = ? WHERE keyHash = ?', [0, `${key}-b`]);
        return run(em, 'SELECT id, createdAt FROM open311_clients WHERE keyHash = ?', [key]);
      });
    const rows: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const before = await cpuPerCall(
        N,
        shaped((em, sql, params) => em.query(sql, params), `runner${round}`),
      );
      const after = await cpuPerCall(
        N,
        shaped((em, sql, params) => directQuery(em, sql, params), `direct${round}`),
      );
      rows.push(`round ${round + 1}: em.query ${before.toFixed(0)} µs, directQuery ${after.toFixed(0)} µs`);
    }
    console.log(`${t.db.options.type}: a transaction of 6 statements (${N} a round)\n${rows.join('\n')}`);
  }, 1_200_000);

  it("writes a submission: TypeORM's transaction against one call (MariaDB)", async () => {
    if (t.db.options.type === 'better-sqlite3') return;
    const { gridAId } = await seedReportTestPlaces(t.db);
    const { userId } = await residentLogin(t, 'bench-one-call');
    const category = await t.db.getRepository(Category).findOneByOrFail({ code: 'exposed_garbage' });
    // The two paths of ReportsService's transaction, without the reads before it (the crowded spot's finder would
    // grow with every round): the same rows written by its own transaction and by SubmissionCall.
    const reports = t.app.get(ReportsService) as unknown as {
      writes: (...a: unknown[]) => Parameters<SubmissionCall['commit']>[0];
      commit: (...a: unknown[]) => Promise<unknown>;
    };
    const tx = t.app.get(Transactions);
    const oneCall = t.app.get(SubmissionCall);
    const who = { userId, openid: null, source: 'hotline', actorRole: 'dispatcher' };
    const written = (inOneCall: boolean) => () => {
      const input = {
        kind: 'snap',
        categoryCode: category.code,
        location: REPORT_TEST_AREA.centre,
        photoIds: [],
        clientRequestId: newRequestId('bench'),
      };
      const w = reports.writes(who, input, category, gridAId, 'skipped', { validation: { ok: true } }, null);
      return inOneCall
        ? oneCall.commit({ report: w.report, open: w.open, photoRows: [], photoIds: [], role: 'evidence' })
        : tx.run((em) => reports.commit(em, who, input, category, 'skipped', w, null, []));
    };
    // mariadbd's own CPU (ms) from /proc, when it runs here: shared with whatever else uses it, so alternating rounds.
    const mariadbd = (() => {
      try {
        return execFileSync('pidof', ['mariadbd']).toString().trim().split(' ')[0];
      } catch {
        return undefined;
      }
    })();
    const dbCpuMs = () => {
      if (!mariadbd) return 0;
      const fields = readFileSync(`/proc/${mariadbd}/stat`, 'utf8').split(') ')[1].split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10;
    };
    const rows: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const inOneCall of round % 2 ? [true, false] : [false, true]) {
        const db0 = dbCpuMs();
        const us = await cpuPerCall(N, written(inOneCall));
        const db = (dbCpuMs() - db0) / N;
        rows.push(`round ${round + 1}: ${inOneCall ? 'one call' : 'transaction'} ${us.toFixed(0)} µs, mariadbd ${db.toFixed(2)} ms`);
      }
    }
    console.log(`a report's writes, no photos (${N} a round, mariadbd pid ${mariadbd ?? 'not here'})\n${rows.join('\n')}`);
  }, 1_200_000);
});
