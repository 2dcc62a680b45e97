// Every case list the admin panel offers, at 1M cases (issue 12, docs/performance.md "Case lists at 1M"), on data
// kept by `KPI_FILL_ONLY=1 KPI_KEEP_DB=… npx jest --testRegex 'kpi-plan\.bench\.ts$'` (migrations run at start).
// Per shape: GET /api/v1/cases through the whole stack (median / p95 / max of LIST_CALLS after one warm-up), the
// same run's floors (GET /api/health, a bare COUNT of November), and the statements main ran before this round
// (the single-statement page of `listQuery` + its full COUNT) on the same data. Timings are printed, never asserted.
// From server/:
//   LIST_DB=/path/to/1m.sqlite|mariadb://…/db [LIST_CALLS=20] [LIST_LEGACY=0] [LIST_LEGACY_CALLS=5] [LIST_NEW=0] [LIST_ONLY=<part of a label>] [LIST_SKIP=<part of a label>] [LIST_TEXT_INDEX=0] [LIST_TEXT_STATUSES=0] [LIST_TEXT_RUNS=0] [LIST_TEXT_WALK_RUNS=0] [LIST_TEXT_WALK_BITMAP=0] [LIST_NEWEST_FIRST=0] [LIST_TEXT_COUNT_BITMAP=0] [LIST_WORD_COUNT=full] npx jest --testRegex 'case-list\.bench\.ts$'
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { CaseListPage } from '@sansui/shared';
import type { AuthUser } from '../common/auth/auth-user';
import { CASE_LIST_SHAPES } from '../testing/case-list-shapes';
import { staffToken } from '../testing/factories-auth';
import { startTestApp, type TestApp } from '../testing/test-app';
import { CaseQueryService } from './case-query.service';
import type { CaseListQueryDto } from './dto/case-list-query.dto';

jest.setTimeout(3_600_000);

const DB = process.env.LIST_DB;
const CALLS = Number(process.env.LIST_CALLS ?? 20);
/** Main's statements take seconds on MariaDB: fewer calls. */
const LEGACY_CALLS = Number(process.env.LIST_LEGACY_CALLS ?? 5);
const NOW = new Date('2026-11-23T10:00:00Z');

(DB ? describe : describe.skip)('case lists at 1M', () => {
  let t: TestApp;
  beforeAll(async () => {
    const db = DB!;
    t = await startTestApp(db.includes('://') ? { DATABASE_URL: db } : { SQLITE_PATH: db });
    // LIST_TEXT_INDEX=0: the search box's words walk as before the text index.
    if (process.env.LIST_TEXT_INDEX === '0') t.app.get(CaseQueryService).textScanBlocks = -1;
    // LIST_TEXT_STATUSES=0: the index hands over the words' cases of every status or none, as before the fifteenth round.
    if (process.env.LIST_TEXT_STATUSES === '0') t.app.get(CaseQueryService).textSomeStatuses = false;
    // LIST_TEXT_RUNS=0: a candidate block is read whole, as before the sixteenth round.
    if (process.env.LIST_TEXT_RUNS === '0') t.app.get(CaseQueryService).textRuns = false;
    // LIST_TEXT_WALK_RUNS=0: the statuses that walk read every row of their index, as before the seventeenth round.
    if (process.env.LIST_TEXT_WALK_RUNS === '0') t.app.get(CaseQueryService).textWalkRuns = false;
    // LIST_TEXT_WALK_BITMAP=0: MariaDB's walks get the candidate runs as IN lists, as before the eighteenth round.
    if (process.env.LIST_TEXT_WALK_BITMAP === '0') t.app.get(CaseQueryService).textWalkBitmap = false;
    // LIST_NEWEST_FIRST=0: MariaDB walks newest first backward down (status, createdAt), as before the eighteenth round.
    if (process.env.LIST_NEWEST_FIRST === '0') t.app.get(CaseQueryService).newestFirstIndex = false;
    // LIST_TEXT_COUNT_BITMAP=0: MariaDB's count of a common word judges it on every bounded row, as before the nineteenth round.
    if (process.env.LIST_TEXT_COUNT_BITMAP === '0') t.app.get(CaseQueryService).textCountBitmap = false;
    // LIST_WORD_COUNT=full: the words' count judges every row up to the cap, as before the fourteenth round.
    if (process.env.LIST_WORD_COUNT === 'full') t.app.get(CaseQueryService).wordCountRows = null;
  });
  afterAll(() => t.close());

  // MariaDB: the CPU of the server threads of this database's connections (the app's pool, warm after a first call), so
  // a figure is the work of this process's statements whatever else the shared machine runs.
  const mariadbThreads = async (): Promise<string[]> => {
    if (t.db.options.type === 'better-sqlite3') return [];
    const rows = (await t.db.query('SELECT TID AS tid FROM information_schema.PROCESSLIST WHERE DB = DATABASE()')) as { tid: number }[];
    const pids = execFileSync('pgrep', ['-x', 'mariadbd']).toString().trim().split('\n');
    return rows.flatMap((r) => pids.map((pid) => `/proc/${pid}/task/${r.tid}/schedstat`).filter((f) => existsSync(f)));
  };
  const serverNs = (threads: string[]) =>
    threads.reduce((n, f) => n + (existsSync(f) ? Number(readFileSync(f, 'utf8').split(' ')[0]) : 0), 0);

  it('measures', async () => {
    const log = (s: string) => process.stderr.write(`${s}\n`);
    const ms = (a: bigint) => Number(process.hrtime.bigint() - a) / 1e6;
    const timed = async (fn: () => Promise<unknown>, calls = CALLS): Promise<string> => {
      await fn();
      const all: number[] = [];
      // This process's CPU a call (SQLite runs in it): on a loaded machine it moves less than the wall time.
      const threads = await mariadbThreads();
      const serverBefore = serverNs(threads);
      const cpu = process.cpuUsage();
      for (let i = 0; i < calls; i++) {
        const a = process.hrtime.bigint();
        await fn();
        all.push(ms(a));
      }
      const used = process.cpuUsage(cpu);
      const server = threads.length ? `, mariadbd ${((serverNs(threads) - serverBefore) / 1e6 / calls).toFixed(1)}` : '';
      all.sort((x, y) => x - y);
      const rank = (p: number) => all[Math.min(all.length - 1, Math.ceil(p * all.length) - 1)];
      return `${rank(0.5).toFixed(1)} / ${rank(0.95).toFixed(1)} / ${all[all.length - 1].toFixed(1)} (node CPU ${((used.user + used.system) / 1000 / calls).toFixed(1)}${server} a call)`;
    };
    const dispatcher = (await staffToken(t, ['dispatcher'])).token;
    const handlerUser = await staffToken(t, ['handler'], 5);
    const tokens = { dispatcher, handler: handlerUser.token };
    const listing = t.app.get(CaseQueryService);
    const users: Record<'dispatcher' | 'handler', AuthUser> = {
      dispatcher: { id: 1, kind: 'staff', roles: ['dispatcher'], departmentId: null },
      handler: { id: handlerUser.user.id, kind: 'staff', roles: ['handler'], departmentId: 5 },
    };
    const get = async (who: 'dispatcher' | 'handler', query: Record<string, unknown>) => {
      const res = await t.http().get('/api/v1/cases').query(query).set('Authorization', `Bearer ${tokens[who]}`);
      if (res.status !== 200) throw new Error(`GET /cases answered ${res.status}: ${JSON.stringify(res.body)}`);
      return res.body as CaseListPage;
    };
    const out: string[] = [];
    const say = (line: string) => {
      out.push(line);
      log(line);
    };
    const load = () => loadavg()[0].toFixed(1);
    say(`--- ${t.db.options.type}, ${new Date().toISOString()}, load ${load()}`);
    say(`floor GET /api/health: ${await timed(() => t.http().get('/api/health'))}`);
    say(
      `floor COUNT(*) of November: ${await timed(() =>
        t.db.query('SELECT COUNT(*) FROM cases c WHERE c.createdAt >= ? AND c.createdAt < ?', [
          '2026-11-01 00:00:00',
          '2026-12-01 00:00:00',
        ]),
      )}`,
    );
    // The cursor 500 pages deep: where page 500 by offset ends.
    const deep = process.env.LIST_NEW === '0' ? '' : (await get('dispatcher', { page: 499 })).next!;
    const skip = process.env.LIST_SKIP;
    const shapes = CASE_LIST_SHAPES.filter(([label]) => label.includes(process.env.LIST_ONLY ?? '') && !(skip && label.includes(skip)));
    for (const [label, who, query, asOf] of process.env.LIST_NEW === '0' ? [] : shapes) {
      const q = 'deep' in query ? { after: deep } : query;
      // As of another time: the service's answer (what GET /cases runs after validation), timed alone.
      const read = asOf ? () => listing.list(users[who], q as CaseListQueryDto, asOf) : () => get(who, q);
      const first = await read();
      say(
        `${label}: ${await timed(read)} ms (median / p95 / max) — ${first.items.length} rows, total ${first.totalCapped ? '> ' : ''}${first.total}`,
      );
    }
    if (process.env.LIST_LEGACY !== '0') {
      // Main's statements before this round: the builder's page (one statement, IN list, CASE in the ORDER BY) and COUNT(*).
      for (const [label, who, query, asOf] of shapes) {
        if ('deep' in query) continue;
        const lq = query as CaseListQueryDto;
        const qb = listing.listQuery(users[who], lq, asOf ?? NOW);
        const page = Number(lq.page ?? 1);
        const [sql, params] = qb
          .clone()
          .offset((page - 1) * 20)
          .limit(20)
          .getQueryAndParameters();
        say(
          `main's page + COUNT, ${label}: ${await timed(async () => Promise.all([t.db.query(sql, params), qb.getCount()]), LEGACY_CALLS)}`,
        );
      }
    }
    say(`--- end ${new Date().toISOString()}, load ${load()}`);
    console.log(out.join('\n'));
  });
});
