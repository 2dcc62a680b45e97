import { AuditLog } from '../audit/audit-log.entity';
import { StaffNotice } from '../notifications/staff-notice.entity';
import { postAction } from '../testing/case-actions-helpers';
import { insertActor, insertCase, seedCaseWorld, type Actor, type CaseWorld } from '../testing/factories-cases';
import { startTestApp, type TestApp } from '../testing/test-app';
import { Case } from './case.entity';

/** 改派: a department manager hands an in-progress case to another handler of the department; claim / return keep the handler field. */
describe('case reassign (HTTP)', () => {
  let t: TestApp;
  let w: CaseWorld;

  beforeAll(async () => {
    t = await startTestApp();
    w = await seedCaseWorld(t);
  });
  afterAll(() => t.close());

  const row = (id: number) => t.db.getRepository(Case).findOneByOrFail({ id });
  const reassign = (actor: Actor, id: number, body: Record<string, unknown>) =>
    t.http().post(`/api/v1/cases/${id}/reassign`).set(actor.auth).send(body);
  const mine = async (actor: Actor) =>
    (await t.http().get('/api/v1/cases?assignedTo=me&pageSize=100').set(actor.auth).expect(200)).body.items.map(
      (i: { id: number }) => i.id,
    );

  /** A department A case claimed by handlerA over HTTP (in_progress, held by handlerA). */
  async function claimedCase(): Promise<Case> {
    const c = await insertCase(t, { status: 'dispatched', departmentId: w.deptA, gridId: w.gridAId, reporterId: w.resident.user.id });
    const res = await postAction(t, w.handlerA, c, 'claim');
    expect(res.status).toBe(200);
    return row(c.id);
  }

  it('claim makes the claimer the handler, shown in the list, the detail and 我负责的', async () => {
    const c = await claimedCase();
    expect(c.handlerUserId).toBe(w.handlerA.user.id);
    const list = await t.http().get(`/api/v1/cases?q=${c.id}`).set(w.managerA.auth).expect(200);
    expect(list.body.items[0]).toMatchObject({ id: c.id, handlerUserId: w.handlerA.user.id, handlerName: w.handlerA.user.displayName });
    expect(await mine(w.handlerA)).toContain(c.id);
    expect(await mine(w.handlerA2)).not.toContain(c.id);
    const detail = await t.http().get(`/api/v1/cases/${c.id}`).set(w.managerA.auth).expect(200);
    expect(detail.body).toMatchObject({ handlerName: w.handlerA.user.displayName, canReassign: true });
    const asHandler = await t.http().get(`/api/v1/cases/${c.id}`).set(w.handlerA.auth).expect(200);
    expect(asHandler.body.canReassign).toBe(false);
  });

  it('the candidates are the active handlers of the case department', async () => {
    const c = await claimedCase();
    const res = await t.http().get(`/api/v1/cases/${c.id}/handlers`).set(w.managerA.auth).expect(200);
    const ids = res.body.map((u: { id: number }) => u.id);
    expect(ids).toEqual(expect.arrayContaining([w.handlerA.user.id, w.handlerA2.user.id]));
    expect(ids).not.toContain(w.handlerB.user.id);
    expect(ids).not.toContain(w.managerA.user.id);
    await t.http().get(`/api/v1/cases/${c.id}/handlers`).set(w.managerB.auth).expect(404);
  });

  it('a manager reassigns: handler changes, status stays, timeline, audit and both handlers are told; the new handler resolves', async () => {
    const c = await claimedCase();
    const res = await reassign(w.managerA, c.id, { handlerUserId: w.handlerA2.user.id, note: '就近处理', expectedVersion: c.version });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'in_progress',
      handlerUserId: w.handlerA2.user.id,
      handlerName: w.handlerA2.user.displayName,
      version: c.version + 1,
    });
    const ev = res.body.timeline.at(-1);
    expect(ev).toMatchObject({
      action: 'reassign',
      fromStatus: 'in_progress',
      toStatus: 'in_progress',
      actorName: w.managerA.user.displayName,
      note: '就近处理',
    });
    expect(ev.data).toMatchObject({ fromHandlerUserId: w.handlerA.user.id, toHandlerUserId: w.handlerA2.user.id });
    expect(ev.text).toBe(`改派：${w.handlerA.user.displayName} → ${w.handlerA2.user.displayName}`);
    const audit = await t.db.getRepository(AuditLog).find({ where: { action: 'case.reassign', targetId: String(c.id) } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorUserId: w.managerA.user.id,
      data: expect.objectContaining({ fromHandlerUserId: w.handlerA.user.id, toHandlerUserId: w.handlerA2.user.id }),
    });
    const notices = await t.db.getRepository(StaffNotice).find({ where: { caseId: c.id, kind: 'case_reassigned' } });
    expect(notices.map((n) => n.userId).sort()).toEqual([w.handlerA.user.id, w.handlerA2.user.id].sort());
    const inbox = await t.http().get('/api/v1/notices').set(w.handlerA2.auth).expect(200);
    expect(inbox.body.items.find((n: { caseId: number }) => n.caseId === c.id)).toMatchObject({ title: `案卷 #${c.id} 改派给您` });
    expect(await mine(w.handlerA2)).toContain(c.id);
    expect(await mine(w.handlerA)).not.toContain(c.id);
    const resolved = await postAction(t, w.handlerA2, await row(c.id), 'resolve');
    expect(resolved.status).toBe(200);
    expect(resolved.body.status).toBe('resolved');
  });

  it('a dispatcher may reassign too', async () => {
    const c = await claimedCase();
    const res = await reassign(w.dispatcher, c.id, { handlerUserId: w.handlerA2.user.id });
    expect(res.status).toBe(200);
    expect((await row(c.id)).handlerUserId).toBe(w.handlerA2.user.id);
  });

  it('refuses a target outside the department, without the handler role, inactive, or the same handler', async () => {
    const c = await claimedCase();
    const retired = await insertActor(t, ['handler'], w.deptA);
    await t.db.getRepository('users').update({ id: retired.user.id }, { active: false });
    for (const target of [w.handlerB.user.id, w.managerA.user.id, retired.user.id, 999_999]) {
      const res = await reassign(w.managerA, c.id, { handlerUserId: target });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('CASE_HANDLER_INVALID');
      expect(res.body.message).toBe('只能改派给本部门在岗的处置人员');
    }
    const same = await reassign(w.managerA, c.id, { handlerUserId: w.handlerA.user.id });
    expect(same.status).toBe(422);
    expect(same.body.code).toBe('CASE_HANDLER_UNCHANGED');
    const after = await row(c.id);
    expect(after).toMatchObject({ handlerUserId: w.handlerA.user.id, version: c.version });
  });

  it('refuses a case that is not in progress', async () => {
    const c = await insertCase(t, { status: 'dispatched', departmentId: w.deptA, gridId: w.gridAId, reporterId: w.resident.user.id });
    const res = await reassign(w.managerA, c.id, { handlerUserId: w.handlerA2.user.id });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('CASE_TRANSITION_NOT_ALLOWED');
    expect((await row(c.id)).handlerUserId).toBeNull();
  });

  it('refuses a handler (403) and hides the case from another department manager (404)', async () => {
    const c = await claimedCase();
    const byHandler = await reassign(w.handlerA, c.id, { handlerUserId: w.handlerA2.user.id });
    expect(byHandler.status).toBe(403);
    expect(byHandler.body.code).toBe('CASE_ROLE_NOT_ALLOWED');
    const byOther = await reassign(w.managerB, c.id, { handlerUserId: w.handlerB.user.id });
    expect(byOther.status).toBe(404);
    expect((await row(c.id)).handlerUserId).toBe(w.handlerA.user.id);
  });

  it('answers 409 CASE_VERSION_CONFLICT to a stale screen', async () => {
    const c = await claimedCase();
    const res = await reassign(w.managerA, c.id, { handlerUserId: w.handlerA2.user.id, expectedVersion: c.version - 1 });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('CASE_VERSION_CONFLICT');
    expect((await row(c.id)).handlerUserId).toBe(w.handlerA.user.id);
  });

  it('return (退单) clears the handler', async () => {
    const c = await claimedCase();
    const res = await postAction(t, w.handlerA, c, 'return');
    expect(res.status).toBe(200);
    expect(await row(c.id)).toMatchObject({ status: 'accepted', handlerUserId: null });
    expect(await mine(w.handlerA)).not.toContain(c.id);
  });
});
