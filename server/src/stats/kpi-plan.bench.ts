// Case listing (GET /cases) and KPI query timings and plans on N generated cases: first with the schema the
// migrations create (right after the bulk insert, then after ANALYZE), then with one extra index on
// cases (status, deadline, departmentId).
// Each line is "first call / second call". Not a test (jest's testRegex skips *.bench.ts); timings are
// printed, never asserted. From server/:
//   KPI_N=200000 [TEST_DB=mysql TEST_MYSQL_URL=mariadb://…] npx jest --testRegex 'kpi-plan\.bench\.ts$'
import type { AuthUser } from '../common/auth/auth-user';
import { CaseQueryService } from '../cases/case-query.service';
import type { CaseListQueryDto } from '../cases/dto/case-list-query.dto';
import { startTestApp, type TestApp } from '../testing/test-app';
import { DepartmentKpisService } from './department-kpis.service';
import { CircularService } from './circular/circular.service';
import { parsePeriod, sqlTime } from './stats-period';

const N = Number(process.env.KPI_N ?? 200000);
jest.setTimeout(1_800_000);

describe('kpi plan', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('measures', async () => {
    const db = t.db;
    const mysql = db.options.type !== 'better-sqlite3';
    await db.query(
      `INSERT INTO departments (code, name, type, active) VALUES ${Array.from({ length: 30 }, (_, i) => `('b${i}', '部门${i}', 'sanitation', 1)`).join(',')}`,
    );
    await db
      .query(
        `INSERT INTO users (kind, username, displayName, roles, departmentId, active) VALUES ${Array.from({ length: 30 }, (_, i) => `('staff', 'bh${i}', 'h', '["handler"]', ${i + 1}, 1)`).join(',')}`,
      )
      .catch((e) => console.log('users insert', e.message));
    const start = Date.UTC(2026, 0, 1);
    const statuses = ['closed', 'closed', 'closed', 'in_progress', 'dispatched', 'resolved', 'rejected', 'merged', 'submitted', 'accepted'];
    const t0 = Date.now();
    const B = 1000;
    for (let i = 0; i < N; i += B) {
      const rows: string[] = [];
      const ev: string[] = [];
      for (let j = i; j < Math.min(N, i + B); j++) {
        const created = start + Math.floor((j / N) * 330 * 86400_000);
        const disp = created + 3600_000;
        const dl = disp + 4 * 3600_000;
        const res = disp + ((j * 7919) % 10) * 3600_000;
        const st = statuses[j % 10];
        const dep = (j % 30) + 1;
        const q = (d: number | null) => (d === null ? 'NULL' : `'${sqlTime(new Date(d))}'`);
        const closed = st === 'closed' ? res + 3600_000 : null;
        rows.push(
          `('${st}','snap','miniapp','exposed_garbage',${dep},${(j % 40) + 1},30.2,120.1,'wtmkn0x',${j + 1},4,${q(disp)},${q(dl)},${q(st === 'closed' || st === 'resolved' ? res : null)},${q(closed)},0,1,${q(created)},${q(created)})`,
        );
        if (j % 3 === 0) ev.push(`(${j + 1},'resolve',${q(res)},NULL)`);
        if (j % 17 === 0) ev.push(`(${j + 1},'verify_fail',${q(res + 600_000)},NULL)`);
        if (j % 23 === 0) ev.push(`(${j + 1},'return',${q(disp + 600_000)},'{"departmentId":${dep}}')`);
        if (j % 10 < 6) ev.push(`(${j + 1},'dispatch',${q(disp)},'{"departmentId":${dep}}')`);
        ev.push(`(${j + 1},'submit',${q(created)},NULL)`);
      }
      await db.query(
        `INSERT INTO cases (status, kind, source, categoryCode, departmentId, gridId, lat, lng, cellKey, primaryReportId, slaHours, dispatchedAt, deadline, resolvedAt, closedAt, flagged, version, createdAt, updatedAt) VALUES ${rows.join(',')}`,
      );
      await db.query(`INSERT INTO case_events (caseId, action, createdAt, data) VALUES ${ev.join(',')}`);
    }
    console.log(`generated ${N} cases in ${Date.now() - t0} ms`);
    const sut = t.app.get(DepartmentKpisService);
    const circ = t.app.get(CircularService);
    const p = parsePeriod('2026-11-01', '2026-11-30');
    const time = async (label: string, fn: () => Promise<unknown>) => {
      const a = Date.now();
      await fn();
      const b = Date.now();
      await fn();
      return `${label}: ${b - a} ms / ${Date.now() - b} ms`;
    };
    const explain = async (sql: string, params: unknown[]) =>
      mysql
        ? ((await db.query(`EXPLAIN ${sql}`, params)) as Record<string, unknown>[])
            .map((x) => `${x.table}:${x.type}:${x.key}:${x.rows}:${x.Extra}`)
            .join(' | ')
        : ((await db.query(`EXPLAIN QUERY PLAN ${sql}`, params)) as { detail: string }[]).map((x) => x.detail).join(' | ');
    // GET /cases as the admin board (city-wide) and a department queue ask it; list() = page query + COUNT(*).
    const listing = t.app.get(CaseQueryService);
    const dispatcher: AuthUser = { id: 1, kind: 'staff', roles: ['dispatcher'], departmentId: null };
    const handler: AuthUser = { id: 2, kind: 'staff', roles: ['handler'], departmentId: 5 };
    const lists: [string, AuthUser, CaseListQueryDto][] = [
      ['list all, newest first', dispatcher, {}],
      ['list all, page 200', dispatcher, { page: 200 }],
      ['list running, deadline first', dispatcher, { status: 'dispatched,in_progress', sort: 'deadline' }],
      ['list overdue', dispatcher, { overdue: true }],
      [
        'list category + November',
        dispatcher,
        { categoryCode: 'exposed_garbage', from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z' },
      ],
      ['list department 5 (handler)', handler, {}],
      ['list department 5 open, deadline first', handler, { status: 'dispatched,in_progress', sort: 'deadline' }],
    ];
    const r = [sqlTime(p.from), sqlTime(p.to)];
    const qs: [string, string, unknown[]][] = [
      [
        'received',
        `SELECT ${mysql ? "CAST(JSON_EXTRACT(e.data, '$.departmentId') AS UNSIGNED)" : "json_extract(e.data, '$.departmentId')"} AS d, COUNT(*) AS n FROM case_events e WHERE e.action = 'dispatch' AND e.createdAt >= ? AND e.createdAt < ? GROUP BY d`,
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
        ['2026-11-23 10:00:00'],
      ],
      [
        'returns',
        "SELECT u.departmentId AS d, COUNT(*) AS n FROM case_events e JOIN users u ON u.id = e.actorUserId WHERE e.action = 'return' AND e.createdAt >= ? AND e.createdAt < ? GROUP BY u.departmentId",
        r,
      ],
      [
        'events',
        "SELECT c.departmentId AS d, COUNT(*) FROM case_events e JOIN cases c ON c.id = e.caseId WHERE e.action IN ('resolve', 'verify_fail', 'reopen') AND e.createdAt >= ? AND e.createdAt < ? GROUP BY c.departmentId",
        r,
      ],
      [
        'handling',
        'SELECT c.departmentId AS d, COUNT(*) AS n FROM cases c WHERE c.resolvedAt >= ? AND c.resolvedAt < ? AND c.dispatchedAt IS NOT NULL AND c.resolvedAt >= c.dispatchedAt GROUP BY c.departmentId',
        r,
      ],
      [
        'median1',
        `SELECT ${mysql ? '(TIMESTAMPDIFF(MICROSECOND, c.dispatchedAt, c.resolvedAt) / 3600000000.0)' : '((julianday(c.resolvedAt) - julianday(c.dispatchedAt)) * 24.0)'} AS h FROM cases c WHERE c.departmentId = ? AND c.resolvedAt >= ? AND c.resolvedAt < ? AND c.dispatchedAt IS NOT NULL AND c.resolvedAt >= c.dispatchedAt ORDER BY h LIMIT 1 OFFSET 100`,
        [5, ...r],
      ],
      [
        'overdueList',
        "SELECT c.id FROM cases c WHERE c.deadline >= ? AND c.deadline < ? AND c.deadline < ? AND (c.resolvedAt IS NULL OR c.resolvedAt > c.deadline) AND c.status NOT IN ('rejected', 'merged') ORDER BY c.deadline ASC LIMIT 500",
        [...r, '2026-11-23 10:00:00'],
      ],
    ];
    const now = new Date('2026-11-23T10:00:00Z');
    const out: string[] = [];
    const run = async (tag: string) => {
      out.push(`--- ${tag}`);
      out.push(await time('departments', () => sut.departments(p, {}, now)));
      out.push(await time('grids', () => sut.grids(p, undefined)));
      out.push(await time('trends', () => sut.trends(p, {}, now)));
      out.push(await time('circular', () => circ.build(p, now)));
      for (const [label, user, q] of lists) {
        out.push(await time(label, () => listing.list(user, q, now)));
        const [sql, params] = listing
          .listQuery(user, q, now)
          .skip(((q.page ?? 1) - 1) * 20)
          .take(20)
          .getQueryAndParameters();
        out.push(`  plan: ${await explain(sql, params)}`);
      }
      for (const [label, sql, params] of qs) {
        out.push(await time(label, () => db.query(sql, params)));
        out.push(`  plan: ${await explain(sql, params)}`);
      }
    };
    await run('schema indexes (migrations), right after the bulk insert');
    await db.query(mysql ? 'ANALYZE TABLE cases, case_events, users, report_feedback' : 'ANALYZE');
    await run('same schema, after ANALYZE');
    // The other indexes first proposed here (closedAt, resolvedAt, createdAt, report_feedback.createdAt,
    // case_events (action, createdAt)) are in the schema now; this one widens cases (status, deadline).
    await db.query('CREATE INDEX kpi_cases_status_deadline ON cases (status, deadline, departmentId)');
    await db.query(mysql ? 'ANALYZE TABLE cases' : 'ANALYZE');
    await run('+ cases (status, deadline, departmentId)');
    console.log(out.join('\n'));
  });
});
