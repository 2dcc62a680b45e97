// KPI query plans and timings on N generated cases, with and without the indexes proposed for cases / case_events / report_feedback.
// Not a test (jest ignores *.bench.ts): KPI_N=200000 TYPEORM_SYNCHRONIZE=true [TEST_DB=mysql] npx jest --testRegex "kpi-plan\.bench\.ts$"
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
    await db.query(`INSERT INTO departments (code, name, type, active) VALUES ${Array.from({ length: 30 }, (_, i) => `('b${i}', '部门${i}', 'sanitation', 1)`).join(',')}`);
    await db.query(`INSERT INTO users (kind, username, displayName, roles, departmentId, active) VALUES ${Array.from({ length: 30 }, (_, i) => `('staff', 'bh${i}', 'h', '["handler"]', ${i + 1}, 1)`).join(',')}`).catch((e) => console.log('users insert', e.message));
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
        rows.push(`('${st}','snap','miniapp','exposed_garbage',${dep},${(j % 40) + 1},30.2,120.1,'wtmkn0x',${j + 1},4,${q(disp)},${q(dl)},${q(st === 'closed' || st === 'resolved' ? res : null)},${q(closed)},0,1,${q(created)},${q(created)})`);
        if (j % 3 === 0) ev.push(`(${j + 1},'resolve',${q(res)},NULL)`);
        if (j % 17 === 0) ev.push(`(${j + 1},'verify_fail',${q(res + 600_000)},NULL)`);
        if (j % 23 === 0) ev.push(`(${j + 1},'return',${q(disp + 600_000)},'{"departmentId":${dep}}')`);
        if (j % 10 < 6) ev.push(`(${j + 1},'dispatch',${q(disp)},'{"departmentId":${dep}}')`);
        ev.push(`(${j + 1},'submit',${q(created)},NULL)`);
      }
      await db.query(`INSERT INTO cases (status, kind, source, categoryCode, departmentId, gridId, lat, lng, cellKey, primaryReportId, slaHours, dispatchedAt, deadline, resolvedAt, closedAt, flagged, version, createdAt, updatedAt) VALUES ${rows.join(',')}`);
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
    const out: string[] = [];
    const run = async (tag: string) => {
      out.push(`--- ${tag}`);
      out.push(await time('departments', () => sut.departments(p, {}, new Date('2026-11-23T10:00:00Z'))));
      out.push(await time('grids', () => sut.grids(p, undefined)));
      out.push(await time('trends', () => sut.trends(p, {}, new Date('2026-11-23T10:00:00Z'))));
      out.push(await time('circular', () => circ.build(p, new Date('2026-11-23T10:00:00Z'))));
    };
    await run('existing indexes');
    if (!mysql) {
      const plan = async (sql: string) => ((await db.query(`EXPLAIN QUERY PLAN ${sql}`)) as { detail: string }[]).map((r) => r.detail).join(' | ');
      const r = [`'${sqlTime(p.from)}'`, `'${sqlTime(p.to)}'`];
      out.push('received: ' + (await plan(`SELECT c.departmentId, COUNT(*) FROM cases c WHERE c.dispatchedAt >= ${r[0]} AND c.dispatchedAt < ${r[1]} GROUP BY c.departmentId`)));
      out.push('events: ' + (await plan(`SELECT c.departmentId, COUNT(*) FROM case_events e JOIN cases c ON c.id = e.caseId WHERE e.action IN ('resolve','verify_fail','reopen') AND e.createdAt >= ${r[0]} AND e.createdAt < ${r[1]} GROUP BY c.departmentId`)));
    }
    const idx = [
      'CREATE INDEX kpi_cases_closed ON cases (closedAt)',
      'CREATE INDEX kpi_cases_resolved ON cases (resolvedAt)',
      'CREATE INDEX kpi_cases_created ON cases (createdAt)',
      'CREATE INDEX kpi_cases_status_deadline ON cases (status, deadline, departmentId)',
      'CREATE INDEX kpi_feedback_created ON report_feedback (createdAt)',
      'CREATE INDEX kpi_events_action_created ON case_events (action, createdAt)',
    ];
    for (const s of idx) await db.query(s);
    if (!mysql) await db.query('ANALYZE');
    if (mysql) await db.query('ANALYZE TABLE cases, case_events, users, report_feedback');
    await run('with proposed indexes');
    const r = [sqlTime(p.from), sqlTime(p.to)];
    const qs: [string, string, unknown[]][] = [
      ['received', `SELECT ${mysql ? "CAST(JSON_EXTRACT(e.data, '$.departmentId') AS UNSIGNED)" : "json_extract(e.data, '$.departmentId')"} AS d, COUNT(*) AS n FROM case_events e WHERE e.action = 'dispatch' AND e.createdAt >= ? AND e.createdAt < ? GROUP BY d`, r],
      ['closed', "SELECT c.departmentId AS d, COUNT(*) AS n FROM cases c WHERE c.status = 'closed' AND c.closedAt >= ? AND c.closedAt < ? GROUP BY c.departmentId", r],
      ['overdue', "SELECT c.departmentId AS d, COUNT(*) AS n FROM cases c WHERE c.status IN ('dispatched', 'in_progress') AND c.deadline < ? GROUP BY c.departmentId", ['2026-11-23 10:00:00']],
      ['returns', "SELECT u.departmentId AS d, COUNT(*) AS n FROM case_events e JOIN users u ON u.id = e.actorUserId WHERE e.action = 'return' AND e.createdAt >= ? AND e.createdAt < ? GROUP BY u.departmentId", r],
      ['events', "SELECT c.departmentId AS d, COUNT(*) FROM case_events e JOIN cases c ON c.id = e.caseId WHERE e.action IN ('resolve', 'verify_fail', 'reopen') AND e.createdAt >= ? AND e.createdAt < ? GROUP BY c.departmentId", r],
      ['handling', 'SELECT c.departmentId AS d, COUNT(*) AS n FROM cases c WHERE c.resolvedAt >= ? AND c.resolvedAt < ? AND c.dispatchedAt IS NOT NULL AND c.resolvedAt >= c.dispatchedAt GROUP BY c.departmentId', r],
      ['median1', `SELECT ${mysql ? '(TIMESTAMPDIFF(MICROSECOND, c.dispatchedAt, c.resolvedAt) / 3600000000.0)' : '((julianday(c.resolvedAt) - julianday(c.dispatchedAt)) * 24.0)'} AS h FROM cases c WHERE c.departmentId = ? AND c.resolvedAt >= ? AND c.resolvedAt < ? AND c.dispatchedAt IS NOT NULL AND c.resolvedAt >= c.dispatchedAt ORDER BY h LIMIT 1 OFFSET 100`, [5, ...r]],
      ['overdueList', "SELECT c.id FROM cases c WHERE c.deadline >= ? AND c.deadline < ? AND c.deadline < ? AND (c.resolvedAt IS NULL OR c.resolvedAt > c.deadline) AND c.status NOT IN ('rejected', 'merged') ORDER BY c.deadline ASC LIMIT 500", [...r, '2026-11-23 10:00:00']],
    ];
    for (const [label, sql, params] of qs) {
      const a = Date.now();
      await db.query(sql, params);
      const ms = Date.now() - a;
      const plan = mysql ? ((await db.query(`EXPLAIN ${sql}`, params)) as Record<string, unknown>[]).map((x) => `${x.table}:${x.type}:${x.key}:${x.rows}:${x.Extra}`).join(' | ') : '';
      out.push(`${label}: ${ms} ms ${plan}`);
    }
    console.log(out.join('\n'));
  });
});
