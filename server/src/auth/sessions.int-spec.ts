import { AuditLog } from '../audit/audit-log.entity';
import { createDepartment, createStaff, loginStaff, staffToken, TEST_STAFF_PASSWORD } from '../testing/factories-auth';
import { startTestApp, type TestApp } from '../testing/test-app';
import { User } from '../users/user.entity';
import { LOGIN_BACKOFF_AFTER } from '../users/users.service';

/** Tokens end when the account's credentials change; repeated wrong passwords lock the account for a while. */
describe('sessions: credential version and staff login backoff', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = (await staffToken(t, ['admin'])).token;
  });
  afterAll(() => t.close());

  const me = (token: string) => t.http().get('/api/v1/me').set('Authorization', `Bearer ${token}`);
  const patchUser = (id: number, body: object) => t.http().patch(`/api/v1/users/${id}`).set('Authorization', `Bearer ${admin}`).send(body);
  const login = (username: string, password: string) => t.http().post('/api/v1/auth/staff').send({ username, password });

  it('a password reset ends the tokens issued before it; a login with the new password works', async () => {
    const user = await createStaff(t, ['dispatcher']);
    const old = await loginStaff(t, user.username!);
    expect((await me(old)).status).toBe(200);
    expect((await patchUser(user.id, { password: 'a-brand-new-pass-2026' })).status).toBe(200);
    const after = await me(old);
    expect([after.status, after.body.code]).toEqual([401, 'TOKEN_INVALID']);
    expect((await me(await loginStaff(t, user.username!, 'a-brand-new-pass-2026'))).status).toBe(200);
  });

  it('a disabled account does not get its old tokens back when enabled again', async () => {
    const user = await createStaff(t, ['inspector']);
    const old = await loginStaff(t, user.username!);
    expect((await patchUser(user.id, { active: false })).status).toBe(200);
    expect((await me(old)).status).toBe(401);
    expect((await patchUser(user.id, { active: true })).status).toBe(200);
    const after = await me(old);
    expect([after.status, after.body.code]).toEqual([401, 'TOKEN_INVALID']);
    expect((await me(await loginStaff(t, user.username!))).status).toBe(200);
  });

  it('a change of roles ends the tokens; a change of name or department does not', async () => {
    const deptA = await createDepartment(t);
    const deptB = await createDepartment(t);
    const user = await createStaff(t, ['handler'], { departmentId: deptA.id });
    const token = await loginStaff(t, user.username!);
    expect((await patchUser(user.id, { displayName: '新名字' })).status).toBe(200);
    expect((await patchUser(user.id, { departmentId: deptB.id })).status).toBe(200);
    expect((await patchUser(user.id, { roles: ['handler'] })).status).toBe(200); // same roles: nothing changed
    expect((await me(token)).status).toBe(200);
    expect((await patchUser(user.id, { roles: ['handler', 'dept_manager'] })).status).toBe(200);
    expect((await me(token)).status).toBe(401);
  });

  it(`locks the staff login after ${LOGIN_BACKOFF_AFTER} wrong passwords, even for the right one, with its own audit entry`, async () => {
    const user = await createStaff(t, ['dispatcher']);
    for (let i = 0; i < LOGIN_BACKOFF_AFTER; i++) {
      const res = await login(user.username!, `wrong-${i}`);
      expect([res.status, res.body.code]).toEqual([401, 'LOGIN_FAILED']);
    }
    const locked = await login(user.username!, TEST_STAFF_PASSWORD);
    expect([locked.status, locked.body.code]).toEqual([429, 'LOGIN_LOCKED']);
    expect(locked.body.message).toMatch(/请 1 分钟后再试/);
    const entries = await t.db.getRepository(AuditLog).find({ where: { actorUserId: user.id }, order: { id: 'ASC' } });
    expect(entries.map((e) => e.action)).toEqual([...Array(LOGIN_BACKOFF_AFTER).fill('staff.login_failed'), 'staff.login_locked']);
    expect(entries[LOGIN_BACKOFF_AFTER - 1].data).toMatchObject({ failures: LOGIN_BACKOFF_AFTER });

    // The lock runs out: the right password works and the count starts again.
    const users = t.db.getRepository(User);
    await users.update({ id: user.id }, { loginLockedUntil: new Date(Date.now() - 1000) });
    expect((await login(user.username!, TEST_STAFF_PASSWORD)).status).toBe(200);
    expect(await users.findOneByOrFail({ id: user.id })).toMatchObject({ loginFailures: 0, loginLockedUntil: null });
  });

  it('backs off longer after each further wrong password once locked (2, 4 … minutes)', async () => {
    const user = await createStaff(t, ['dispatcher']);
    const users = t.db.getRepository(User);
    await users.update({ id: user.id }, { loginFailures: LOGIN_BACKOFF_AFTER });
    await login(user.username!, 'wrong-again');
    const row = await users.findOneByOrFail({ id: user.id });
    expect(row.loginFailures).toBe(LOGIN_BACKOFF_AFTER + 1);
    const minutes = (row.loginLockedUntil!.getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(1.5);
    expect(minutes).toBeLessThanOrEqual(2);
  });
});
