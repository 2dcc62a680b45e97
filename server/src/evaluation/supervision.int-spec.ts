import { Case } from '../cases/case.entity';
import { StaffNotice } from '../notifications/staff-notice.entity';
import { insertPhoto, seedCaseWorld, type Actor, type CaseWorld } from '../testing/factories-cases';
import { REPORT_TEST_AREA } from '../testing/factories-reports';
import { startTestApp, type TestApp } from '../testing/test-app';
import { downloadWorkbook } from '../testing/workbook';
import { Area } from '../areas/area.entity';
import { DEMO_CHECKLIST } from './demo-checklist';
import { SupervisionNotice } from './supervision-notice.entity';
import { SupervisionEscalationService } from './supervision-escalation.service';

const AT = REPORT_TEST_AREA.centre;
const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000 + 8 * 3600_000).toISOString().slice(0, 10);

/** docs/domain.md §16: 督办通知 to departments, their 整改回复, tracking to closure and escalation when unanswered. */
describe('evaluation: 督办通知 and 整改回复', () => {
  let t: TestApp;
  let w: CaseWorld;
  let districtId: number;
  let roundId: number;
  let noticeId: number;

  const api = (method: 'get' | 'post' | 'put', path: string, who: Actor, body?: object) =>
    t.http()[method](`/api/v1${path}`).set(who.auth).send(body);
  const newPublishedRound = async (name: string, items: string[]) => {
    const id = (
      await api('post', '/inspection-rounds', w.dispatcher, {
        kind: 'covert',
        name,
        month: '2026-11',
        areaIds: [districtId],
        inspectorUserIds: [w.inspector.user.id],
      }).expect(201)
    ).body.id as number;
    for (const itemCode of items)
      await api('post', `/inspection-rounds/${id}/findings`, w.inspector, {
        itemCode,
        location: AT,
        photoIds: [(await insertPhoto(t, w.inspector.user.id)).id],
      }).expect(201);
    return id;
  };

  beforeAll(async () => {
    t = await startTestApp();
    w = await seedCaseWorld(t);
    districtId = (await t.db.getRepository(Area).findOneByOrFail({ level: 'district' })).id;
    await api('put', '/checklist', w.admin, { items: DEMO_CHECKLIST }).expect(200);
  });
  afterAll(() => t?.close());

  it('a dispatcher issues one notice per responsible department once the round is published', async () => {
    roundId = await newPublishedRound('11 月暗访', ['A01', 'A02']);
    const early = await api('post', `/inspection-rounds/${roundId}/supervision-notices`, w.dispatcher, { deadline: day(3) });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('ROUND_NOT_PUBLISHED');
    await api('post', `/inspection-rounds/${roundId}/publish`, w.dispatcher).expect(200);

    for (const deadline of ['2026-02-30', day(-1), 'tomorrow'])
      expect((await api('post', `/inspection-rounds/${roundId}/supervision-notices`, w.dispatcher, { deadline })).body.code).toBe(
        'SUPERVISION_DEADLINE_INVALID',
      );
    expect((await api('post', `/inspection-rounds/${roundId}/supervision-notices`, w.inspector, { deadline: day(3) })).status).toBe(403);

    const res = await api('post', `/inspection-rounds/${roundId}/supervision-notices`, w.dispatcher, {
      deadline: day(3),
      requirement: '三日内清理完毕并回复',
    }).expect(201);
    const cases = await t.db.getRepository(Case).find({ where: { source: 'inspection' } });
    expect(cases.every((c) => c.departmentId === w.deptA)).toBe(true);
    expect(res.body.created).toEqual([
      expect.objectContaining({
        roundId,
        departmentId: w.deptA,
        title: '关于11 月暗访发现问题的督办通知',
        state: 'awaiting_reply',
        caseCount: 2,
        closedCaseCount: 0,
        escalations: [],
      }),
    ]);
    noticeId = res.body.created[0].id;
    const told = await t.db.getRepository(StaffNotice).findBy({ departmentId: w.deptA, kind: 'supervision_notice' });
    expect(told).toHaveLength(1);

    // Sent again: the department already has its notice for this round.
    const again = await api('post', `/inspection-rounds/${roundId}/supervision-notices`, w.dispatcher2, { deadline: day(5) });
    expect(again.status).toBe(422);
    expect(again.body.code).toBe('SUPERVISION_NO_CASES');
  });

  it('issued twice at the same time, a department still gets one notice', async () => {
    const id = await newPublishedRound('11 月第二次暗访', ['A03']);
    await api('post', `/inspection-rounds/${id}/publish`, w.dispatcher).expect(200);
    const [a, b] = await Promise.all([
      api('post', `/inspection-rounds/${id}/supervision-notices`, w.dispatcher, { deadline: day(2) }),
      api('post', `/inspection-rounds/${id}/supervision-notices`, w.dispatcher2, { deadline: day(2) }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 422]);
    expect(await t.db.getRepository(SupervisionNotice).countBy({ roundId: id })).toBe(1);
  });

  it('a department sees only its own notices', async () => {
    expect((await api('get', `/supervision-notices/${noticeId}`, w.handlerB)).status).toBe(404);
    expect((await api('get', '/supervision-notices', w.handlerB).expect(200)).body).toEqual([]);
    const mine = (await api('get', `/supervision-notices?roundId=${roundId}`, w.managerA).expect(200)).body;
    expect(mine.map((n: { id: number }) => n.id)).toEqual([noticeId]);
    const detail = (await api('get', `/supervision-notices/${noticeId}`, w.handlerA).expect(200)).body;
    expect(detail).toMatchObject({ requirement: '三日内清理完毕并回复', replies: [] });
    expect(detail.cases).toHaveLength(2);
    expect(detail.cases.every((c: { closed: boolean }) => !c.closed)).toBe(true);
    expect((await api('get', `/supervision-notices?state=nope`, w.dispatcher)).status).toBe(400);
  });

  it('an unanswered notice escalates at the deadline and at twice the time, each step once even with two runners', async () => {
    const sut = t.app.get(SupervisionEscalationService);
    expect((await sut.runOnce(new Date())).fired.filter((f) => f.noticeId === noticeId)).toEqual([]);
    // Two days were given and the deadline passed an hour ago.
    const now = Date.now();
    await t.db
      .getRepository(SupervisionNotice)
      .update({ id: noticeId }, { createdAt: new Date(now - 49 * 3600_000), deadline: new Date(now - 3600_000) });

    const [r1, r2] = await Promise.all([sut.runOnce(new Date(now)), sut.runOnce(new Date(now))]);
    expect([...r1.fired, ...r2.fired].filter((f) => f.noticeId === noticeId)).toEqual([{ noticeId, step: 'overdue' }]);
    const managers = await t.db.getRepository(StaffNotice).findBy({ userId: w.managerA.user.id, kind: 'supervision_overdue' });
    expect(managers).toHaveLength(1);
    const overdue = (await api('get', `/supervision-notices/${noticeId}`, w.dispatcher)).body;
    expect(overdue.state).toBe('overdue');
    expect(overdue.escalations.map((e: { step: string }) => e.step)).toEqual(['overdue']);

    const twice = new Date(now + 48 * 3600_000);
    expect((await sut.runOnce(twice)).fired.filter((f) => f.noticeId === noticeId)).toEqual([{ noticeId, step: 'circular' }]);
    expect((await sut.runOnce(twice)).fired).toEqual([]);
    expect(await t.db.getRepository(StaffNotice).countBy({ userId: w.dispatcher.user.id, kind: 'supervision_circular' })).toBeGreaterThan(
      0,
    );
  });

  it('the department replies with text and photos; the notice closes when every case is closed', async () => {
    const photo = (await insertPhoto(t, w.handlerA.user.id)).id;
    expect((await api('post', `/supervision-notices/${noticeId}/replies`, w.dispatcher, { text: '已整改' })).status).toBe(403);
    expect((await api('post', `/supervision-notices/${noticeId}/replies`, w.handlerB, { text: '已整改' })).status).toBe(404);
    const empty = await api('post', `/supervision-notices/${noticeId}/replies`, w.handlerA, { text: '  ' });
    expect(empty.body).toMatchObject({ code: 'SUPERVISION_REPLY_INVALID', message: expect.stringContaining('整改') });
    const foreign = await api('post', `/supervision-notices/${noticeId}/replies`, w.handlerA, {
      text: '已整改',
      photoIds: [(await insertPhoto(t, w.handlerB.user.id)).id],
    });
    expect(foreign.body.code).toBe('PHOTO_NOT_OWNED');

    const replied = (
      await api('post', `/supervision-notices/${noticeId}/replies`, w.handlerA, {
        text: '已组织保洁清运，增加巡查频次',
        photoIds: [photo],
      }).expect(201)
    ).body;
    expect(replied.state).toBe('replied');
    expect(replied.replies).toEqual([
      expect.objectContaining({
        text: '已组织保洁清运，增加巡查频次',
        userId: w.handlerA.user.id,
        photos: [expect.objectContaining({ id: photo })],
      }),
    ]);
    expect(await t.db.getRepository(StaffNotice).countBy({ userId: w.dispatcher.user.id, kind: 'supervision_reply' })).toBe(1);

    await t.db.getRepository(Case).update({ id: replied.cases[0].id }, { status: 'closed', closedAt: new Date() });
    const half = (await api('get', `/supervision-notices/${noticeId}`, w.dispatcher)).body;
    expect(half).toMatchObject({ state: 'replied', closedCaseCount: 1 });
    await t.db.getRepository(Case).update({ id: replied.cases[1].id }, { status: 'closed', closedAt: new Date() });
    const closed = (await api('get', `/supervision-notices?state=closed`, w.auditor).expect(200)).body;
    expect(closed.map((x: { id: number }) => x.id)).toEqual([noticeId]);
  });

  it('the notice prints as an A4 page and downloads as Excel, for the organisers and its own department only', async () => {
    const html = await api('get', `/supervision-notices/${noticeId}/document`, w.handlerA).expect(200);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.text).toContain('<h1>关于11 月暗访发现问题的督办通知</h1>');
    expect(html.text).toContain('发现你单位负责处置的问题 2 处');
    expect(html.text).toContain('三日内清理完毕并回复');
    expect(html.text).toContain('主次干道路面有明显垃圾、积存杂物');
    expect(html.text).toContain('已组织保洁清运，增加巡查频次');
    expect(html.text).toContain('逾期升级：');
    expect(html.text.match(/<img /g)?.length).toBe(3); // two finding photos, one rectification photo
    expect((await api('get', `/supervision-notices/${noticeId}/document`, w.handlerB)).status).toBe(404);
    expect((await api('get', `/supervision-notices/${noticeId}/document?format=pdf`, w.dispatcher)).body.code).toBe('VALIDATION_FAILED');

    const { res: xlsx, wb } = await downloadWorkbook(
      t.http().get(`/api/v1/supervision-notices/${noticeId}/document?format=xlsx`).set(w.dispatcher.auth),
    );
    expect(xlsx.headers['content-disposition']).toContain(encodeURIComponent('关于11 月暗访发现问题的督办通知.xlsx'));
    expect(wb.worksheets.map((ws) => ws.name)).toEqual(['督办通知', '整改回复']);
    const cells = (name: string) => {
      const out: string[] = [];
      wb.getWorksheet(name)!.eachRow((row) => row.eachCell((c) => out.push(String(c.text))));
      return out.join('|');
    };
    const caseIds = (await api('get', `/supervision-notices/${noticeId}`, w.dispatcher)).body.cases.map((c: { id: number }) => c.id);
    for (const id of caseIds) expect(cells('督办通知')).toContain(`|${id}|`);
    expect(cells('督办通知')).toContain('已办结');
    expect(cells('整改回复')).toContain('已组织保洁清运，增加巡查频次');
    expect(cells('整改回复')).toContain('查看照片');
  });
});
