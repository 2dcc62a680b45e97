import { insertCase, seedCaseWorld, type CaseWorld } from '../testing/factories-cases';
import { startTestApp, type TestApp } from '../testing/test-app';

/** Dispatch quality (docs/domain.md §17) from real case timelines made over HTTP. */
describe('GET /stats/dispatch-quality', () => {
  let t: TestApp;
  let w: CaseWorld;
  const since = new Date(Date.now() - 3600_000).toISOString();

  beforeAll(async () => {
    t = await startTestApp();
    w = await seedCaseWorld(t);
  });
  afterAll(() => t.close());

  const accepted = () => insertCase(t, { status: 'accepted', gridId: w.gridAId, reporterId: w.resident.user.id });
  const post = (auth: { Authorization: string }, path: string, body: object = {}) => t.http().post(`/api/v1${path}`).set(auth).send(body);

  it('counts first-time-right, hand-offs and suggestions taken, per department and category', async () => {
    // 1: the suggestion, taken as given, and never returned.
    const right = await accepted();
    expect((await post(w.dispatcher.auth, `/cases/${right.id}/dispatch`)).status).toBe(200);
    // 2: sent to B by hand, returned, re-dispatched to A: a hand-off, not first-time-right, charged to B.
    const wrong = await accepted();
    expect((await post(w.dispatcher.auth, `/cases/${wrong.id}/dispatch`, { departmentId: w.deptB })).status).toBe(200);
    expect((await post(w.handlerB.auth, `/cases/${wrong.id}/return`, { reason: '不归我们管' })).status).toBe(200);
    expect((await post(w.dispatcher.auth, `/cases/${wrong.id}/dispatch`, { departmentId: w.deptA })).status).toBe(200);
    // 3: reassigned inside department A: still first-time-right.
    const inside = await accepted();
    await post(w.dispatcher.auth, `/cases/${inside.id}/dispatch`);
    expect((await post(w.handlerA.auth, `/cases/${inside.id}/claim`)).status).toBe(200);
    const re = await post(w.managerA.auth, `/cases/${inside.id}/reassign`, { handlerUserId: w.handlerA2.user.id });
    expect(re.status).toBe(200);

    const res = await t.http().get(`/api/v1/stats/dispatch-quality?from=${since}`).set(w.dispatcher.auth);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      dispatched: 3,
      firstTimeRight: 2,
      firstTimeRightRate: 0.6667,
      handoffsPerCase: 1.3333,
      suggestionTakenRate: 0.6667,
    });
    const dept = (id: number) => res.body.byDepartment.find((r: { key: string }) => r.key === String(id));
    expect(dept(w.deptA)).toMatchObject({ dispatched: 2, firstTimeRight: 2, firstTimeRightRate: 1 });
    expect(dept(w.deptB)).toMatchObject({ dispatched: 1, firstTimeRight: 0, firstTimeRightRate: 0, handoffsPerCase: 2 });
    expect(res.body.byCategory).toEqual([expect.objectContaining({ key: 'exposed_garbage', dispatched: 3, firstTimeRight: 2 })]);
    expect(res.body.wrongCases).toEqual([
      { caseId: wrong.id, categoryCode: 'exposed_garbage', firstDepartmentId: w.deptB, dispatches: 2, returns: 1 },
    ]);

    // Department B's manager sees only what was first sent to B.
    // The department ranking (and so the circular) carries the same 首次派准 per department, from the same timelines.
    const ranking = await t.http().get(`/api/v1/stats/departments?from=${since}`).set(w.dispatcher.auth);
    expect(ranking.status).toBe(200);
    const row = (id: number) => ranking.body.items.find((r: { departmentId: number }) => r.departmentId === id);
    expect(row(w.deptA)).toMatchObject({ firstTimeRight: 2, firstTimeRightRate: 1 });
    expect(row(w.deptB)).toMatchObject({ firstTimeRight: 0, firstTimeRightRate: 0 });

    const mine = await t.http().get(`/api/v1/stats/dispatch-quality?from=${since}`).set(w.managerB.auth);
    expect(mine.body).toMatchObject({ dispatched: 1, firstTimeRight: 0 });
    // Bad periods and handlers are refused with stable codes.
    const bad = await t.http().get('/api/v1/stats/dispatch-quality?from=2026-13-01').set(w.dispatcher.auth);
    expect([bad.status, bad.body.code]).toEqual([400, 'STATS_PERIOD_INVALID']);
    expect((await t.http().get('/api/v1/stats/dispatch-quality').set(w.handlerA.auth)).status).toBe(403);
  });
});
