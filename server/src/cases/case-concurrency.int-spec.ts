import { postAction } from '../testing/case-actions-helpers';
import { caseEvents, insertActor, insertCase, seedCaseWorld, type Actor, type CaseWorld } from '../testing/factories-cases';
import { startTestApp, type TestApp } from '../testing/test-app';
import { Case } from './case.entity';

/** Two people acting on one case at once: exactly one wins, the others get 409 (docs/domain.md §11). */
describe('concurrent actions on one case', () => {
  let t: TestApp;
  let w: CaseWorld;
  let handlers: Actor[];

  beforeAll(async () => {
    t = await startTestApp();
    w = await seedCaseWorld(t);
    handlers = [w.handlerA, w.handlerA2, w.managerA];
    for (let i = handlers.length; i < 10; i++) handlers.push(await insertActor(t, ['handler'], w.deptA));
  });
  afterAll(() => t.close());

  function tally(statuses: number[]) {
    return { ok: statuses.filter((s) => s === 200).length, conflict: statuses.filter((s) => s === 409).length };
  }

  it('10 handlers claim one case with the version they saw: one 200, nine CASE_VERSION_CONFLICT, one event', async () => {
    const c = await insertCase(t, { status: 'dispatched', departmentId: w.deptA, reporterId: w.resident.user.id });
    const results = await Promise.all(
      handlers.map((h) => t.http().post(`/api/v1/cases/${c.id}/claim`).set(h.auth).send({ expectedVersion: c.version })),
    );
    expect(tally(results.map((r) => r.status))).toEqual({ ok: 1, conflict: 9 });
    expect(results.filter((r) => r.status === 409).every((r) => r.body.code === 'CASE_VERSION_CONFLICT')).toBe(true);
    const events = (await caseEvents(t, c.id)).filter((e) => e.action === 'claim');
    expect(events).toHaveLength(1);
    const winner = results.find((r) => r.status === 200)!;
    expect(events[0].actorUserId).toBe(handlers[results.indexOf(winner)].user.id);
    expect((await t.db.getRepository(Case).findOneByOrFail({ id: c.id })).version).toBe(c.version + 1);
  });

  it('10 claims without a version: one 200, nine 409 (the state has moved on)', async () => {
    const c = await insertCase(t, { status: 'dispatched', departmentId: w.deptA, reporterId: w.resident.user.id });
    const results = await Promise.all(handlers.map((h) => t.http().post(`/api/v1/cases/${c.id}/claim`).set(h.auth).send({})));
    expect(tally(results.map((r) => r.status))).toEqual({ ok: 1, conflict: 9 });
    expect((await caseEvents(t, c.id)).filter((e) => e.action === 'claim')).toHaveLength(1);
  });

  it('a double-clicked verify and two dispatchers verifying at once close the case once', async () => {
    const c = await insertCase(t, { status: 'resolved', departmentId: w.deptA, reporterId: w.resident.user.id });
    const results = await Promise.all([
      postAction(t, w.dispatcher, c, 'verify_pass'),
      postAction(t, w.dispatcher, c, 'verify_pass'),
      postAction(t, w.dispatcher2, c, 'verify_fail'),
      postAction(t, w.dispatcher2, c, 'verify_pass'),
    ]);
    expect(tally(results.map((r) => r.status))).toEqual({ ok: 1, conflict: 3 });
    const moves = (await caseEvents(t, c.id)).filter((e) => e.action === 'verify_pass' || e.action === 'verify_fail');
    expect(moves).toHaveLength(1);
  });

  it('claim and return racing: exactly one of them happens', async () => {
    const c = await insertCase(t, { status: 'dispatched', departmentId: w.deptA, reporterId: w.resident.user.id });
    const results = await Promise.all([
      postAction(t, w.handlerA, c, 'claim', { expectedVersion: c.version }),
      postAction(t, w.handlerA2, c, 'return', { expectedVersion: c.version }),
    ]);
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    // The loser gets 409 — or 404 when the return won: the case has left the department.
    const loser = results.find((r) => r.status !== 200)!;
    expect([
      [409, 'CASE_VERSION_CONFLICT'],
      [404, 'CASE_NOT_FOUND'],
    ]).toContainEqual([loser.status, loser.body.code]);
    expect(await caseEvents(t, c.id)).toHaveLength(1);
  });
});
