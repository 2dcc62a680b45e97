import { insertCase, seedCaseWorld, type Actor, type CaseWorld } from '../../testing/factories-cases';
import { startTestApp, type TestApp } from '../../testing/test-app';
import { TokenService } from './token.service';

/** The token names the user; roles, department and status are the current ones, so an admin's change applies to tokens already issued. */
describe('rights come from the account, not from the token', () => {
  let t: TestApp;
  let w: CaseWorld;
  const get = (who: Actor | string, url: string) =>
    t
      .http()
      .get(url)
      .set('Authorization', `Bearer ${typeof who === 'string' ? who : who.token}`);
  const patchUser = (id: number, body: object) => t.http().patch(`/api/v1/users/${id}`).set(w.admin.auth).send(body);
  const caseIds = async (who: Actor) => {
    const res = await get(who, '/api/v1/cases?pageSize=100');
    expect(res.status).toBe(200);
    return res.body.items.map((c: { id: number }) => c.id);
  };

  beforeAll(async () => {
    t = await startTestApp();
    w = await seedCaseWorld(t);
  });
  afterAll(async () => t?.close());

  it('a dispatcher whose roles an admin changed is signed out at once (the token ends); the new roles apply after signing in again', async () => {
    expect((await get(w.dispatcher, '/api/v1/cases/reopen-requests')).status).toBe(200);
    expect((await patchUser(w.dispatcher.user.id, { roles: ['inspector'] })).status).toBe(200);
    const after = await get(w.dispatcher, '/api/v1/cases/reopen-requests');
    expect([after.status, after.body.code]).toEqual([401, 'TOKEN_INVALID']);
    const fresh = t.app.get(TokenService).issue({ id: w.dispatcher.user.id, kind: 'staff', roles: ['inspector'], departmentId: null }, 1);
    expect((await get(fresh, '/api/v1/cases/reopen-requests')).status).toBe(403);
    expect((await get(fresh, '/api/v1/cases')).status).toBe(200);
  });

  it("a handler moved to another department sees that department's cases with the old token", async () => {
    const inA = await insertCase(t, { status: 'dispatched', departmentId: w.deptA, reporterId: w.resident.user.id });
    const inB = await insertCase(t, { status: 'dispatched', departmentId: w.deptB, reporterId: w.resident.user.id });
    const before = await caseIds(w.handlerA2);
    expect(before).toContain(inA.id);
    expect(before).not.toContain(inB.id);

    expect((await patchUser(w.handlerA2.user.id, { departmentId: w.deptB })).status).toBe(200);
    const after = await caseIds(w.handlerA2);
    expect(after).toContain(inB.id);
    expect(after).not.toContain(inA.id);
    expect((await get(w.handlerA2, `/api/v1/cases/${inA.id}`)).status).toBe(404);
    expect((await get(w.handlerA2, `/api/v1/cases/${inB.id}`)).status).toBe(200);
  });

  it('a deactivated account stops working at once', async () => {
    expect((await get(w.inspector, '/api/v1/cases')).status).toBe(200);
    expect((await patchUser(w.inspector.user.id, { active: false })).status).toBe(200);
    const after = await get(w.inspector, '/api/v1/cases');
    expect([after.status, after.body.code]).toEqual([401, 'TOKEN_INVALID']);
  });

  it('roles claimed in a token beyond what the account holds grant nothing', async () => {
    const forged = t.app
      .get(TokenService)
      .issue({ id: w.handlerB.user.id, kind: 'staff', roles: ['admin', 'dispatcher'], departmentId: w.deptA });
    const res = await get(forged, '/api/v1/cases/reopen-requests');
    expect([res.status, res.body.code]).toEqual([403, 'FORBIDDEN']);
    expect((await get(forged, '/api/v1/users')).status).toBe(403);
  });
});
