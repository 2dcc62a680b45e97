import { Case } from '../cases/case.entity';
import { OutboxMessage } from '../notifications/outbox-message.entity';
import { Reward } from '../rewards/reward.entity';
import { createCampaign, submitSnap } from '../testing/factories-rewards';
import { residentLogin, staffToken } from '../testing/factories-reports';
import { seedCaseWorld, type CaseWorld } from '../testing/factories-cases';
import { postAction } from '../testing/case-actions-helpers';
import { startTestApp, type TestApp } from '../testing/test-app';
import { CaseMeToo } from './case-me-too.entity';

describe('我也遇到 (POST /cases/:id/me-too)', () => {
  let t: TestApp;
  let world: CaseWorld;
  let reporter: { token: string; userId: number };
  let neighbour: { token: string; userId: number };
  let seed = 900;
  const auth = (tok: string) => ({ Authorization: `Bearer ${tok}` });
  const meToo = (tok: string, caseId: number) => t.http().post(`/api/v1/cases/${caseId}/me-too`).set(auth(tok)).send();

  beforeAll(async () => {
    t = await startTestApp();
    world = await seedCaseWorld(t, 'mt');
    reporter = await residentLogin(t, 'metoo-reporter');
    neighbour = await residentLogin(t, 'metoo-neighbour');
    await createCampaign(t, world.admin.token);
  });
  afterAll(async () => t?.close());

  it('counts a resident once however often they tap, follows the case, and pays no red packet', async () => {
    const { caseId } = await submitSnap(t, reporter.token, seed++);
    // The neighbour sees the open case at their pin, same category first, with its distance.
    const pin = { lat: 31.2302, lng: 121.47 };
    const nearby = await t
      .http()
      .get('/api/v1/reports/nearby')
      .query({ ...pin, radiusM: 100, openOnly: true, categoryCode: 'exposed_garbage' })
      .set(auth(neighbour.token));
    expect(nearby.body[0]).toMatchObject({ caseId, open: true, meTooCount: 0, distanceM: 20, statusText: expect.any(String) });
    const first = await meToo(neighbour.token, caseId);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ caseId, meTooCount: 1, created: true });
    const again = await Promise.all([meToo(neighbour.token, caseId), meToo(neighbour.token, caseId)]);
    for (const r of again) expect(r.body).toEqual({ caseId, meTooCount: 1, created: false });
    expect(await t.db.getRepository(CaseMeToo).count({ where: { caseId } })).toBe(1);

    // The reporter saying it too changes nothing: they already stand behind the case.
    expect((await meToo(reporter.token, caseId)).body).toEqual({ caseId, meTooCount: 1, created: false });

    // Dispatchers see the count and can sort by it.
    const detail = await t.http().get(`/api/v1/cases/${caseId}`).set(world.dispatcher.auth);
    expect(detail.body.meTooCount).toBe(1);
    const other = await submitSnap(t, reporter.token, seed++, { location: { lat: 31.235, lng: 121.465 } });
    const sorted = await t.http().get('/api/v1/cases').query({ sort: '-meTooCount', status: 'submitted' }).set(world.dispatcher.auth);
    const ids = sorted.body.items.map((i: { id: number }) => i.id);
    expect(ids.indexOf(caseId)).toBeLessThan(ids.indexOf(other.caseId));
    expect(sorted.body.items[0].meTooCount).toBe(1);

    // Accepting the case (立案) rewards the reporter, not the neighbour, and tells both of them.
    const c = await t.db.getRepository(Case).findOneByOrFail({ id: caseId });
    expect((await postAction(t, world.dispatcher, c, 'accept')).status).toBe(200);
    const rewards = await t.db.getRepository(Reward).find({ where: { caseId } });
    expect(rewards.map((r) => r.userId)).toEqual([reporter.userId]);
    const messages = await t.db.getRepository(OutboxMessage).find({ where: { templateKey: 'case_progress' } });
    const toNeighbour = messages.filter((m) => m.userId === neighbour.userId);
    expect(toNeighbour).toHaveLength(1);
    expect(toNeighbour[0].payload.page).toBe(`pkg-mine/followed/index?caseId=${caseId}`);
    expect(messages.filter((m) => m.userId === reporter.userId)).toHaveLength(1);

    // The neighbour finds the case in 我的 with its progress.
    const mine = await t.http().get('/api/v1/me-too/mine').set(auth(neighbour.token));
    expect(mine.body).toMatchObject({ total: 1, items: [{ caseId, status: 'accepted', meTooCount: 1 }] });
    const followed = await t.http().get(`/api/v1/me-too/mine/${caseId}`).set(auth(neighbour.token));
    expect(followed.status).toBe(200);
    expect(followed.body.timeline.map((e: { text: string }) => e.text)).toEqual(['爱卫办已受理，正在安排处理']);
    expect((await t.http().get(`/api/v1/me-too/mine/${caseId}`).set(auth(reporter.token))).status).toBe(404);
  });

  it('refuses closed and rejected cases, unknown cases and staff', async () => {
    const { caseId } = await submitSnap(t, reporter.token, seed++);
    const c = await t.db.getRepository(Case).findOneByOrFail({ id: caseId });
    expect((await postAction(t, world.dispatcher, c, 'reject')).status).toBe(200);
    const closed = await meToo(neighbour.token, caseId);
    expect(closed.status).toBe(409);
    expect(closed.body.code).toBe('ME_TOO_CLOSED');
    expect((await meToo(neighbour.token, 999_999)).status).toBe(404);
    const staff = await staffToken(t, 'mt-dispatcher', ['dispatcher']);
    expect((await meToo(staff.token, caseId)).status).toBe(403);
    expect((await t.http().post(`/api/v1/cases/${caseId}/me-too`)).status).toBe(401);
  });

  it('joins the master when the tapped case was merged into it', async () => {
    const master = await submitSnap(t, reporter.token, seed++);
    const dup = await submitSnap(t, reporter.token, seed++);
    const dupCase = await t.db.getRepository(Case).findOneByOrFail({ id: dup.caseId });
    expect((await postAction(t, world.dispatcher, dupCase, 'merge', { masterCaseId: master.caseId })).status).toBe(200);
    const res = await meToo(neighbour.token, dup.caseId);
    expect(res.body).toEqual({ caseId: master.caseId, meTooCount: 1, created: true });
  });
});
