import { insertCase, seedCaseWorld, type CaseWorld } from '../testing/factories-cases';
import { startTestApp, type TestApp } from '../testing/test-app';
import { StaffNotice } from './staff-notice.entity';

/** The bell (docs/domain.md §17): events that already happen reach the people who must act, with a count and 全部已读. */
describe('notice centre', () => {
  let t: TestApp;
  let w: CaseWorld;
  beforeAll(async () => {
    t = await startTestApp();
    w = await seedCaseWorld(t);
  });
  afterAll(() => t.close());

  const count = async (auth: { Authorization: string }) =>
    (await t.http().get('/api/v1/notices/unread-count').set(auth)).body.unread as number;
  const noticesOf = async (caseId: number) => t.db.getRepository(StaffNotice).find({ where: { caseId }, order: { id: 'ASC' } });

  it('a returned case tells every dispatcher, who see it in the count and clear it with 全部已读', async () => {
    const before = await count(w.dispatcher.auth);
    const c = await insertCase(t, {
      status: 'in_progress',
      departmentId: w.deptA,
      reporterId: w.resident.user.id,
      address: '文三路 88 号',
    });
    const res = await t.http().post(`/api/v1/cases/${c.id}/return`).set(w.handlerA.auth).send({ reason: '应由城管处理' });
    expect(res.status).toBe(200);

    const returned = (await noticesOf(c.id)).filter((n) => n.kind === 'case_returned');
    expect(returned.map((n) => n.userId).sort()).toEqual(expect.arrayContaining([w.dispatcher.user.id, w.dispatcher2.user.id]));
    expect(returned.every((n) => n.userId !== w.handlerA.user.id)).toBe(true);
    expect(returned[0].body).toBe('退单理由：应由城管处理；地点：文三路 88 号');
    expect(await count(w.dispatcher.auth)).toBe(before + 1);

    const all = await t.http().post('/api/v1/notices/read-all').set(w.dispatcher.auth);
    expect([all.status, all.body.updated]).toEqual([200, before + 1]);
    expect(await count(w.dispatcher.auth)).toBe(0);
    // The other dispatcher's own notice is still unread.
    expect(await count(w.dispatcher2.auth)).toBeGreaterThan(0);
    const again = await t.http().post('/api/v1/notices/read-all').set(w.dispatcher.auth);
    expect(again.body.updated).toBe(0);
  });

  it('a failed verification goes back to the handler who resolved it', async () => {
    const c = await insertCase(t, {
      status: 'resolved',
      departmentId: w.deptA,
      handlerUserId: w.handlerA.user.id,
      reporterId: w.resident.user.id,
    });
    const res = await t.http().post(`/api/v1/cases/${c.id}/verify`).set(w.inspector.auth).send({ passed: false, note: '垃圾还在' });
    expect(res.status).toBe(200);
    const [n] = (await noticesOf(c.id)).filter((x) => x.kind === 'case_verify_failed');
    expect([n.userId, n.departmentId, n.body]).toEqual([w.handlerA.user.id, null, '核查意见：垃圾还在']);
    const list = await t.http().get('/api/v1/notices?unread=true').set(w.handlerA.auth);
    expect(list.body.items.map((i: { id: number }) => i.id)).toContain(n.id);
  });

  it('an extension request tells the dispatchers who decide it', async () => {
    const c = await insertCase(t, {
      status: 'in_progress',
      departmentId: w.deptA,
      handlerUserId: w.handlerA.user.id,
      reporterId: w.resident.user.id,
    });
    const res = await t.http().post(`/api/v1/cases/${c.id}/extension`).set(w.handlerA.auth).send({ hours: 24, reason: '需要协调物业' });
    expect(res.status).toBe(200);
    const asked = (await noticesOf(c.id)).filter((x) => x.kind === 'extension_requested');
    expect(asked.map((x) => x.userId)).toEqual(expect.arrayContaining([w.dispatcher.user.id]));
    expect(asked[0].title).toContain('24 小时');
  });

  it('counts only what the person may see, and refuses residents', async () => {
    expect(await count(w.handlerB.auth)).toBe(0);
    expect((await t.http().get('/api/v1/notices/unread-count').set(w.resident.auth)).status).toBe(403);
    expect((await t.http().post('/api/v1/notices/read-all').set(w.resident.auth)).status).toBe(403);
  });
});
