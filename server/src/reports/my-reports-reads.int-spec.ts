import type { AuthUser } from '../common/auth/auth-user';
import { analyze, insertInChunks, reportRow } from '../testing/bulk-seed';
import { insertActor, insertCase, insertPhoto, seedCaseWorld } from '../testing/factories-cases';
import { statementRecorder, tableScans, type Statement } from '../testing/statements';
import { startTestApp, type TestApp } from '../testing/test-app';
import { Photo } from '../uploads/photo.entity';
import { Report } from './report.entity';
import { ReportViewService } from './report-view.service';

/**
 * Issue 12, GET /reports/mine: a page costs two statements (the page with its cases' status and the user's count; the
 * photos), counted on full, last and past-the-end pages, each read through an index among many other residents'
 * reports, with the same total whichever page is asked for.
 */
describe('my reports: statements and plans', () => {
  let t: TestApp;
  let me: AuthUser;
  let statementsOf: ReturnType<typeof statementRecorder>;

  beforeAll(async () => {
    t = await startTestApp();
    const w = await seedCaseWorld(t);
    const resident = await insertActor(t, ['resident'], null, 'resident');
    me = { id: resident.user.id, kind: 'resident', roles: ['resident'], departmentId: null };
    for (let i = 0; i < 25; i++) {
      const c = await insertCase(t, {
        status: i % 2 ? 'submitted' : 'dispatched',
        departmentId: i % 2 ? null : w.deptA,
        reporterId: me.id,
      });
      const photo = await insertPhoto(t, me.id);
      await t.db.getRepository(Photo).update({ id: photo.id }, { reportId: c.primaryReportId, caseId: c.id, role: 'evidence' });
    }
    // Many other residents' reports on one case: the page and its count must find mine through the user's index.
    const someCase = await insertCase(t, { status: 'submitted', reporterId: w.resident.user.id });
    await insertInChunks(
      t,
      Report,
      Array.from({ length: 1000 }, (_, i) => reportRow(w.resident.user.id, someCase.id, `other-${i}`)),
    );
    // … and their photos (a photo table that is mostly other people's).
    const template = await insertPhoto(t, w.resident.user.id);
    const { id: _id, ...photo } = template;
    void _id;
    const otherIds = (
      (await t.db.query('SELECT id FROM reports WHERE userId = ? ORDER BY id', [w.resident.user.id])) as { id: number | string }[]
    ).map((r) => Number(r.id));
    const photos = otherIds.map((reportId, i) => ({
      ...photo,
      storageKey: `other/${i}.jpg`,
      thumbKey: `other/${i}_t.jpg`,
      sha256: String(i).padEnd(64, 'a'),
      reportId,
      caseId: someCase.id,
      role: 'evidence' as const,
    }));
    await insertInChunks(t, Photo, photos, 250);
    await analyze(t, ['reports', 'cases', 'photos']);
    statementsOf = statementRecorder(t);
  });
  afterAll(() => t?.close());

  async function expectNoTableScan(s: Statement): Promise<void> {
    const scans = await tableScans(t, s, /^(r|c|m|n|reports|cases|photos)$/);
    expect({ sql: s.sql, scans }).toEqual({ sql: s.sql, scans: [] });
  }

  it('a full page and the last page take one statement, a page past the end two, and all tell the same total', async () => {
    const view = t.app.get(ReportViewService);
    const full = await statementsOf(() => view.mine(me, { page: 1, pageSize: 20 }));
    expect(full.result.items).toHaveLength(20);
    expect(full.result.total).toBe(25);
    expect(full.result.items.every((r) => r.photos.length === 1 && r.photos[0].thumbUrl.includes('/thumb?'))).toBe(true);
    // Before: the page, its count and the photos (3); then the page with its count, and the photos (2).
    expect(full.statements).toHaveLength(1);
    for (const s of full.statements) await expectNoTableScan(s);

    const last = await statementsOf(() => view.mine(me, { page: 2, pageSize: 20 }));
    expect(last.result).toMatchObject({ total: 25, page: 2, pageSize: 20 });
    expect(last.result.items).toHaveLength(5);
    expect(last.statements).toHaveLength(1);

    // Past the end no row carries the count: it is read on its own (and there are no photos to read).
    const past = await statementsOf(() => view.mine(me, { page: 3, pageSize: 20 }));
    expect(past.result).toMatchObject({ total: 25, items: [] });
    expect(past.statements).toHaveLength(2);
    for (const s of past.statements) await expectNoTableScan(s);
  });

  it('a resident without reports gets an empty first page with total 0 from one statement', async () => {
    const nobody = await insertActor(t, ['resident'], null, 'resident');
    const view = t.app.get(ReportViewService);
    const { result, statements } = await statementsOf(() =>
      view.mine({ id: nobody.user.id, kind: 'resident', roles: ['resident'], departmentId: null }, { page: 1, pageSize: 20 }),
    );
    expect(result).toMatchObject({ items: [], total: 0 });
    expect(statements).toHaveLength(1);
  });
});
