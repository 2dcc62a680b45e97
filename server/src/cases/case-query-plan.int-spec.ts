import type { CaseStatus } from '@sansui/shared';
import type { AuthUser } from '../common/auth/auth-user';
import { startTestApp, type TestApp } from '../testing/test-app';
import { listFilter, pageWalks, sortSpec } from './case-list-sql';
import { CaseQueryService } from './case-query.service';
import type { CaseListQueryDto } from './dto/case-list-query.dto';
import { Case } from './case.entity';
import { EscalationService } from './escalation.service';

type Plan = { sqlite: string[] } | { mysql: { table: string; type: string; key: string | null; extra: string }[] };

/**
 * The hot case queries read through indexes, not by scanning the table: the escalation job's scan of
 * running cases, the overdue filter, a department's queue, a handler's own queue and the pending-extension queue (cases by
 * primary key). Checked on a table where most cases are closed (as in a real city after a while) with
 * statistics gathered.
 */
describe('case query plans', () => {
  let t: TestApp;
  const mysql = () => t.db.options.type === 'mysql' || t.db.options.type === 'mariadb';
  const dispatcher: AuthUser = { id: 1, kind: 'staff', roles: ['dispatcher'], departmentId: null };
  const handler: AuthUser = { id: 2, kind: 'staff', roles: ['handler'], departmentId: 3 };

  beforeAll(async () => {
    t = await startTestApp();
    const now = Date.now();
    const rows: Partial<Case>[] = [];
    for (let i = 0; i < 4000; i++) {
      const status: CaseStatus = i % 40 === 0 ? 'dispatched' : i % 40 === 1 ? 'in_progress' : i % 40 === 2 ? 'submitted' : 'closed';
      const dispatched = status !== 'submitted';
      rows.push({
        status,
        kind: 'snap',
        source: 'miniapp',
        categoryCode: 'exposed_garbage',
        departmentId: dispatched ? (i % 20) + 1 : null,
        gridId: (i % 50) + 1,
        handlerUserId: status === 'in_progress' || status === 'closed' ? (i % 7) + 1 : null,
        lat: 31.2 + (i % 100) * 1e-4,
        lng: 121.4 + (i % 97) * 1e-4,
        cellKey: 'wtw3sjq',
        description: null,
        primaryReportId: i + 1,
        masterCaseId: null,
        slaHours: 4,
        dispatchedAt: dispatched ? new Date(now - (i % 72) * 3600_000) : null,
        deadline: dispatched ? new Date(now - (i % 72) * 3600_000 + 4 * 3600_000) : null,
        resolvedAt: null,
        closedAt: status === 'closed' ? new Date(now) : null,
        flagged: false,
        triage: null,
      });
    }
    for (let i = 0; i < rows.length; i += 500) await t.db.getRepository(Case).insert(rows.slice(i, i + 500) as never);
    await t.db.query(mysql() ? 'ANALYZE TABLE cases' : 'ANALYZE');
  });
  afterAll(() => t.close());

  async function plan(qb: { getQueryAndParameters: () => [string, unknown[]] }): Promise<Plan> {
    const [sql, params] = qb.getQueryAndParameters();
    if (mysql()) {
      const rows = (await t.db.query(`EXPLAIN ${sql}`, params)) as {
        table: string;
        type: string;
        key: string | null;
        Extra: string | null;
      }[];
      return { mysql: rows.map((r) => ({ table: r.table, type: r.type, key: r.key, extra: r.Extra ?? '' })) };
    }
    const rows = (await t.db.query(`EXPLAIN QUERY PLAN ${sql}`, params)) as { detail: string }[];
    return { sqlite: rows.map((r) => r.detail) };
  }

  function expectIndexedOnCases(p: Plan) {
    if ('sqlite' in p) {
      expect(p.sqlite.some((d) => /^SEARCH c USING ((COVERING )?INDEX|INTEGER PRIMARY KEY)/.test(d))).toBe(true);
      expect(p.sqlite.some((d) => /^SCAN c\b/.test(d))).toBe(false);
    } else {
      const c = p.mysql.find((r) => r.table === 'c')!;
      expect(c.type).not.toBe('ALL');
      expect(c.key).not.toBeNull();
    }
  }

  it('the escalation scan reads running cases through the (status, deadline) index', async () => {
    expectIndexedOnCases(await plan(t.app.get(EscalationService).scanQuery(new Date())));
  });

  it.each([
    ['overdue, all departments', dispatcher, { overdue: true }],
    ['a department queue by deadline', handler, { status: 'dispatched,in_progress', sort: 'deadline' as const }],
    ['status filter', dispatcher, { status: 'submitted' }],
    ['pending extensions, all departments', dispatcher, { extension: 'pending' as const }],
    ['pending extensions of a department', handler, { extension: 'pending' as const, sort: 'deadline' as const }],
    ["a handler's own queue (我负责的)", handler, { assignedTo: 'me' as const, status: 'in_progress', sort: 'deadline' as const }],
  ])('GET /cases (%s) is indexed', async (_label, user, q) => {
    expectIndexedOnCases(await plan(t.app.get(CaseQueryService).listQuery(user, q, new Date()).take(20)));
  });

  // GET /cases pages by walking each status down its own index (case-list-sql.ts): every walk of the screens' lists
  // reads an index range in the list's order and stops after the page, with no sort of the matching cases.
  it.each<[string, AuthUser, CaseListQueryDto]>([
    ['all, newest first', dispatcher, {}],
    ['all, oldest first', dispatcher, { sort: 'createdAt' as const }],
    ['the board: four states by deadline', dispatcher, { status: 'accepted,dispatched,in_progress,resolved', sort: 'deadline' as const }],
    ['the board by people affected', dispatcher, { status: 'accepted,dispatched,in_progress,resolved', sort: '-meTooCount' as const }],
    ['the board, overdue', dispatcher, { status: 'accepted,dispatched,in_progress,resolved', sort: 'deadline' as const, overdue: true }],
    [
      'the board, one department',
      dispatcher,
      { status: 'accepted,dispatched,in_progress,resolved', sort: 'deadline' as const, departmentId: 3 },
    ],
    ['overdue, newest first', dispatcher, { overdue: true }],
    [
      'triage: submitted, oldest first, one category',
      dispatcher,
      { status: 'submitted', sort: 'createdAt' as const, categoryCode: 'exposed_garbage' },
    ],
    ['verification: resolved by update', dispatcher, { status: 'resolved', sort: 'updatedAt' as const }],
    ['a month, newest first', dispatcher, { from: new Date(Date.now() - 30 * 86400_000).toISOString(), to: new Date().toISOString() }],
    ["a department's queue", handler, { status: 'dispatched,in_progress', sort: 'deadline' as const }],
    ['closed, latest deadline first', dispatcher, { status: 'closed', sort: '-deadline' as const }],
  ])('GET /cases walks (%s) follow an index in order, without sorting', async (_label, user, q) => {
    const spec = sortSpec(q.sort);
    const walks = pageWalks(listFilter(user, q, new Date()), spec, { mysql: mysql(), limit: 21, offset: 0, direction: 'after' });
    expect(walks.length).toBeGreaterThan(0);
    for (const w of walks) {
      const p = await plan({ getQueryAndParameters: () => [w.sql, w.params] });
      expectIndexedOnCases(p);
      if ('sqlite' in p) expect(p.sqlite.filter((d) => /TEMP B-TREE/.test(d))).toEqual([]);
      else expect(p.mysql.filter((r) => /filesort|temporary/i.test(r.extra))).toEqual([]);
    }
  });

  // Cases picked by number or by handler are few: their walks are left to the planner, which finds them by key or
  // through an index of their own (MariaDB answers a case number from the primary key before it plans the walk).
  it.each<[string, AuthUser, CaseListQueryDto]>([
    ['a case number on the board', dispatcher, { status: 'accepted,dispatched,in_progress,resolved', sort: 'deadline', q: '123' }],
    ["a handler's own queue", handler, { status: 'dispatched,in_progress', sort: 'deadline', assignedTo: 'me' }],
  ])('GET /cases walks (%s) find the few cases through an index', async (_label, user, q) => {
    const walks = pageWalks(listFilter(user, q, new Date()), sortSpec(q.sort), {
      mysql: mysql(),
      limit: 21,
      offset: 0,
      direction: 'after',
    });
    expect(walks.every((w) => !/INDEXED BY|FORCE INDEX/.test(w.sql))).toBe(true);
    for (const w of walks) {
      const p = await plan({ getQueryAndParameters: () => [w.sql, w.params] });
      if ('mysql' in p && !p.mysql.some((r) => r.table === 'c')) continue;
      expectIndexedOnCases(p);
    }
  });
});
