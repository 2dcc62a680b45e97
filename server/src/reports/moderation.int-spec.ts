import type { ModerationItemDto } from '@sansui/shared';
import sharp from 'sharp';
import { AuditLog } from '../audit/audit-log.entity';
import { CaseEvent } from '../cases/case-event.entity';
import { Case } from '../cases/case.entity';
import { OutboxService } from '../notifications/outbox.service';
import { StaffNotice } from '../notifications/staff-notice.entity';
import { newRequestId, REPORT_TEST_AREA, residentLogin, seedReportTestPlaces, staffToken, uploadScene } from '../testing/factories-reports';
import { startTestApp, type TestApp } from '../testing/test-app';
import { Photo } from '../uploads/photo.entity';
import { User } from '../users/user.entity';
import { ReportFeedback } from '../cases/report-feedback.entity';
import { Report } from './report.entity';

/** 内容审核 (docs/domain.md §17): flagged reports reach the dispatchers' queue, who approve or reject them. */
describe('moderation queue', () => {
  let t: TestApp;
  let dispatcher: { token: string; userId: number };
  let handler: { token: string; userId: number };
  let resident: { token: string; userId: number };

  beforeAll(async () => {
    t = await startTestApp({ WECHAT_SIM_MEDIA_DELAY_MS: '20' });
    await seedReportTestPlaces(t.db);
    dispatcher = await staffToken(t, 'mod-dispatcher', ['dispatcher']);
    handler = await staffToken(t, 'mod-handler', ['handler']);
    await t.db.getRepository(User).update({ id: dispatcher.userId }, { wecomUserId: 'mod-dispatcher' });
    resident = await residentLogin(t, 'mod-alice');
  });
  afterAll(() => t.close());

  const as = (who: { token: string }) => ({ Authorization: `Bearer ${who.token}` });
  const queue = async (status?: 'decided') =>
    (
      await t
        .http()
        .get(`/api/v1/moderation/items${status ? `?status=${status}` : ''}`)
        .set(as(dispatcher))
    ).body.items as ModerationItemDto[];
  const decide = (reportId: number, body: object) =>
    t.http().post(`/api/v1/moderation/items/${reportId}/decision`).set(as(dispatcher)).send(body);

  async function until(fn: () => Promise<boolean>, ms = 20_000): Promise<void> {
    const end = Date.now() + ms;
    while (!(await fn())) {
      if (Date.now() > end) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function report(description: string, photoIds: number[]): Promise<{ id: number; caseId: number }> {
    const res = await t
      .http()
      .post('/api/v1/reports')
      .set(as(resident))
      .send({
        kind: 'snap',
        categoryCode: 'exposed_garbage',
        description,
        location: REPORT_TEST_AREA.centre,
        photoIds,
        clientRequestId: newRequestId('mod'),
      });
    expect(res.status).toBe(201);
    return { id: res.body.id, caseId: res.body.caseId };
  }

  async function redPhoto(): Promise<number> {
    const red = await sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 255, g: 0, b: 0 } } })
      .jpeg()
      .toBuffer();
    const up = await t
      .http()
      .post('/api/v1/uploads')
      .set(as(resident))
      .attach('file', red, { filename: 'red.jpg', contentType: 'image/jpeg' });
    expect([200, 201]).toContain(up.status);
    return up.body.id;
  }

  const photoState = async (id: number) => (await t.db.getRepository(Photo).findOneByOrFail({ id })).contentCheck;

  it('a text the check is unsure about queues the report, tells every dispatcher (notice + WeCom) and an approval shows it', async () => {
    const fine = await uploadScene(t, resident.token, 101);
    const r = await report('这里有点敏感的垃圾堆', [fine]);
    await until(async () => (await photoState(fine)) !== 'pending');

    const item = (await queue()).find((i) => i.reportId === r.id)!;
    expect(item).toMatchObject({ caseId: r.caseId, contentCheck: 'review', textCheck: 'review', canReject: true, decision: null });
    expect(item.description).toContain('敏感');

    const notices = await t.db.getRepository(StaffNotice).find({ where: { caseId: r.caseId, kind: 'moderation' } });
    expect(notices.map((n) => n.userId)).toEqual([dispatcher.userId]);
    expect(notices[0].body).toContain('文字需要人工复核');
    const outbox = t.app.get(OutboxService);
    for (let i = 0; i < 10 && (await outbox.runOnce(new Date())).claimed > 0; i++);
    const sim = await t.http().get('/sim/wecom/_control/messages?touser=mod-dispatcher');
    expect(sim.body.items.map((m: { textcard: { title: string } }) => m.textcard.title)).toContain('内容待审核');

    expect((await t.http().get('/api/v1/moderation/items').set(as(handler))).status).toBe(403);
    expect((await t.http().post(`/api/v1/moderation/items/${r.id}/decision`).set(as(handler)).send({ verdict: 'approve' })).status).toBe(
      403,
    );

    const ok = await decide(r.id, { verdict: 'approve', note: '描述正常' });
    expect(ok.status).toBe(200);
    expect(ok.body.decision).toMatchObject({ verdict: 'approve', hiddenPhotoIds: [], note: '描述正常', moderatorName: 'mod-dispatcher' });
    expect((await t.db.getRepository(Report).findOneByOrFail({ id: r.id })).contentCheck).toBe('pass');
    expect((await t.db.getRepository(Case).findOneByOrFail({ id: r.caseId })).flagged).toBe(false);
    expect((await queue()).map((i) => i.reportId)).not.toContain(r.id);
    expect((await queue('decided')).map((i) => i.reportId)).toContain(r.id);
    expect(await t.db.getRepository(AuditLog).count({ where: { action: 'moderation.approve', targetId: String(r.id) } })).toBe(1);
    expect(await t.db.getRepository(CaseEvent).count({ where: { caseId: r.caseId, action: 'moderate' } })).toBe(1);

    const again = await decide(r.id, { verdict: 'approve' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('MODERATION_NOT_PENDING');
  });

  it('a risky photo is hidden and queued with its label; the moderator keeps it hidden and the reporter reads why', async () => {
    const red = await redPhoto();
    const fine = await uploadScene(t, resident.token, 102);
    const r = await report('路边垃圾', [red, fine]);
    await until(async () => (await photoState(red)) === 'risky' && (await photoState(fine)) === 'pass');

    const item = (await queue()).find((i) => i.reportId === r.id)!;
    expect(item.contentCheck).toBe('risky');
    const redView = item.photos.find((p) => p.id === red)!;
    expect(redView).toMatchObject({ contentCheck: 'risky', label: 20002, hidden: true });
    expect(redView.url).toContain(`/photos/${red}/image`);
    const notice = await t.db.getRepository(StaffNotice).findOneByOrFail({ caseId: r.caseId, kind: 'moderation' });
    expect(notice.body).toContain('图片疑似违规');

    const other = await uploadScene(t, resident.token, 103);
    const wrong = await decide(r.id, { verdict: 'approve', hiddenPhotoIds: [other] });
    expect(wrong.status).toBe(422);
    expect(wrong.body.code).toBe('MODERATION_PHOTO_INVALID');

    const ok = await decide(r.id, { verdict: 'approve', hiddenPhotoIds: [red] });
    expect(ok.status).toBe(200);
    expect(await photoState(red)).toBe('risky');
    expect(await photoState(fine)).toBe('pass');

    const detail = await t.http().get(`/api/v1/reports/${r.id}`).set(as(resident));
    expect(detail.body.photos.find((p: { id: number }) => p.id === red)).toMatchObject({ hidden: true, url: '' });
    expect(detail.body.timeline.map((e: { text: string }) => e.text)).toContain(
      '经人工审核，有 1 张照片不适合公开展示，已隐藏，不影响问题处理',
    );
  });

  it('a wrongly flagged photo is shown again when the moderator approves without hiding it', async () => {
    const red = await redPhoto();
    const r = await report('红色的广告牌下有垃圾', [red]);
    await until(async () => (await photoState(red)) === 'risky');
    expect((await decide(r.id, { verdict: 'approve', hiddenPhotoIds: [] })).status).toBe(200);
    expect(await photoState(red)).toBe('pass');
    const detail = await t.http().get(`/api/v1/reports/${r.id}`).set(as(resident));
    expect(detail.body.photos[0].hidden).toBeUndefined();
    expect(detail.body.photos[0].url).not.toBe('');
  });

  it('reject closes the case as 违规内容 through the case lifecycle, hides every photo and tells the reporter', async () => {
    const red = await redPhoto();
    const fine = await uploadScene(t, resident.token, 104);
    const r = await report('路口垃圾', [red, fine]);
    await until(async () => (await photoState(red)) === 'risky' && (await photoState(fine)) === 'pass');

    const noNote = await decide(r.id, { verdict: 'reject' });
    expect(noNote.status).toBe(422);
    expect(noNote.body.code).toBe('MODERATION_NOTE_REQUIRED');
    const bad = await decide(r.id, { verdict: 'block' });
    expect(bad.status).toBe(400);

    const ok = await decide(r.id, { verdict: 'reject', note: '图片含不良内容' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ caseStatus: 'rejected', canReject: false, decision: { verdict: 'reject' } });
    expect(ok.body.decision.hiddenPhotoIds.sort()).toEqual([red, fine].sort());
    expect(await photoState(fine)).toBe('risky');
    const reject = await t.db.getRepository(CaseEvent).findOneByOrFail({ caseId: r.caseId, action: 'reject' });
    expect(reject.data).toMatchObject({ reason: 'violation' });
    expect(await t.db.getRepository(AuditLog).count({ where: { action: 'moderation.reject', targetId: String(r.id) } })).toBe(1);
    expect((await queue()).map((i) => i.reportId)).not.toContain(r.id);

    const detail = await t.http().get(`/api/v1/reports/${r.id}`).set(as(resident));
    expect(detail.body.timeline.map((e: { text: string }) => e.text)).toContain('未予受理：违规内容');
    expect(detail.body.photos.every((p: { hidden?: boolean }) => p.hidden)).toBe(true);
  });

  it('reject of a case already accepted is refused by the state machine; the moderator can still hide photos', async () => {
    const red = await redPhoto();
    const r = await report('垃圾', [red]);
    await until(async () => (await photoState(red)) === 'risky');
    const accept = await t.http().post(`/api/v1/cases/${r.caseId}/accept`).set(as(dispatcher)).send({});
    expect(accept.status).toBe(200);
    const item = (await queue()).find((i) => i.reportId === r.id)!;
    expect(item.canReject).toBe(false);
    const refused = await decide(r.id, { verdict: 'reject', note: '违规' });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('CASE_TRANSITION_NOT_ALLOWED');
    expect(await photoState(red)).toBe('risky');
    expect((await decide(r.id, { verdict: 'approve', hiddenPhotoIds: [red] })).status).toBe(200);
  });

  it('a feedback comment is checked like report text: risky is refused, review queues the report without pushing the comment', async () => {
    const r = await report('路口垃圾', [await uploadScene(t, resident.token, 131)]);
    await t.db.getRepository(Case).update({ id: r.caseId }, { status: 'closed', closedAt: new Date() });
    const feedback = async (comment: string, seed: number) =>
      t
        .http()
        .post(`/api/v1/reports/${r.id}/feedback`)
        .set(as(resident))
        .send({ satisfied: false, comment, photoIds: [await uploadScene(t, resident.token, seed)] });

    const risky = await feedback('没解决，这里还有人赌博', 132);
    expect([risky.status, risky.body.code]).toEqual([422, 'CONTENT_RISKY']);
    expect(await t.db.getRepository(ReportFeedback).countBy({ reportId: r.id })).toBe(0);

    const before = await t.db.getRepository(StaffNotice).countBy({ caseId: r.caseId, kind: 'moderation' });
    const ok = await feedback('还是脏，有点敏感的东西没清走', 133);
    expect(ok.status).toBe(200);
    expect(await t.db.getRepository(ReportFeedback).findOneByOrFail({ reportId: r.id })).toMatchObject({
      commentCheck: 'review',
      reopenStatus: 'pending',
    });
    const item = (await queue()).find((i) => i.reportId === r.id)!;
    expect(item).toMatchObject({
      contentCheck: 'review',
      canReject: false,
      feedback: { satisfied: false, comment: '还是脏，有点敏感的东西没清走', commentCheck: 'review' },
    });
    const moderation = await t.db.getRepository(StaffNotice).find({ where: { caseId: r.caseId, kind: 'moderation' } });
    expect(moderation.length - before).toBe(1);
    expect(moderation.at(-1)!.body).toContain('反馈文字需要人工复核');
    // The reopen request reaches dispatchers (and their phones) without the unchecked words.
    const reopen = await t.db.getRepository(StaffNotice).findOneByOrFail({ caseId: r.caseId, kind: 'reopen_requested' });
    expect(reopen.body).not.toContain('敏感');
    expect(reopen.body).toContain('待内容审核');
    expect((await t.db.getRepository(Case).findOneByOrFail({ id: r.caseId })).flagged).toBe(true);

    expect((await decide(r.id, { verdict: 'approve', note: '反馈正常' })).status).toBe(200);
    expect((await queue()).map((i) => i.reportId)).not.toContain(r.id);
    expect((await t.db.getRepository(Case).findOneByOrFail({ id: r.caseId })).flagged).toBe(false);
  });

  it('a clean feedback comment stays out of the queue and is pushed as written', async () => {
    const r = await report('垃圾桶满了', [await uploadScene(t, resident.token, 141)]);
    await t.db.getRepository(Case).update({ id: r.caseId }, { status: 'closed', closedAt: new Date() });
    const ok = await t
      .http()
      .post(`/api/v1/reports/${r.id}/feedback`)
      .set(as(resident))
      .send({ satisfied: false, comment: '桶还是满的', photoIds: [await uploadScene(t, resident.token, 142)] });
    expect(ok.status).toBe(200);
    expect((await t.db.getRepository(ReportFeedback).findOneByOrFail({ reportId: r.id })).commentCheck).toBe('pass');
    expect((await queue()).map((i) => i.reportId)).not.toContain(r.id);
    expect((await t.db.getRepository(StaffNotice).findOneByOrFail({ caseId: r.caseId, kind: 'reopen_requested' })).body).toBe('桶还是满的');
  });

  it('once one dispatcher decides, no dispatcher keeps an unread call to act on it', async () => {
    const colleague = await staffToken(t, 'mod-dispatcher-2', ['dispatcher']);
    const mine = async (who: { token: string }, caseId: number) =>
      (
        (await t.http().get('/api/v1/notices?pageSize=100').set(as(who))).body.items as { caseId: number; kind: string; read: boolean }[]
      ).filter((n) => n.caseId === caseId && n.kind === 'moderation');
    const unread = async (who: { token: string }) =>
      (await t.http().get('/api/v1/notices/unread-count').set(as(who))).body.unread as number;

    const approved = await report('这里有点敏感的垃圾', [await uploadScene(t, resident.token, 151)]);
    const rejected = await report('也有点敏感的小广告', [await uploadScene(t, resident.token, 152)]);
    expect((await mine(colleague, approved.caseId)).map((n) => n.read)).toEqual([false]);
    expect((await mine(colleague, rejected.caseId)).map((n) => n.read)).toEqual([false]);
    const before = await unread(colleague);

    expect((await decide(approved.id, { verdict: 'approve' })).status).toBe(200);
    expect((await mine(colleague, approved.caseId)).map((n) => n.read)).toEqual([true]);
    expect((await mine(dispatcher, approved.caseId)).map((n) => n.read)).toEqual([true]);
    expect(await unread(colleague)).toBe(before - 1);
    const rows = await t.db.getRepository(StaffNotice).find({ where: { caseId: approved.caseId, kind: 'moderation' } });
    expect(rows.map((n) => n.readByUserId)).toEqual(rows.map(() => dispatcher.userId));

    expect((await decide(rejected.id, { verdict: 'reject', note: '违规' })).status).toBe(200);
    expect((await mine(colleague, rejected.caseId)).map((n) => n.read)).toEqual([true]);
    expect(await unread(colleague)).toBe(before - 2);
  });
});
