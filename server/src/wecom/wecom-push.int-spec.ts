import { EscalationService } from '../cases/escalation.service';
import { OutboxMessage } from '../notifications/outbox-message.entity';
import { OutboxService } from '../notifications/outbox.service';
import { StaffNotice } from '../notifications/staff-notice.entity';
import { insertCase, seedCaseWorld, type CaseWorld } from '../testing/factories-cases';
import { startTestApp, type TestApp } from '../testing/test-app';
import { WecomClient } from './wecom.client';

const HOUR = 3600_000;

interface SimMessage {
  touser: string[];
  agentid: number;
  msgtype: string;
  textcard: { title: string; description: string; url: string; btntxt?: string };
}

/** WeCom pushes (docs/domain.md §17): the real client against the simulator, and notices delivered through the outbox. */
describe('WeCom pushes of staff notices', () => {
  let t: TestApp;
  let w: CaseWorld;
  let client: WecomClient;
  let outbox: OutboxService;

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_BASE_URL: 'https://sansui.example.cn' });
    w = await seedCaseWorld(t);
    client = t.app.get(WecomClient);
    outbox = t.app.get(OutboxService);
  });
  afterAll(() => t.close());

  const sim = async (touser?: string) =>
    (await t.http().get(`/sim/wecom/_control/messages${touser ? `?touser=${touser}` : ''}`)).body as {
      items: SimMessage[];
      tokenRequests: number;
    };
  const setWecomId = async (userId: number, wecomUserId: string | null) => {
    const res = await t.http().patch(`/api/v1/users/${userId}`).set(w.admin.auth).send({ wecomUserId });
    expect(res.status).toBe(200);
    expect(res.body.wecomUserId).toBe(wecomUserId);
  };
  /** Runs the outbox until nothing is due at `now` (pushes of other tests may be waiting too). */
  const drain = async (now = new Date()) => {
    for (let i = 0; i < 10 && (await outbox.runOnce(now)).claimed > 0; i++);
  };

  it('the client gets a token once, reuses it, and fetches a new one when WeCom says it expired', async () => {
    const before = (await sim()).tokenRequests;
    const card = { toUsers: ['zhangsan'], title: '测试', description: '第一条', url: 'https://sansui.example.cn/admin/' };
    expect(await client.sendTextCard(card)).toMatchObject({ kind: 'sent' });
    expect(await client.sendTextCard({ ...card, description: '第二条' })).toMatchObject({ kind: 'sent' });
    expect((await sim()).tokenRequests).toBe(before + 1);

    await t.http().post('/sim/wecom/_control/expire-tokens');
    expect(await client.sendTextCard({ ...card, description: '第三条' })).toMatchObject({ kind: 'sent' });
    const after = await sim('zhangsan');
    expect(after.tokenRequests).toBe(before + 2);
    expect(after.items.map((m) => m.textcard.description)).toEqual(['第一条', '第二条', '第三条']);
    expect(after.items[0]).toMatchObject({ msgtype: 'textcard', agentid: 1000002, textcard: { btntxt: '查看案卷' } });
  });

  it('a member WeCom does not know is a permanent refusal, an outage is an error to retry', async () => {
    const card = { toUsers: ['gone-lisi'], title: '测试', description: '无此成员', url: 'https://sansui.example.cn/admin/' };
    expect(await client.sendTextCard(card)).toEqual({ kind: 'rejected', errcode: 81013, errmsg: expect.any(String) });
    await t
      .http()
      .post('/sim/wecom/_control/faults')
      .send({ errcodes: [502] });
    await expect(client.sendTextCard({ ...card, toUsers: ['wangwu'] })).rejects.toThrow(/HTTP 502/);
  });

  it('each ladder step gives exactly one notice and one push, with a card that opens the case', async () => {
    await setWecomId(w.managerA.user.id, 'manager-a');
    await setWecomId(w.handlerA.user.id, 'handler-a');
    const t0 = new Date(Date.now() - 4.5 * HOUR);
    const c = await insertCase(t, {
      status: 'in_progress',
      departmentId: w.deptA,
      handlerUserId: w.handlerA.user.id,
      address: '西湖区文三路 88 号',
      reporterId: w.resident.user.id,
      slaHours: 4,
      dispatchedAt: t0,
      deadline: new Date(t0.getTime() + 4 * HOUR),
    });
    const ladder = t.app.get(EscalationService);
    await ladder.runOnce(new Date(t0.getTime() + 2.5 * HOUR));
    await ladder.runOnce(new Date(t0.getTime() + 4.2 * HOUR));
    await ladder.runOnce(new Date(t0.getTime() + 4.2 * HOUR));
    await drain();
    await drain();

    const notices = await t.db.getRepository(StaffNotice).find({ where: { caseId: c.id } });
    expect(notices.map((n) => `${n.kind}:${n.userId}`).sort()).toEqual(
      [`case_overdue:${w.managerA.user.id}`, `case_reminder:${w.handlerA.user.id}`].sort(),
    );
    const toHandler = (await sim('handler-a')).items.filter((m) => m.textcard.url.endsWith(`/admin/cases/${c.id}`));
    const toManager = (await sim('manager-a')).items.filter((m) => m.textcard.url.endsWith(`/admin/cases/${c.id}`));
    expect(toHandler.map((m) => m.textcard.title)).toEqual([`督办提醒：案卷 #${c.id} 处置时限已过半`]);
    expect(toManager.map((m) => m.textcard.title)).toEqual([`超期通知：案卷 #${c.id} 已超过处置时限`]);
    expect(toManager[0].textcard.url).toBe(`https://sansui.example.cn/admin/cases/${c.id}`);
    expect(toManager[0].textcard.description).toContain('西湖区文三路 88 号');
    const rows = await t.db.getRepository(OutboxMessage).find({ where: { channel: 'staff_notice' } });
    expect(rows.filter((r) => r.payload.data.url.endsWith(`/cases/${c.id}`)).map((r) => r.status)).toEqual(['sent', 'sent']);
  });

  it('a failing send is retried with backoff and delivered once WeCom answers again', async () => {
    await setWecomId(w.dispatcher.user.id, 'dispatcher-1');
    await t
      .http()
      .post('/sim/wecom/_control/faults')
      .send({ errcodes: [-1, 502] });
    const c = await insertCase(t, { status: 'in_progress', departmentId: w.deptA, reporterId: w.resident.user.id });
    const res = await t.http().post(`/api/v1/cases/${c.id}/return`).set(w.handlerA.auth).send({ reason: '不归我们管' });
    expect(res.status).toBe(200);
    const row = async () =>
      (await t.db.getRepository(OutboxMessage).find({ where: { channel: 'staff_notice', userId: w.dispatcher.user.id } })).find((r) =>
        r.payload.data.url.endsWith(`/cases/${c.id}`),
      )!;
    await drain();
    expect(await row()).toMatchObject({ status: 'failed', attempts: 1 });
    await drain(new Date(Date.now() + 60_000));
    expect(await row()).toMatchObject({ status: 'failed', attempts: 2 });
    await drain(new Date(Date.now() + 10 * 60_000));
    expect(await row()).toMatchObject({ status: 'sent', attempts: 3 });
    const got = (await sim('dispatcher-1')).items.filter((m) => m.textcard.url.endsWith(`/cases/${c.id}`));
    expect(got).toHaveLength(1);
    expect(got[0].textcard.title).toBe(`退单：案卷 #${c.id} 需要重新派遣`);
  });

  it('staff without a WeCom id get the notice and no push; a bad id is refused with a stable code', async () => {
    await setWecomId(w.dispatcher2.user.id, null);
    const c = await insertCase(t, { status: 'in_progress', departmentId: w.deptA, reporterId: w.resident.user.id });
    await t.http().post(`/api/v1/cases/${c.id}/return`).set(w.handlerA.auth).send({ reason: '地址不对' });
    const notices = await t.db.getRepository(StaffNotice).find({ where: { caseId: c.id, userId: w.dispatcher2.user.id } });
    expect(notices).toHaveLength(1);
    const rows = await t.db.getRepository(OutboxMessage).find({ where: { channel: 'staff_notice', userId: w.dispatcher2.user.id } });
    expect(rows).toHaveLength(0);
    const bad = await t.http().patch(`/api/v1/users/${w.dispatcher2.user.id}`).set(w.admin.auth).send({ wecomUserId: '张 三' });
    expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });
});
