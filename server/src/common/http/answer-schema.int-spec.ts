import type { LatLng } from '@sansui/shared';
import { caseListPageSchema } from '../../cases/dto/case-list-page.schema';
import { CaseQueryService } from '../../cases/case-query.service';
import { reportPageSchema } from '../../reports/dto/report-page.schema';
import { ReportViewService } from '../../reports/report-view.service';
import { Report } from '../../reports/report.entity';
import { insertCase, insertPhoto, seedCaseWorld, type CaseWorld } from '../../testing/factories-cases';
import { startTestApp, type TestApp } from '../../testing/test-app';
import { Photo } from '../../uploads/photo.entity';
import type { AuthUser } from '../auth/auth-user';
import { answerWriter, number, objectOf } from './answer-schema';

// A schema must name every key of its DTO: this one lacks `lng`, and the type check says so.
// @ts-expect-error `lng` is missing
objectOf<LatLng>({ lat: number });

/** Keys and kinds of a JSON value, recursively (values aside): what the answer's readers rely on. */
function shape(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(shape);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)]));
  return v === null ? null : typeof v;
}

/**
 * The list answers are written by their route's schema (fast-json-stringify), which writes only the fields it names:
 * for answers with every field filled (and with nulls), the schema writes exactly what `JSON.stringify` writes, and
 * the routes answer that.
 */
describe('answer schemas of the read paths', () => {
  let t: TestApp;
  let w: CaseWorld;

  beforeAll(async () => {
    t = await startTestApp();
    w = await seedCaseWorld(t);
  });
  afterAll(() => t?.close());

  it('the staff case list: a row with handler, thumbnail, deadline and a pending 延期申请, and one of nulls', async () => {
    const handler = w.handlerA;
    const full = await insertCase(t, {
      status: 'in_progress',
      departmentId: w.deptA,
      gridId: w.gridAId,
      reporterId: w.resident.user.id,
      handlerUserId: handler.user.id,
      address: '上城区湖滨街道 "环城北路" 54号\\附近',
      deadline: new Date(Date.now() + 7_200_000),
    });
    await insertCase(t, { status: 'accepted', reporterId: w.resident.user.id });
    const photo = await insertPhoto(t, w.resident.user.id);
    await t.db.getRepository(Photo).update({ id: photo.id }, { caseId: full.id, role: 'evidence' });
    await t.http().post(`/api/v1/cases/${full.id}/extension`).set(handler.auth).send({ hours: 24, reason: '材料未到' }).expect(200);

    const dispatcher: AuthUser = { id: w.dispatcher.user.id, kind: 'staff', roles: ['dispatcher'], departmentId: null };
    const answer = await t.app.get(CaseQueryService).list(dispatcher, { status: 'accepted,in_progress', pageSize: 1 });
    const page = await t.app.get(CaseQueryService).list(dispatcher, { status: 'accepted,in_progress', sort: 'deadline' });
    const row = page.items.find((i) => i.id === full.id)!;
    expect(row).toMatchObject({ handlerName: handler.user.displayName, departmentName: expect.any(String), gridId: w.gridAId });
    expect(row.thumbUrl).toEqual(expect.any(String));
    expect(row.pendingExtension).toMatchObject({ hours: 24, requestedByName: handler.user.displayName });
    expect(page.items.some((i) => i.deadline === null && i.departmentId === null && i.thumbUrl === null)).toBe(true);
    expect(answer.next).toEqual(expect.any(String));

    const write = answerWriter(caseListPageSchema);
    for (const a of [answer, page]) expect(write(a)).toBe(JSON.stringify(a));
    const http = await t.http().get('/api/v1/cases?status=accepted,in_progress&sort=deadline').set(w.dispatcher.auth).expect(200);
    expect(shape(http.body)).toEqual(shape(JSON.parse(JSON.stringify(page))));
  });

  it('my reports: before, after and hidden photos, and a report without any', async () => {
    const resident = w.resident;
    const c = await insertCase(t, { status: 'resolved', departmentId: w.deptA, reporterId: resident.user.id });
    await insertCase(t, { status: 'submitted', reporterId: resident.user.id });
    const [before, after, risky] = [
      await insertPhoto(t, resident.user.id),
      await insertPhoto(t, resident.user.id),
      await insertPhoto(t, resident.user.id),
    ];
    const photos = t.db.getRepository(Photo);
    await photos.update({ id: before.id }, { reportId: c.primaryReportId, caseId: c.id, role: 'before' });
    await photos.update({ id: risky.id }, { reportId: c.primaryReportId, caseId: c.id, role: 'before', contentCheck: 'risky' });
    await photos.update({ id: after.id }, { reportId: c.primaryReportId, caseId: c.id, role: 'after' });
    await t.db.getRepository(Report).update({ id: c.primaryReportId }, { description: '路边 "垃圾"\n堆了三天', address: '西湖区' });

    const user: AuthUser = { id: resident.user.id, kind: 'resident', roles: ['resident'], departmentId: null };
    const answer = await t.app.get(ReportViewService).mine(user, { page: 1, pageSize: 20 });
    const report = answer.items.find((r) => r.id === c.primaryReportId)!;
    expect(report.photos).toEqual([
      expect.objectContaining({ id: before.id }),
      expect.objectContaining({ id: risky.id, hidden: true, url: '' }),
    ]);
    expect(report.afterPhotos).toEqual([expect.objectContaining({ id: after.id })]);
    expect(answer.items.some((r) => r.photos.length === 0 && r.description === null)).toBe(true);

    expect(answerWriter(reportPageSchema)(answer)).toBe(JSON.stringify(answer));
    const http = await t.http().get('/api/v1/reports/mine?page=1&pageSize=20').set(resident.auth).expect(200);
    expect(shape(http.body)).toEqual(shape(JSON.parse(JSON.stringify(answer))));
  });
});
