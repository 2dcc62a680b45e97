import type { CaseStatus } from '@sansui/shared';
import type { AuthUser } from '../common/auth/auth-user';
import { Report } from '../reports/report.entity';
import { analyze, cityCaseRow, insertInChunks, reportRow } from '../testing/bulk-seed';
import { insertCase, insertPhoto, seedCaseWorld, type CaseWorld } from '../testing/factories-cases';
import { statementRecorder, tableScans, type Statement } from '../testing/statements';
import { startTestApp, type TestApp } from '../testing/test-app';
import { Photo } from '../uploads/photo.entity';
import { CaseQueryService, reportIdsSql } from './case-query.service';
import { Case } from './case.entity';
import type { CaseListQueryDto } from './dto/case-list-query.dto';

/**
 * Issue 12, the staff lists' reads: what one page of the dispatch board costs in statements, that each of them reads
 * through an index on a city-sized table (most cases closed, statistics gathered), and that the page says what it said
 * before they were merged: report ids (a master's include its merged cases' reports), thumbnails, handler names.
 */
describe('case list reads: statements and plans', () => {
  let t: TestApp;
  let w: CaseWorld;
  const dispatcher: AuthUser = { id: 1, kind: 'staff', roles: ['dispatcher'], departmentId: null };
  const BOARD: CaseListQueryDto = { status: 'accepted,dispatched,in_progress,resolved', sort: 'deadline', page: 1, pageSize: 20 };
  let statementsOf: ReturnType<typeof statementRecorder>;

  beforeAll(async () => {
    t = await startTestApp();
    w = await seedCaseWorld(t);
    const reporter = w.resident.user.id;
    const now = Date.now();
    const rows = Array.from({ length: 3000 }, (_, i) => {
      const status: CaseStatus = i % 30 === 0 ? 'dispatched' : i % 30 === 1 ? 'in_progress' : i % 30 === 2 ? 'accepted' : 'closed';
      return cityCaseRow(i, now, { status, departmentId: status === 'accepted' ? null : w.deptA, gridId: w.gridAId });
    });
    await insertInChunks(t, Case, rows);
    const ids = ((await t.db.query('SELECT id FROM cases ORDER BY id')) as { id: number | string }[]).map((r) => Number(r.id));
    await insertInChunks(
      t,
      Report,
      ids.map((caseId, i) => reportRow(reporter, caseId, `plan-${i}`, w.gridAId)),
    );
    await analyze(t, ['cases', 'reports', 'photos', 'users', 'case_extensions']);

    statementsOf = statementRecorder(t);
  });
  afterAll(() => t?.close());

  /** Real tables a plan must not read whole: the cases, reports, photos, users and extensions (by name or alias). */
  async function expectNoTableScan(s: Statement): Promise<void> {
    const scans = await tableScans(t, s, /^(c|r|m|h|x|cases|reports|photos|users|case_extensions)$/);
    expect({ sql: s.sql, scans }).toEqual({ sql: s.sql, scans: [] });
  }

  it('a full page of the dispatch board takes two statements (rows with their report ids and thumbnails, count), each through an index', async () => {
    const query = t.app.get(CaseQueryService);
    await query.list(dispatcher, BOARD);
    const { result, statements } = await statementsOf(() => query.list(dispatcher, BOARD));
    // Before: the page's ids, its rows, the count, pending extensions, report ids, photo cards and handler names (7);
    // then rows, count, report ids, thumbnails (4).
    expect(result.items).toHaveLength(20);
    expect(result.total).toBe(300);
    expect(statements.map((s) => s.sql.slice(0, 60))).toHaveLength(2);
    for (const s of statements) await expectNoTableScan(s);
  });

  it("report ids are read through indexes: a case's own, and a master's with those of the cases merged into it", async () => {
    const reporter = w.resident.user.id;
    const master = await insertCase(t, { status: 'dispatched', departmentId: w.deptA, reporterId: reporter });
    const merged = await insertCase(t, { status: 'merged', masterCaseId: master.id, reporterId: reporter });
    const alone = await insertCase(t, { status: 'dispatched', departmentId: w.deptA, reporterId: reporter });
    const ids = await t.app.get(CaseQueryService).reportIds([master.id, alone.id]);
    expect(ids).toEqual(
      new Map([
        [master.id, [master.primaryReportId, merged.primaryReportId]],
        [alone.id, [alone.primaryReportId]],
      ]),
    );
    await expectNoTableScan(reportIdsSql([master.id, alone.id, merged.id]));
    // The list row reads the same ids in its own statement.
    const [row] = (await t.app.get(CaseQueryService).list(dispatcher, { q: String(master.id) })).items;
    expect(row.reportIds).toEqual([master.primaryReportId, merged.primaryReportId]);
  });

  it('a board row shows the handler, the first evidence photo as thumbnail and a pending 延期申请 as before', async () => {
    const handler = w.handlerA;
    const c = await insertCase(t, {
      status: 'in_progress',
      departmentId: w.deptA,
      reporterId: w.resident.user.id,
      handlerUserId: handler.user.id,
      dispatchedAt: new Date(Date.now() - 3600_000),
      deadline: new Date(Date.now() + 3600_000 * 2),
    });
    const photoRepo = t.db.getRepository(Photo);
    const [first, second, after] = [
      await insertPhoto(t, w.resident.user.id),
      await insertPhoto(t, w.resident.user.id),
      await insertPhoto(t, w.resident.user.id),
    ];
    await photoRepo.update({ id: after.id }, { caseId: c.id, role: 'after' });
    await photoRepo.update({ id: second.id }, { caseId: c.id, role: 'evidence' });
    await photoRepo.update({ id: first.id }, { caseId: c.id, role: 'before' });
    await t.http().post(`/api/v1/cases/${c.id}/extension`).set(handler.auth).send({ hours: 24, reason: '材料未到' }).expect(200);
    const res = await t.http().get(`/api/v1/cases?q=${c.id}`).set(w.dispatcher.auth).expect(200);
    const row = res.body.items[0];
    expect(row).toMatchObject({ id: c.id, handlerUserId: handler.user.id, handlerName: handler.user.displayName, overdue: false });
    expect(row.thumbUrl).toMatch(new RegExp(`/api/v1/photos/${first.id}/thumb\\?exp=\\d+&sig=[\\w-]+&st=1$`));
    expect(row.pendingExtension).toMatchObject({
      caseId: c.id,
      hours: 24,
      requestedBy: handler.user.id,
      requestedByName: handler.user.displayName,
    });
    // The list row says what the detail says about the same case.
    const detail = (await t.http().get(`/api/v1/cases/${c.id}`).set(w.dispatcher.auth).expect(200)).body;
    for (const key of [
      'status',
      'kind',
      'categoryCode',
      'departmentId',
      'deadline',
      'location',
      'reportIds',
      'overdue',
      'createdAt',
      'version',
    ])
      expect({ key, value: row[key] }).toEqual({ key, value: detail[key] });
  });
});
