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
const BOARD = { status: 'accepted,dispatched,in_progress,resolved', sort: 'deadline' };
const NOV = { from: '2026-11-01T00:00:00+08:00', to: '2026-12-01T00:00:00+08:00' };
/**
 * A time when almost no case of the fill was overdue yet (13 per running status): lists asked "as of" it are timed at
 * service level, the HTTP path always asking as of now (when every running case of the fill is overdue).
 */
const EARLY = new Date('2026-01-01T06:00:00Z');

/**
 * [label, who, query, as of]: the admin panel's screens (queues.tsx, ExtensionsPage) with each filter they offer. The
 * fill ties department, category and status to the case number: department 5 holds dispatched cases of two categories
 * (no illegal_parking), department 6 resolved ones (no road_damage). The "none match" shapes ask for what the fill
 * lacks, so a walk that looks for it down its sort index reads a whole range.
 */
const SHAPES: [string, 'dispatcher' | 'handler', Record<string, string | number | boolean>, Date?][] = [
  ['all, newest first', 'dispatcher', {}],
  ['all, page 500 by offset (9,980)', 'dispatcher', { page: 500 }],
  ['all, 500 pages deep by cursor', 'dispatcher', { deep: 1 }],
  ['running, deadline first', 'dispatcher', { status: 'dispatched,in_progress', sort: 'deadline' }],
  ['overdue (newest first)', 'dispatcher', { overdue: true }],
  ['category + November', 'dispatcher', { categoryCode: 'exposed_garbage', ...NOV }],
  ['triage: submitted, oldest first', 'dispatcher', { status: 'submitted', sort: 'createdAt' }],
  ['triage + category', 'dispatcher', { status: 'submitted', sort: 'createdAt', categoryCode: 'road_damage' }],
  ['board (4 states, deadline)', 'dispatcher', BOARD],
  ['board + department', 'dispatcher', { ...BOARD, departmentId: 5 }],
  ['board + category', 'dispatcher', { ...BOARD, categoryCode: 'road_damage' }],
  ['board + category by people affected', 'dispatcher', { ...BOARD, sort: '-meTooCount', categoryCode: 'road_damage' }],
  ['board + overdue', 'dispatcher', { ...BOARD, overdue: true }],
  ['board + overdue by people affected', 'dispatcher', { ...BOARD, sort: '-meTooCount', overdue: true }],
  ['board + pending extensions', 'dispatcher', { ...BOARD, extension: 'pending' }],
  ['board by people affected', 'dispatcher', { ...BOARD, sort: '-meTooCount' }],
  ['board + department by people affected', 'dispatcher', { ...BOARD, sort: '-meTooCount', departmentId: 5 }],
  [
    'board + department + category by people affected',
    'dispatcher',
    { ...BOARD, sort: '-meTooCount', departmentId: 5, categoryCode: 'road_damage' },
  ],
  ['board: closed, deadline', 'dispatcher', { status: 'closed', sort: 'deadline' }],
  [
    'board: closed + department + category',
    'dispatcher',
    { status: 'closed', sort: 'deadline', departmentId: 7, categoryCode: 'road_damage' },
  ],
  ['verify: resolved, by update', 'dispatcher', { status: 'resolved', sort: 'updatedAt' }],
  ['verify + department', 'dispatcher', { status: 'resolved', sort: 'updatedAt', departmentId: 5 }],
  ['verify + department + category', 'dispatcher', { status: 'resolved', sort: 'updatedAt', departmentId: 5, categoryCode: 'road_damage' }],
  ['verify + category (none match)', 'dispatcher', { status: 'resolved', sort: 'updatedAt', categoryCode: 'road_damage' }],
  ['department queue + category', 'handler', { status: 'dispatched,in_progress', sort: 'deadline', categoryCode: 'road_damage' }],
  ['department queue (handler)', 'handler', { status: 'dispatched,in_progress', sort: 'deadline' }],
  ['department queue + overdue', 'handler', { status: 'dispatched,in_progress', sort: 'deadline', overdue: true }],
  ['department queue + mine', 'handler', { status: 'dispatched,in_progress', sort: 'deadline', assignedTo: 'me' }],
  ['extensions page', 'dispatcher', { extension: 'pending', sort: 'deadline' }],
  ['search by case number', 'dispatcher', { ...BOARD, q: '123457' }],
  [
    'board + department + category by people affected (none match)',
    'dispatcher',
    { ...BOARD, sort: '-meTooCount', departmentId: 5, categoryCode: 'illegal_parking' },
  ],
  [
    'verify + department + category (none match)',
    'dispatcher',
    { status: 'resolved', sort: 'updatedAt', departmentId: 6, categoryCode: 'road_damage' },
  ],
  ['board + overdue by people affected (few match, as of Jan 1)', 'dispatcher', { ...BOARD, sort: '-meTooCount', overdue: true }, EARLY],
  [
    'board + overdue + category by people affected (few match, as of Jan 1)',
    'dispatcher',
    { ...BOARD, sort: '-meTooCount', overdue: true, categoryCode: 'road_damage' },
    EARLY,
  ],
  [
    'board + overdue + department by people affected (few match, as of Jan 1)',
    'dispatcher',
    { ...BOARD, sort: '-meTooCount', overdue: true, departmentId: 5 },
    EARLY,
  ],
  [
    'board + overdue + department + category by people affected (few match, as of Jan 1)',
    'dispatcher',
    { ...BOARD, sort: '-meTooCount', overdue: true, departmentId: 5, categoryCode: 'road_damage' },
    EARLY,
  ],
  ['board + overdue (deadline, few match, as of Jan 1)', 'dispatcher', { ...BOARD, overdue: true }, EARLY],
  ['overdue, newest first (few match, as of Jan 1)', 'dispatcher', { overdue: true }, EARLY],
  ['board + words (none match)', 'dispatcher', { ...BOARD, q: '没有这样的地址' }],
  // On a fill with texts (docs/performance.md, the search box, twelfth round): one case holds 迎春路; every piece of
  // 人民路灯 is in every block but no case holds the words; 垃圾 is in 1 case of 12.
  ['verify + words (none match)', 'dispatcher', { status: 'resolved', sort: 'updatedAt', q: '没有这样的地址' }],
  ['triage + words, one character (none match)', 'dispatcher', { status: 'submitted', sort: 'createdAt', q: '屿' }],
  ['all + words, one case holds them', 'dispatcher', { q: '迎春路' }],
  ['board + words, common', 'dispatcher', { ...BOARD, q: '垃圾' }],
  ['board + words, every piece common (none match)', 'dispatcher', { ...BOARD, q: '人民路灯' }],
  // Common words on that fill: 井 (one character) as 垃圾, 东风路 in 1 case of 20, 社区服务中心 (a landmark) in 1 of 5;
  // 东风路45号 in 1 of 6,000, spread over every block.
  ['all + words, common', 'dispatcher', { q: '垃圾' }],
  ['triage + words, common', 'dispatcher', { status: 'submitted', sort: 'createdAt', q: '垃圾' }],
  ['verify + words, common', 'dispatcher', { status: 'resolved', sort: 'updatedAt', q: '垃圾' }],
  ['board + department + words, common', 'dispatcher', { ...BOARD, departmentId: 5, q: '垃圾' }],
  ['board + words, common, one character', 'dispatcher', { ...BOARD, q: '井' }],
  ['board + words, common road', 'dispatcher', { ...BOARD, q: '东风路' }],
  ['board + words, common landmark', 'dispatcher', { ...BOARD, q: '社区服务中心' }],
  ['board + words, one road number', 'dispatcher', { ...BOARD, q: '东风路45号' }],
  // A road number is rare in every status on the spread fill (1 case in 6,000): read by the index's runs of 8 ids.
  ['all + words, one road number', 'dispatcher', { q: '东风路45号' }],
  ['triage + words, one road number', 'dispatcher', { status: 'submitted', sort: 'createdAt', q: '滨江路123号' }],
  ['verify + words, one road number', 'dispatcher', { status: 'resolved', sort: 'updatedAt', q: '东风路45号' }],
  ['board + words, one house number on every road', 'dispatcher', { ...BOARD, q: '路45号' }],
  // The same word on the other lists the panel offers: all walks newest first (on MariaDB forward down its descending
  // index since the eighteenth round: no index condition on a backward scan), triage and verify forward.
  ['all + words, one house number on every road', 'dispatcher', { q: '路45号' }],
  ['triage + words, one house number on every road', 'dispatcher', { status: 'submitted', sort: 'createdAt', q: '路45号' }],
  ['verify + words, one house number on every road', 'dispatcher', { status: 'resolved', sort: 'updatedAt', q: '路45号' }],
  // Its pieces 123, 23号 and 路12 come together in any road's 123号: more false runs than 东风路45号.
  ['board + words, one road number, pieces met often', 'dispatcher', { ...BOARD, q: '滨江路123号' }],
  ['all + words, one road number, pieces met often', 'dispatcher', { q: '滨江路123号' }],
  ['all + words, common, one character', 'dispatcher', { q: '井' }],
  ['all + words, common road', 'dispatcher', { q: '东风路' }],
];

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
    const shapes = SHAPES.filter(([label]) => label.includes(process.env.LIST_ONLY ?? '') && !(skip && label.includes(skip)));
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
