import type { CaseStatus } from '@sansui/shared';
import { insertCase, seedCaseWorld, type Actor, type CaseWorld } from '../testing/factories-cases';
import { startTestApp, type TestApp } from '../testing/test-app';
import type { Case } from './case.entity';

const HOUR = 3600_000;

/** GET /cases?extension=pending: the 延期申请 queue, scoped like every other list. */
describe('pending extension queue', () => {
  let t: TestApp;
  let w: CaseWorld;

  beforeAll(async () => {
    t = await startTestApp();
    w = await seedCaseWorld(t);
  });
  afterAll(() => t.close());

  const ids = (body: { items: { id: number }[] }) => body.items.map((i) => i.id).sort((a, b) => a - b);
  const sorted = (...cases: Case[]) => cases.map((c) => c.id).sort((a, b) => a - b);
  const queue = (who: Actor, query = '') => t.http().get(`/api/v1/cases?extension=pending&pageSize=100${query}`).set(who.auth);

  async function running(status: CaseStatus, departmentId: number, hoursLeft: number): Promise<Case> {
    const now = Date.now();
    return insertCase(t, {
      status,
      departmentId,
      reporterId: w.resident.user.id,
      dispatchedAt: new Date(now - HOUR),
      deadline: new Date(now + hoursLeft * HOUR),
    });
  }

  async function askExtension(who: Actor, c: Case, hours = 24) {
    const res = await t.http().post(`/api/v1/cases/${c.id}/extension`).set(who.auth).send({ hours, reason: '需要调用机械清运' });
    expect(res.status).toBe(200);
    return res.body as { version: number };
  }

  it('lists only cases whose extension request awaits a decision, and each caller sees only what they may see', async () => {
    const pendingA = await running('in_progress', w.deptA, 3);
    const pendingA2 = await running('dispatched', w.deptA, 1);
    const refusedA = await running('in_progress', w.deptA, 2);
    const approvedA = await running('dispatched', w.deptA, 2);
    const noneA = await running('in_progress', w.deptA, 2);
    const pendingB = await running('dispatched', w.deptB, 2);
    await askExtension(w.handlerA, pendingA);
    await askExtension(w.managerA, pendingA2);
    await askExtension(w.handlerB, pendingB);
    for (const [c, approved] of [
      [refusedA, false],
      [approvedA, true],
    ] as const) {
      await askExtension(w.handlerA, c);
      const res = await t.http().post(`/api/v1/cases/${c.id}/extension/decide`).set(w.dispatcher.auth).send({ approved });
      expect(res.status).toBe(200);
    }

    const all = await queue(w.dispatcher);
    expect(all.status).toBe(200);
    expect(ids(all.body)).toEqual(sorted(pendingA, pendingA2, pendingB));
    expect(all.body.total).toBe(3);
    // Each row carries its request, so the 延期申请 page needs no second read per case.
    const rowA = all.body.items.find((i: { id: number }) => i.id === pendingA.id);
    expect(rowA.pendingExtension).toMatchObject({
      caseId: pendingA.id,
      hours: 24,
      reason: '需要调用机械清运',
      status: 'pending',
      requestedBy: w.handlerA.user.id,
      requestedByName: w.handlerA.user.displayName,
    });
    // The other filters still apply on top.
    expect(ids((await queue(w.dispatcher, `&departmentId=${w.deptB}`)).body)).toEqual([pendingB.id]);
    expect(ids((await queue(w.dispatcher, '&status=in_progress')).body)).toEqual([pendingA.id]);
    // Most urgent first, paged.
    const urgent = await t.http().get('/api/v1/cases?extension=pending&sort=deadline&pageSize=2').set(w.dispatcher.auth);
    expect(urgent.body).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(urgent.body.items.map((i: { id: number }) => i.id)).toEqual([pendingA2.id, pendingB.id]);

    // Departments see their own requests only; asking for another department does not widen that.
    for (const who of [w.handlerA, w.managerA]) expect(ids((await queue(who)).body)).toEqual(sorted(pendingA, pendingA2));
    expect(ids((await queue(w.managerB)).body)).toEqual([pendingB.id]);
    expect((await queue(w.handlerA, `&departmentId=${w.deptB}`)).body.items).toEqual([]);
    expect((await queue(w.auditor)).body.total).toBe(3);
    expect((await queue(w.resident)).status).toBe(403);

    // Without the filter the decided and extension-free cases are there too.
    const everything = await t.http().get(`/api/v1/cases?pageSize=100&departmentId=${w.deptA}`).set(w.dispatcher.auth);
    expect(ids(everything.body)).toEqual(expect.arrayContaining([refusedA.id, approvedA.id, noneA.id]));
    for (const decidedOrNone of [refusedA, approvedA, noneA])
      expect(everything.body.items.find((i: { id: number }) => i.id === decidedOrNone.id).pendingExtension).toBeNull();
  });

  it('a case leaves the queue once the request is decided or the case is returned', async () => {
    const decided = await running('in_progress', w.deptA, 5);
    const returned = await running('dispatched', w.deptA, 5);
    await askExtension(w.handlerA, decided);
    const r = await askExtension(w.handlerA, returned);
    const before = ids((await queue(w.dispatcher)).body);
    expect(before).toEqual(expect.arrayContaining([decided.id, returned.id]));

    expect(
      (await t.http().post(`/api/v1/cases/${decided.id}/extension/decide`).set(w.dispatcher.auth).send({ approved: true })).status,
    ).toBe(200);
    const back = await t
      .http()
      .post(`/api/v1/cases/${returned.id}/return`)
      .set(w.handlerA.auth)
      .send({ reason: '不属于本部门', expectedVersion: r.version });
    expect(back.status).toBe(200);

    const after = ids((await queue(w.dispatcher)).body);
    expect(after).not.toContain(decided.id);
    expect(after).not.toContain(returned.id);
    expect(after).toHaveLength(before.length - 2);
  });

  it('refuses any other value with 400 VALIDATION_FAILED', async () => {
    for (const v of ['approved', 'true', 'PENDING']) {
      const res = await t.http().get(`/api/v1/cases?extension=${v}`).set(w.dispatcher.auth);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.message).toEqual(expect.any(String));
    }
  });
});
