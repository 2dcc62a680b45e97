// KPI and case-list timings at city scale (issue 12): seeds N cases (default 1,000,000) and ~2.4 events
// each with INSERT … SELECT from a number table (secondary indexes dropped during the fill and rebuilt
// after, like a restore), then measures, in the same run on the same data:
//   pass 1: the schema without the indexes of KPI_INDEXES;
//   pass 2: with them (created here when the schema lacks them).
// KPI_PASSES=2 runs pass 2 only; KPI_KEEP_DB keeps the filled database (see beforeAll); KPI_FILL_ONLY stops after the fill;
// KPI_SKIP_LISTS leaves the case lists out.
// Per pass: the HTTP endpoints (median and max of 7 calls after one warm-up, through the whole Nest stack
// as a dispatcher), the service calls, and the plans of the raw KPI statements. Timings are printed, never
// asserted (jest's testRegex skips *.bench.ts). From server/:
//   KPI_N=1000000 [TEST_DB=mysql TEST_MYSQL_URL=mariadb://…] npx jest --testRegex 'kpi-plan\.bench\.ts$'
import type { AuthUser } from '../common/auth/auth-user';
import { CaseQueryService } from '../cases/case-query.service';
import { rebuildDayFigures } from '../cases/day-figures.repository';
import { createScratchMysqlDatabase } from '../database/scratch-mysql';
import type { CaseListQueryDto } from '../cases/dto/case-list-query.dto';
import { staffToken } from '../testing/factories-auth';
import { startTestApp, type TestApp } from '../testing/test-app';
import { CircularService } from './circular/circular.service';
import { DepartmentKpisService } from './department-kpis.service';
import { parsePeriod, sqlTime } from './stats-period';

const N = Number(process.env.KPI_N ?? 1_000_000);
jest.setTimeout(3_600_000);

/**
 * The KPI covering indexes of the schema (migration KpiCoveringIndexes, issue 12). Pass 1 runs without them (dropped
 * here), pass 2 with them; any listed here that the schema lacks is created for pass 2, so a candidate can be
 * measured before it goes into a migration. `bench/kpi-profile.mjs` compares two builds' statements on kept data.
 */
const KPI_INDEXES: { table: string; columns: string[] }[] = [
  { table: 'cases', columns: ['createdAt', 'status', 'departmentId', 'gridId', 'categoryCode'] },
  { table: 'cases', columns: ['resolvedAt', 'departmentId', 'dispatchedAt'] },
  { table: 'cases', columns: ['status', 'closedAt', 'departmentId', 'deadline', 'gridId'] },
  { table: 'cases', columns: ['deadline', 'status', 'resolvedAt', 'departmentId'] },
  { table: 'case_events', columns: ['action', 'createdAt', 'caseId'] },
  {
    table: 'cases',
    columns: ['firstDispatchedAt', 'firstDepartmentId', 'categoryCode', 'dispatchCount', 'returnCount', 'suggestionTaken'],
  },
];

type Row = Record<string, unknown>;

describe('kpi plan', () => {
  let t: TestApp;
  beforeAll(async () => {
    // KPI_KEEP_DB: an SQLite file path or a MariaDB URL (its database created when missing), kept after the run for
    // case-list.bench.ts and bench/kpi-profile.mjs.
    const keep = process.env.KPI_KEEP_DB;
    if (keep?.includes('://')) await createScratchMysqlDatabase(keep, new URL(keep).pathname.slice(1), { ifMissing: true });
    t = await startTestApp(keep ? (keep.includes('://') ? { DATABASE_URL: keep } : { SQLITE_PATH: keep }) : {});
  });
  afterAll(() => t.close());

  it('measures', async () => {
    const db = t.db;
    const mysql = db.options.type !== 'better-sqlite3';
    const q = (sql: string, params: unknown[] = []) => db.query(sql, params) as Promise<Row[]>;
    const log = (s: string) => process.stderr.write(`${s}\n`);

    // KPI_MEASURE_ONLY (with KPI_KEEP_DB of an earlier KPI_FILL_ONLY run): no fill; the schema as migrated is measured once.
    const measureOnly = Boolean(process.env.KPI_MEASURE_ONLY);
    const indexes: { table: string; name: string; sql: string }[] = [];
    if (!measureOnly) {
      await q(
        `INSERT INTO departments (code, name, type, active) VALUES ${Array.from({ length: 30 }, (_, i) => `('b${i}', '部门${i}', 'sanitation', 1)`).join(',')}`,
      );

      // --- secondary indexes out during the fill, rebuilt after (the same definitions) ---
      for (const table of ['cases', 'case_events']) {
        if (mysql) {
          const rows = await q(`SHOW INDEX FROM ${table}`);
          const byName = new Map<string, { unique: boolean; cols: string[] }>();
          for (const r of rows.filter((x) => x.Key_name !== 'PRIMARY')) {
            const e = byName.get(String(r.Key_name)) ?? { unique: Number(r.Non_unique) === 0, cols: [] };
            e.cols[Number(r.Seq_in_index) - 1] = `\`${String(r.Column_name)}\``;
            byName.set(String(r.Key_name), e);
          }
          for (const [name, e] of byName)
            indexes.push({ table, name, sql: `CREATE ${e.unique ? 'UNIQUE ' : ''}INDEX \`${name}\` ON ${table} (${e.cols.join(', ')})` });
        } else {
          const rows = await q(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`, [table]);
          for (const r of rows) indexes.push({ table, name: String(r.name), sql: String(r.sql) });
        }
      }
      for (const ix of indexes) await q(mysql ? `DROP INDEX \`${ix.name}\` ON ${ix.table}` : `DROP INDEX "${ix.name}"`);

      // --- the fill: one number table, INSERT … SELECT in chunks of 100,000 ---
      const t0 = Date.now();
      await q('CREATE TABLE bench_nums (n INT PRIMARY KEY)');
      await q(`INSERT INTO bench_nums (n) VALUES ${Array.from({ length: 1000 }, (_, i) => `(${i})`).join(',')}`);
      const at = (secs: string) =>
        mysql
          ? `TIMESTAMPADD(SECOND, ${secs}, '2026-01-01 00:00:00')`
          : `strftime('%Y-%m-%d %H:%M:%f', '2026-01-01 00:00:00', '+' || (${secs}) || ' seconds')`;
      const div = (a: string, b: string) => (mysql ? `((${a}) DIV (${b}))` : `((${a}) / (${b}))`);
      // Per case j: opened over 330 days of 2026, dispatched 1 h later, due 4 h after that, resolved 0–9 h after
      // dispatch, closed 1 h after resolving; statuses in fixed proportions (30 % closed).
      const created = div(`s.j * ${330 * 86400}`, String(N));
      const disp = `(${created} + 3600)`;
      const res = `(${disp} + ((s.j * 7919) % 10) * 3600)`;
      const status = `CASE s.j % 10 WHEN 0 THEN 'closed' WHEN 1 THEN 'closed' WHEN 2 THEN 'closed' WHEN 3 THEN 'in_progress' WHEN 4 THEN 'dispatched' WHEN 5 THEN 'resolved' WHEN 6 THEN 'rejected' WHEN 7 THEN 'merged' WHEN 8 THEN 'submitted' ELSE 'accepted' END`;
      const category = `CASE s.j % 4 WHEN 0 THEN 'exposed_garbage' WHEN 1 THEN 'illegal_parking' WHEN 2 THEN 'road_damage' ELSE 'overflowing_bin' END`;
      const dep = '(s.j % 30 + 1)';
      // Which cases get a dispatch and a return event; the cases' stored dispatch outcome (what CaseLifecycle keeps, and
      // what `node dist/cases/rebuild-figures.js` would recount from these events) is written with them.
      const DISPATCHED = 's.j % 10 < 6';
      const RETURNED = 's.j % 23 = 0';
      const CHUNK = 100;
      for (let k = 0; k * CHUNK * 1000 < N; k++) {
        const seq = `(SELECT a.n * 1000 + b.n AS j FROM bench_nums a CROSS JOIN bench_nums b WHERE a.n >= ${k * CHUNK} AND a.n < ${(k + 1) * CHUNK} AND a.n * 1000 + b.n < ${N}) s`;
        await q(
          `INSERT INTO cases (id, status, kind, source, categoryCode, departmentId, gridId, lat, lng, cellKey, primaryReportId, slaHours, dispatchedAt, deadline, resolvedAt, closedAt, flagged, version, createdAt, updatedAt,
                              firstDispatchedAt, firstDepartmentId, suggestionTaken, dispatchCount, returnCount)
           SELECT s.j + 1, ${status}, 'snap', 'miniapp', ${category}, ${dep}, s.j % 40 + 1, 30.2, 120.1, 'wtmkn0x', s.j + 1, 4,
             ${at(disp)}, ${at(`${disp} + 14400`)},
             CASE WHEN s.j % 10 IN (0, 1, 2, 5) THEN ${at(res)} ELSE NULL END,
             CASE WHEN s.j % 10 IN (0, 1, 2) THEN ${at(`${res} + 3600`)} ELSE NULL END,
             0, 1, ${at(created)}, ${at(created)},
             CASE WHEN ${DISPATCHED} THEN ${at(disp)} END, CASE WHEN ${DISPATCHED} THEN ${dep} END, 0,
             CASE WHEN ${DISPATCHED} THEN 1 ELSE 0 END, CASE WHEN ${RETURNED} THEN 1 ELSE 0 END
           FROM ${seq}`,
        );
        const ev = (action: string, when: string, where: string, data: string) =>
          q(
            `INSERT INTO case_events (caseId, action, createdAt, data) SELECT s.j + 1, '${action}', ${at(when)}, ${data} FROM ${seq} WHERE ${where}`,
          );
        const depData = mysql ? `CONCAT('{"departmentId":', ${dep}, '}')` : `'{"departmentId":' || ${dep} || '}'`;
        await ev('submit', created, '1 = 1', 'NULL');
        await ev('dispatch', disp, DISPATCHED, depData);
        await ev('return', `${disp} + 600`, RETURNED, depData);
        await ev('resolve', res, 's.j % 3 = 0', 'NULL');
        await ev('verify_fail', `${res} + 600`, 's.j % 17 = 0', 'NULL');
        log(`filled ${Math.min(N, (k + 1) * CHUNK * 1000)} cases (${Date.now() - t0} ms)`);
      }
      await q('DROP TABLE bench_nums');
      const filled = Date.now() - t0;
      for (const ix of indexes) await q(ix.sql);
      // The trigger counted the cases as inserted, before their events: the daily roll-up is recounted, as after a restore.
      const r0 = Date.now();
      await rebuildDayFigures(db);
      log(`daily roll-up rebuilt in ${Date.now() - r0} ms`);
      await q(mysql ? 'ANALYZE TABLE cases, case_events, case_day_figures' : 'ANALYZE');
      const [{ n: events }] = await q('SELECT COUNT(*) AS n FROM case_events');
      log(`seeded ${N} cases, ${String(events)} events: fill ${filled} ms, index rebuild ${Date.now() - t0 - filled} ms`);
      // KPI_FILL_ONLY (with KPI_KEEP_DB): stop after the fill, for bench/kpi-http.mjs or bench/kpi-profile.mjs on the kept data.
      if (process.env.KPI_FILL_ONLY) return;
    }

    const token = (await staffToken(t, ['dispatcher'])).token;
    const period = { from: '2026-11-01', to: '2026-11-30' };
    // KPI_SKIP_LISTS: the KPI endpoints and statements only (the case lists take minutes on a loaded MariaDB).
    const skipLists = Boolean(process.env.KPI_SKIP_LISTS);
    const allEndpoints: [string, string, Record<string, unknown>][] = [
      ['GET /health (baseline: the stack, no SQL)', '/api/health', {}],
      ['GET /stats/departments', '/api/v1/stats/departments', period],
      ['GET /stats/grids', '/api/v1/stats/grids', period],
      ['GET /stats/trends', '/api/v1/stats/trends', period],
      ['GET /stats/dispatch-quality', '/api/v1/stats/dispatch-quality', period],
      ['GET /circulars (html)', '/api/v1/circulars', period],
      ['GET /evaluations?month=2026-11', '/api/v1/evaluations', { month: '2026-11' }],
      ['GET /cases (newest first)', '/api/v1/cases', {}],
      ['GET /cases running, deadline first', '/api/v1/cases', { status: 'dispatched,in_progress', sort: 'deadline' }],
      ['GET /cases overdue', '/api/v1/cases', { overdue: true }],
      ['GET /cases page 500 (offset 9,980, newest first)', '/api/v1/cases', { page: 500 }],
      [
        'GET /cases category + November',
        '/api/v1/cases',
        { categoryCode: 'exposed_garbage', from: '2026-11-01T00:00:00+08:00', to: '2026-12-01T00:00:00+08:00' },
      ],
    ];
    const endpoints = allEndpoints.filter(([, path]) => !skipLists || path !== '/api/v1/cases');
    const ms = (a: bigint) => Number(process.hrtime.bigint() - a) / 1e6;
    // KPI_CALLS timed calls after one warm-up (default 7): median / p95 (nearest rank) / max.
    const calls = Number(process.env.KPI_CALLS ?? 7);
    const timed = async (fn: () => Promise<unknown>): Promise<string> => {
      await fn();
      const all: number[] = [];
      for (let i = 0; i < calls; i++) {
        const a = process.hrtime.bigint();
        await fn();
        all.push(ms(a));
      }
      all.sort((x, y) => x - y);
      const rank = (p: number) => all[Math.min(all.length - 1, Math.ceil(p * all.length) - 1)];
      return `${rank(0.5).toFixed(1)} / ${rank(0.95).toFixed(1)} / ${all[all.length - 1].toFixed(1)}`;
    };
    const explain = async (sql: string, params: unknown[]) =>
      mysql
        ? (await q(`EXPLAIN ${sql}`, params))
            .map((x) => `${String(x.table)}:${String(x.type)}:${String(x.key)}:${String(x.rows)}:${String(x.Extra)}`)
            .join(' | ')
        : (await q(`EXPLAIN QUERY PLAN ${sql}`, params)).map((x) => String(x.detail)).join(' | ');

    const sut = t.app.get(DepartmentKpisService);
    const circ = t.app.get(CircularService);
    const listing = t.app.get(CaseQueryService);
    const p = parsePeriod(period.from, period.to);
    const now = new Date('2026-11-23T10:00:00Z');
    const handler: AuthUser = { id: 2, kind: 'staff', roles: ['handler'], departmentId: 5 };
    const lists: [string, AuthUser, CaseListQueryDto][] = [
      ['list department 5 (handler)', handler, {}],
      ['list department 5 open, deadline first', handler, { status: 'dispatched,in_progress', sort: 'deadline' }],
    ];
    const r = [sqlTime(p.from), sqlTime(p.to)];
    const hours = mysql
      ? '(TIMESTAMPDIFF(MICROSECOND, c.dispatchedAt, c.resolvedAt) / 3600000000.0)'
      : '((julianday(c.resolvedAt) - julianday(c.dispatchedAt)) * 24.0)';
    const raw: [string, string, unknown[]][] = [
      [
        'grids',
        "SELECT c.gridId, c.categoryCode, COUNT(*) FROM cases c WHERE c.createdAt >= ? AND c.createdAt < ? AND c.status <> 'rejected' GROUP BY c.gridId, c.categoryCode",
        r,
      ],
      [
        'closed',
        "SELECT c.departmentId AS d, COUNT(*) AS n FROM cases c WHERE c.status = 'closed' AND c.closedAt >= ? AND c.closedAt < ? GROUP BY c.departmentId",
        r,
      ],
      [
        'overdue',
        "SELECT c.departmentId AS d, COUNT(*) AS n FROM cases c WHERE c.status IN ('dispatched', 'in_progress') AND c.deadline < ? GROUP BY c.departmentId",
        [sqlTime(now)],
      ],
      [
        'median (window)',
        `SELECT c.departmentId AS d, ${hours} AS h, ROW_NUMBER() OVER (PARTITION BY c.departmentId ORDER BY ${hours}) AS rn FROM cases c WHERE c.resolvedAt >= ? AND c.resolvedAt < ? AND c.dispatchedAt IS NOT NULL AND c.departmentId IS NOT NULL`,
        r,
      ],
      [
        'trend overdue',
        "SELECT c.deadline FROM cases c WHERE c.deadline >= ? AND c.deadline < ? AND c.deadline < ? AND (c.resolvedAt IS NULL OR c.resolvedAt > c.deadline) AND c.status NOT IN ('rejected', 'merged')",
        [...r, sqlTime(now)],
      ],
      ['received (events)', "SELECT COUNT(*) FROM case_events e WHERE e.action = 'dispatch' AND e.createdAt >= ? AND e.createdAt < ?", r],
      [
        'baseline: COUNT(*) of the month (createdAt range, covering)',
        'SELECT COUNT(*) FROM cases c WHERE c.createdAt >= ? AND c.createdAt < ?',
        r,
      ],
      [
        'dispatch quality (stored outcome, grouped)',
        'SELECT c.firstDepartmentId, c.categoryCode, COUNT(*), SUM(c.dispatchCount) FROM cases c WHERE c.firstDispatchedAt >= ? AND c.firstDispatchedAt < ? AND c.firstDepartmentId IS NOT NULL GROUP BY c.firstDepartmentId, c.categoryCode',
        r,
      ],
    ];

    const out: string[] = [];
    const say = (line: string) => {
      out.push(line);
      log(line);
    };
    const run = async (tag: string) => {
      say(`--- ${tag}`);
      for (const [label, path, query] of endpoints)
        say(
          `${label}: ${await timed(async () => {
            const res = await t.http().get(path).query(query).set('Authorization', `Bearer ${token}`);
            if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
          })} ms (median / p95 / max)`,
        );
      say(`service departments: ${await timed(() => sut.departments(p, {}, now))}`);
      say(`service grids: ${await timed(() => sut.grids(p, undefined))}`);
      say(`service trends: ${await timed(() => sut.trends(p, {}, now))}`);
      say(`service circular: ${await timed(() => circ.build(p, now))}`);
      for (const [label, user, lq] of skipLists ? [] : lists) {
        say(`${label}: ${await timed(() => listing.list(user, lq, now))}`);
        const [sql, params] = listing.listQuery(user, lq, now).take(20).getQueryAndParameters();
        say(`  plan: ${await explain(sql, params)}`);
      }
      for (const [label, sql, params] of raw) {
        say(`raw ${label}: ${await timed(() => q(sql, params))}`);
        say(`  plan: ${await explain(sql, params)}`);
      }
    };
    // The KPI indexes the schema has are dropped for pass 1; pass 2 has all of KPI_INDEXES (any the schema
    // lacks are created here, so a candidate can be measured before it goes into a migration).
    const kpiIndexes = KPI_INDEXES.map(
      (k, i) =>
        indexes.find((ix) => ix.table === k.table && sameColumns(ix.sql, k.columns)) ?? {
          table: k.table,
          name: `kpi_bench_${i}`,
          sql: `CREATE INDEX kpi_bench_${i} ON ${k.table} (${k.columns.join(', ')})`,
          candidate: true,
        },
    );
    const inSchema = kpiIndexes.filter((ix) => !('candidate' in ix));
    // KPI_PASSES=2 skips pass 1 (at 1M its statements without the covering indexes take minutes on a loaded machine).
    if (measureOnly) {
      await run('as migrated (KPI_MEASURE_ONLY)');
      console.log(out.join('\n'));
      return;
    }
    const pass1 = (process.env.KPI_PASSES ?? '1,2').includes('1');
    if (pass1) {
      for (const ix of inSchema) await q(mysql ? `DROP INDEX \`${ix.name}\` ON ${ix.table}` : `DROP INDEX "${ix.name}"`);
      await run(`pass 1: without the KPI covering indexes (${inSchema.length} of the schema's dropped)`);
    }
    for (const ix of kpiIndexes) if (pass1 || 'candidate' in ix) await q(ix.sql);
    await q(mysql ? 'ANALYZE TABLE cases' : 'ANALYZE');
    await run(`pass 2: with the KPI covering indexes (${kpiIndexes.length - inSchema.length} not in the schema yet)`);
    console.log(out.join('\n'));
  });
});

function sameColumns(sql: string, columns: string[]): boolean {
  const m = /\(([^)]*)\)\s*$/.exec(sql);
  return (
    !!m &&
    m[1]
      .split(',')
      .map((c) => c.trim().replace(/[`"]/g, ''))
      .join(',') === columns.join(',')
  );
}
