import type { CaseStatus } from '@sansui/shared';
import type { AuthUser } from '../common/auth/auth-user';
import { analyze, cityCaseRow, insertInChunks, onMysql } from '../testing/bulk-seed';
import { startTestApp, type TestApp } from '../testing/test-app';
import { queryArrays } from '../database/array-rows';
import { cappedCountSql, deepOffsetSql, fewMatchesSql, listFilter, pageWalks, sortSpec } from './case-list-sql';
import { CaseQueryService } from './case-query.service';
import type { CaseListQueryDto } from './dto/case-list-query.dto';
import {
  CASES_BY_CREATION_INDEX,
  CASE_LIST_CATEGORY_INDEXES,
  CASE_LIST_DEPARTMENT_INDEXES,
  CASE_LIST_INDEXES,
  CASE_LIST_NEWEST_FIRST_INDEX,
  Case,
} from './case.entity';
import { sqlTime } from './case-sql';
import { EscalationService } from './escalation.service';

type Plan = { sqlite: string[] } | { mysql: { table: string; type: string; key: string | null; extra: string }[] };

/** How the database would run `sql`: SQLite's plan lines, or MariaDB's EXPLAIN rows. */
async function planOf(t: TestApp, sql: string, params: unknown[]): Promise<Plan> {
  if (onMysql(t)) {
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

/** The index a statement reads `cases` through, from the plan (null when it reads none). */
function indexOf(p: Plan): string | null {
  if ('sqlite' in p) return p.sqlite.map((d) => /^SEARCH c USING (?:COVERING )?INDEX (\S+)/.exec(d)?.[1]).find(Boolean) ?? null;
  return p.mysql.find((r) => r.table === 'c')?.key ?? null;
}

/** A walk reads its index in order: no temp B-tree (SQLite) / filesort or temporary table (MariaDB). */
function expectNoSort(p: Plan) {
  if ('sqlite' in p) expect(p.sqlite.filter((d) => /TEMP B-TREE/.test(d))).toEqual([]);
  else expect(p.mysql.filter((r) => /filesort|temporary/i.test(r.extra))).toEqual([]);
}

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
    const rows = Array.from({ length: 4000 }, (_, i) => {
      const status: CaseStatus = i % 40 === 0 ? 'dispatched' : i % 40 === 1 ? 'in_progress' : i % 40 === 2 ? 'submitted' : 'closed';
      return cityCaseRow(i, now, {
        status,
        departmentId: status === 'submitted' ? null : (i % 20) + 1,
        gridId: (i % 50) + 1,
        handlerUserId: status === 'in_progress' || status === 'closed' ? (i % 7) + 1 : null,
        primaryReportId: i + 1,
      });
    });
    await insertInChunks(t, Case, rows);
    await analyze(t, ['cases']);
  });
  afterAll(() => t.close());

  const plan = (qb: { getQueryAndParameters: () => [string, unknown[]] }) => planOf(t, ...qb.getQueryAndParameters());

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

  const BOARD = { status: 'accepted,dispatched,in_progress,resolved', sort: 'deadline' as const };
  const MONTH = { from: new Date(Date.now() - 30 * 86400_000).toISOString(), to: new Date().toISOString() };
  const I = CASE_LIST_INDEXES;
  const CAT = CASE_LIST_CATEGORY_INDEXES;
  /** Newest first: forward down (status, createdAt DESC, id DESC) on MariaDB, backward down (status, createdAt) on SQLite. */
  const NEWEST = 'newest first';

  // GET /cases pages by walking each status down its own index (case-list-sql.ts): every walk of the screens' lists
  // reads the index named here, a range in the list's order, and stops after the page, with no sort of the matching
  // cases. A walk that fell back to the status's sort index with a category, or to a scan, reads a whole status.
  it.each<[string, AuthUser, CaseListQueryDto, string]>([
    ['all, newest first', dispatcher, {}, NEWEST],
    ['all, oldest first', dispatcher, { sort: 'createdAt' as const }, I.createdAt],
    ['the board: four states by deadline', dispatcher, BOARD, I.deadline],
    ['the board by people affected', dispatcher, { ...BOARD, sort: '-meTooCount' as const }, I.meTooCount],
    ['the board, overdue', dispatcher, { ...BOARD, overdue: true }, I.deadline],
    ['the board, one department', dispatcher, { ...BOARD, departmentId: 3 }, I.department],
    ['the board, one category', dispatcher, { ...BOARD, categoryCode: 'exposed_garbage' }, CAT.deadline],
    [
      'the board by people affected, one category',
      dispatcher,
      { ...BOARD, sort: '-meTooCount' as const, categoryCode: 'exposed_garbage' },
      CAT.meTooCount,
    ],
    ['overdue, newest first', dispatcher, { overdue: true }, NEWEST],
    ['triage: submitted, oldest first', dispatcher, { status: 'submitted', sort: 'createdAt' as const }, I.createdAt],
    [
      'triage: submitted, oldest first, one category',
      dispatcher,
      { status: 'submitted', sort: 'createdAt' as const, categoryCode: 'exposed_garbage' },
      CAT.createdAt,
    ],
    ['verification: resolved by update', dispatcher, { status: 'resolved', sort: 'updatedAt' as const }, I.updatedAt],
    [
      'verification, one category',
      dispatcher,
      { status: 'resolved', sort: 'updatedAt' as const, categoryCode: 'exposed_garbage' },
      CAT.updatedAt,
    ],
    ['a month, newest first', dispatcher, MONTH, NEWEST],
    ['one category in a month, newest first', dispatcher, { ...MONTH, categoryCode: 'exposed_garbage' }, CAT.createdAt],
    ["a department's queue", handler, { status: 'dispatched,in_progress', sort: 'deadline' as const }, I.department],
    [
      "a department's queue, one category",
      handler,
      { status: 'dispatched,in_progress', sort: 'deadline' as const, categoryCode: 'exposed_garbage' },
      I.departmentCategory,
    ],
    [
      'the board, one department and one category',
      dispatcher,
      { ...BOARD, departmentId: 3, categoryCode: 'exposed_garbage' },
      I.departmentCategory,
    ],
    ['closed, latest deadline first', dispatcher, { status: 'closed', sort: '-deadline' as const }, I.deadline],
  ])('GET /cases walks (%s) follow their index in order, without sorting', async (_label, user, q, index) => {
    const spec = sortSpec(q.sort);
    const walks = pageWalks(listFilter(user, q, new Date()), spec, { mysql: mysql(), limit: 21, offset: 0, direction: 'after' });
    expect(walks.length).toBeGreaterThan(0);
    for (const w of walks) {
      const p = await plan({ getQueryAndParameters: () => [w.sql, w.params] });
      expectIndexedOnCases(p);
      expect(indexOf(p)).toBe(index === NEWEST ? (mysql() ? CASE_LIST_NEWEST_FIRST_INDEX : I.createdAt) : index);
      expectNoSort(p);
    }
  });

  // The total of a list with a status or a category is counted (up to the cap) from an index alone: a category counted
  // through the status's index read each case's row (0.1–1.2 s at 1M cases).
  it.each<[string, CaseListQueryDto]>([
    ['the board', BOARD],
    ['the board, one category', { ...BOARD, categoryCode: 'exposed_garbage' }],
    ['triage, one category', { status: 'submitted', sort: 'createdAt', categoryCode: 'exposed_garbage' }],
    ['verification, one category', { status: 'resolved', sort: 'updatedAt', categoryCode: 'exposed_garbage' }],
    ['one category in a month', { ...MONTH, categoryCode: 'exposed_garbage' }],
    ['the board, one department and one category', { ...BOARD, departmentId: 3, categoryCode: 'exposed_garbage' }],
    [
      'verification, one department and one category',
      { status: 'resolved', sort: 'updatedAt', departmentId: 3, categoryCode: 'exposed_garbage' },
    ],
  ])('the count of %s reads one index, not the rows', async (_label, q) => {
    const count = cappedCountSql(listFilter(dispatcher, q, new Date()), mysql())!;
    const p = await plan({ getQueryAndParameters: () => [count.sql, count.params] });
    expectIndexedOnCases(p);
    if ('sqlite' in p) expect(p.sqlite.some((d) => /^SEARCH c USING COVERING INDEX/.test(d))).toBe(true);
    else expect(p.mysql.find((r) => r.table === 'c')!.extra).toMatch(/Using index(?! condition)/);
  });

  // A deep offset page of the unfiltered list finds its place down the creation index: in its order, then by key.
  it.each<[string, CaseListQueryDto]>([
    ['newest first', {}],
    ['oldest first, in a month', { ...MONTH, sort: 'createdAt' }],
  ])('a deep offset page (%s) reads the creation index in order, then a time and its ties by index', async (_label, q) => {
    const deep = deepOffsetSql(listFilter(dispatcher, q, new Date()), sortSpec(q.sort), { mysql: mysql(), offset: 1000 })!;
    const place = await plan({ getQueryAndParameters: () => [deep.time.sql, deep.time.params] });
    // Without a period, SQLite says SCAN: the whole index in its order, stopped at the place.
    if ('sqlite' in place)
      expect(place.sqlite.join(' | ')).toMatch(new RegExp(`^(SEARCH|SCAN) c USING COVERING INDEX ${CASES_BY_CREATION_INDEX}\\b`));
    else expect(indexOf(place)).toBe(CASES_BY_CREATION_INDEX);
    expectNoSort(place);
    const k = sqlTime(new Date(Date.now() - 86400_000));
    for (const c of [deep.ahead(k), deep.row(k, 0)]) expectIndexedOnCases(await plan({ getQueryAndParameters: () => [c.sql, c.params] }));
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

/**
 * 4,000 cases of the board's four statuses in turn, people affected 0–12, updated a minute apart, deadlines 4–67 h behind
 * `now` (cityCaseRow); `place` gives each its department (and category).
 */
async function seedBoardCases(t: TestApp, now: number, place: (i: number) => Partial<Case>) {
  const statuses: CaseStatus[] = ['resolved', 'accepted', 'in_progress', 'dispatched'];
  const rows = Array.from({ length: 4000 }, (_, i) =>
    cityCaseRow(i, now, {
      status: statuses[i % 4],
      gridId: (i % 50) + 1,
      meTooCount: i % 13,
      updatedAt: new Date(now - i * 60_000),
      primaryReportId: i + 1,
      ...place(i),
    }),
  );
  await insertInChunks(t, Case, rows);
  await analyze(t, ['cases']);
}

/**
 * A department with no case of a status, among many of that status in other departments (a new or merged department,
 * or none of its cases resolved yet): the walk by update (核查结案) or by people affected (the board) must read the
 * department's own index, where the status holds nothing, not the status's sort index down every other department's
 * cases (240 ms at 1M cases on SQLite; MariaDB took the department index and sorted).
 */
describe('case list plans: a department with no case of the status', () => {
  let t: TestApp;
  const mysql = () => t.db.options.type === 'mysql' || t.db.options.type === 'mariadb';
  const dispatcher: AuthUser = { id: 1, kind: 'staff', roles: ['dispatcher'], departmentId: null };
  const EMPTY = 20;

  beforeAll(async () => {
    t = await startTestApp();
    const now = Date.now();
    // Departments 1–19 hold every status of the board; department 20 only dispatched cases (one in eight).
    await seedBoardCases(t, now, (i) => ({ departmentId: i % 8 === 3 ? EMPTY : (i % 19) + 1 }));
  });
  afterAll(() => t.close());

  it.each<[string, CaseListQueryDto, string]>([
    ['verification by update', { status: 'resolved', sort: 'updatedAt', departmentId: EMPTY }, CASE_LIST_DEPARTMENT_INDEXES.updatedAt],
    [
      'the board by people affected',
      { status: 'accepted,dispatched,in_progress,resolved', sort: '-meTooCount', departmentId: EMPTY },
      CASE_LIST_DEPARTMENT_INDEXES.meTooCount,
    ],
  ])('%s walks the department index in order, without sorting', async (_label, q, index) => {
    const walks = pageWalks(listFilter(dispatcher, q, new Date()), sortSpec(q.sort), {
      mysql: mysql(),
      limit: 21,
      offset: 0,
      direction: 'after',
    });
    expect(walks.length).toBeGreaterThan(0);
    for (const w of walks) {
      const p = await planOf(t, w.sql, w.params);
      expect(indexOf(p)).toBe(index);
      // The department's and status's range of it (a ref on both columns), not a scan of the index.
      if ('sqlite' in p) expect(p.sqlite).toEqual([expect.stringContaining(`INDEX ${index} (departmentId=? AND status=?)`)]);
      else expect(p.mysql.find((r) => r.table === 'c')!.type).toBe('ref');
      expectNoSort(p);
    }
  });
});

/**
 * A filter the walk's sort index lacks, matched by few cases of a status: overdue sorted by people affected, or a
 * department and a category sorted by update or by people affected. Down the sort index such a status is read whole
 * (0.1–0.8 s at 1M cases on SQLite); its matches are counted down the index that finds them (stopped at
 * CASE_LIST_FEW_MATCHES) and, being few, read through it and sorted. With many matches the walk keeps its sort index.
 */
describe('case list plans: a filter that few cases of a status match', () => {
  let t: TestApp;
  const mysql = () => t.db.options.type === 'mysql' || t.db.options.type === 'mariadb';
  const dispatcher: AuthUser = { id: 1, kind: 'staff', roles: ['dispatcher'], departmentId: null };
  const HOUR = 3600_000;
  const now = Date.now();
  /** Deadlines are 67–4 h behind now (cityCaseRow): as of 66 h ago, 1 case in 72 was overdue. */
  const early = new Date(now - 66 * HOUR);
  const BOARD = { status: 'accepted,dispatched,in_progress,resolved', sort: '-meTooCount' as const };

  beforeAll(async () => {
    t = await startTestApp();
    // Departments 1–19 hold every status of the board in two categories; department 20 only exposed_garbage.
    await seedBoardCases(t, now, (i) => ({
      departmentId: (i % 20) + 1,
      categoryCode: i % 20 === 19 || i % 3 === 0 ? 'exposed_garbage' : 'road_damage',
    }));
  });
  afterAll(() => t.close());

  const I = CASE_LIST_INDEXES;
  const CAT = CASE_LIST_CATEGORY_INDEXES;
  it.each<[string, CaseListQueryDto, string, string]>([
    ['the board by people affected, overdue', { ...BOARD, overdue: true }, I.deadline, 'status=? AND deadline<?'],
    ['overdue, newest first', { overdue: true }, I.deadline, 'status=? AND deadline<?'],
    [
      'the board by people affected, overdue, one category',
      { ...BOARD, overdue: true, categoryCode: 'road_damage' },
      CAT.deadline,
      'status=? AND categoryCode=? AND deadline<?',
    ],
    [
      'the board by people affected, overdue, one department',
      { ...BOARD, overdue: true, departmentId: 3 },
      I.department,
      'departmentId=? AND status=? AND deadline<?',
    ],
    [
      'the board by people affected, overdue, one department and one category',
      { ...BOARD, overdue: true, departmentId: 3, categoryCode: 'road_damage' },
      I.departmentCategory,
      'departmentId=? AND categoryCode=? AND status=? AND deadline<?',
    ],
    [
      'the board by people affected, a department without the category',
      { ...BOARD, departmentId: 20, categoryCode: 'road_damage' },
      I.departmentCategory,
      'departmentId=? AND categoryCode=? AND status=?',
    ],
    [
      'verification by update, a department without the category',
      { status: 'resolved', sort: 'updatedAt', departmentId: 20, categoryCode: 'road_damage' },
      I.departmentCategory,
      'departmentId=? AND categoryCode=? AND status=?',
    ],
  ])('%s: each status is counted, then read, down the index that finds its matches', async (_label, q, index, range) => {
    const filter = listFilter(dispatcher, q, early);
    const spec = sortSpec(q.sort);
    const probe = fewMatchesSql(filter, spec, mysql())!;
    const counted = await planOf(t, probe.sql, probe.params);
    // Each status's count reads the index alone, a range of it.
    if ('sqlite' in counted) {
      const reads = counted.sqlite.filter((d) => /^SEARCH c\b/.test(d));
      expect(reads).toHaveLength(filter.statuses.length);
      for (const d of reads) expect(d).toContain(`COVERING INDEX ${index} (${range})`);
    } else {
      const reads = counted.mysql.filter((r) => r.table === 'c');
      expect(reads).toHaveLength(filter.statuses.length);
      for (const r of reads) expect(r).toMatchObject({ key: index, extra: expect.stringMatching(/Using index(?! condition)/) });
    }
    const few = probe.few((await queryArrays(t.db, probe.sql, probe.params))[0]);
    expect([...few]).toEqual(filter.statuses);
    const walks = pageWalks(filter, spec, { mysql: mysql(), limit: 21, offset: 0, direction: 'after', few });
    for (const w of walks) {
      const p = await planOf(t, w.sql, w.params);
      expect(indexOf(p)).toBe(index);
      if ('sqlite' in p) expect(p.sqlite.join(' | ')).toContain(`INDEX ${index} (${range})`);
      else expect(p.mysql.find((r) => r.table === 'c')!.type).toMatch(/^(ref|range)$/);
    }
  });

  it('with more overdue cases than the cap, the board by people affected walks each status down its sort index in order', async () => {
    const filter = listFilter(dispatcher, { ...BOARD, overdue: true }, new Date(now));
    const spec = sortSpec(BOARD.sort);
    // About 930 of each running status's 1,000 cases are overdue now.
    const probe = fewMatchesSql(filter, spec, mysql(), 500)!;
    const few = probe.few((await queryArrays(t.db, probe.sql, probe.params))[0]);
    expect(few.size).toBe(0);
    for (const w of pageWalks(filter, spec, { mysql: mysql(), limit: 21, offset: 0, direction: 'after', few })) {
      const p = await planOf(t, w.sql, w.params);
      expect(indexOf(p)).toBe(I.meTooCount);
      expectNoSort(p);
    }
  });
});
