import { JwtService } from '@nestjs/jwt';
import { AuditLog } from '../audit/audit-log.entity';
import { createDepartment, createStaff, loginResident, simCode, staffToken, TEST_STAFF_PASSWORD } from '../testing/factories-auth';
import { startTestApp, type TestApp } from '../testing/test-app';
import { User } from '../users/user.entity';
import { simOpenid } from '../wechat/simulator/simulator-rules';

describe('auth: WeChat login through the real jscode2session client and the simulator', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('creates a resident on first login and never returns the session key', async () => {
    const res = await t
      .http()
      .post('/api/v1/auth/wechat')
      .send({ code: simCode('alice') });
    expect(res.status).toBe(200);
    expect(typeof res.body.token).toBe('string');
    expect(res.body.user).toMatchObject({ kind: 'resident', roles: ['resident'], departmentId: null });
    expect(res.body.user.displayName).toBe(`居民${String(res.body.user.id).padStart(4, '0').slice(-4)}`);
    expect(JSON.stringify(res.body)).not.toMatch(/session/i);
    const row = await t.db
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.sessionKey')
      .where('u.id = :id', { id: res.body.user.id })
      .getOneOrFail();
    expect(row.openid).toBe(simOpenid('wx-sim-appid', 'alice'));
    expect(row.sessionKey).toBeTruthy();
    const me = await t.http().get('/api/v1/me').set('Authorization', `Bearer ${res.body.token}`);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: res.body.user.id, kind: 'resident' });
    expect(me.body.openidMasked).toMatch(/^o.{3}\*{4}.{4}$/);
  });

  it('logs the same name in as the same resident, another name as another', async () => {
    const a1 = await loginResident(t, 'bob');
    const a2 = await loginResident(t, 'bob');
    const c = await loginResident(t, 'carol');
    expect(a2.user.id).toBe(a1.user.id);
    expect(c.user.id).not.toBe(a1.user.id);
    // The bare sim:<name> form of docs/domain.md §13 (what the H5 build sends) works repeatedly.
    const b1 = await t.http().post('/api/v1/auth/wechat').send({ code: 'sim:bob' });
    const b2 = await t.http().post('/api/v1/auth/wechat').send({ code: 'sim:bob' });
    expect([b1.body.user.id, b2.body.user.id]).toEqual([a1.user.id, a1.user.id]);
  });

  it('refuses a reused code, a garbage code and malformed bodies with stable codes', async () => {
    const code = simCode('dave');
    expect((await t.http().post('/api/v1/auth/wechat').send({ code })).status).toBe(200);
    const again = await t.http().post('/api/v1/auth/wechat').send({ code });
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('WECHAT_CODE_USED');
    const garbage = await t.http().post('/api/v1/auth/wechat').send({ code: 'not-a-code' });
    expect(garbage.status).toBe(400);
    expect(garbage.body.code).toBe('WECHAT_CODE_INVALID');
    for (const body of [{}, { code: '' }, { code: 'x'.repeat(129) }, { code: 42 }, { code: 'sim:a', extra: 1 }]) {
      const r = await t.http().post('/api/v1/auth/wechat').send(body);
      expect([r.status, r.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    }
  });

  it('answers 503 WECHAT_UNAVAILABLE while WeChat is down', async () => {
    await t.http().post('/sim/wechat/_control/outage').send({ on: true });
    try {
      const r = await t
        .http()
        .post('/api/v1/auth/wechat')
        .send({ code: simCode('erin') });
      expect([r.status, r.body.code]).toEqual([503, 'WECHAT_UNAVAILABLE']);
    } finally {
      await t.http().post('/sim/wechat/_control/outage').send({ on: false });
    }
  });
});

describe('auth: staff login, tokens, roles, account deletion', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('logs staff in with the right password and records it in the audit log', async () => {
    const dept = await createDepartment(t);
    const staff = await createStaff(t, ['handler'], { departmentId: dept.id, username: 'h-good' });
    const res = await t.http().post('/api/v1/auth/staff').send({ username: 'h-good', password: TEST_STAFF_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body.user).toEqual({
      id: staff.id,
      kind: 'staff',
      roles: ['handler'],
      departmentId: dept.id,
      displayName: staff.displayName,
      username: 'h-good',
    });
    expect(JSON.stringify(res.body)).not.toMatch(/password/i);
    const audit = await t.db.getRepository(AuditLog).findOne({ where: { action: 'staff.login', actorUserId: staff.id } });
    expect(audit).not.toBeNull();
  });

  it('gives the same answer for an unknown user and a wrong password, and audits both', async () => {
    await createStaff(t, ['dispatcher'], { username: 'd-bad' });
    const wrong = await t.http().post('/api/v1/auth/staff').send({ username: 'd-bad', password: 'wrong-password' });
    const unknown = await t.http().post('/api/v1/auth/staff').send({ username: 'nobody-here', password: 'wrong-password' });
    expect([wrong.status, wrong.body.code]).toEqual([401, 'LOGIN_FAILED']);
    expect([unknown.status, unknown.body.code, unknown.body.message]).toEqual([401, 'LOGIN_FAILED', wrong.body.message]);
    const failed = await t.db.getRepository(AuditLog).find({ where: { action: 'staff.login_failed' } });
    expect(failed.map((f) => f.data?.username)).toEqual(expect.arrayContaining(['d-bad', 'nobody-here']));
  });

  it('refuses a disabled account with ACCOUNT_DISABLED only after the right password', async () => {
    const u = await createStaff(t, ['auditor'], { username: 'a-off' });
    await t.db.getRepository(User).update(u.id, { active: false });
    const right = await t.http().post('/api/v1/auth/staff').send({ username: 'a-off', password: TEST_STAFF_PASSWORD });
    expect([right.status, right.body.code]).toEqual([403, 'ACCOUNT_DISABLED']);
    const wrong = await t.http().post('/api/v1/auth/staff').send({ username: 'a-off', password: 'not-it-at-all' });
    expect(wrong.body.code).toBe('LOGIN_FAILED');
  });

  it('answers 401 with a code for a missing, forged or expired token', async () => {
    const { user } = await staffToken(t, ['admin']);
    const jwt = t.app.get(JwtService);
    const claims = { sub: user.id, kind: 'staff', roles: ['admin'], dept: null };
    const forged = jwt.sign(claims, { secret: 'another-secret-another-secret-xx', algorithm: 'HS256', expiresIn: 600 });
    const expired = jwt.sign(claims, { secret: 'test-secret-test-secret-test-secret', algorithm: 'HS256', expiresIn: -10 });
    const missing = await t.http().get('/api/v1/users');
    expect([missing.status, missing.body.code]).toEqual([401, 'UNAUTHENTICATED']);
    for (const token of [forged, expired, 'garbage']) {
      const r = await t.http().get('/api/v1/users').set('Authorization', `Bearer ${token}`);
      expect([r.status, r.body.code]).toEqual([401, 'TOKEN_INVALID']);
    }
  });

  it('refuses a resident on an admin route with 403', async () => {
    const resident = await loginResident(t, 'rita');
    const r = await t.http().get('/api/v1/users').set('Authorization', `Bearer ${resident.token}`);
    expect([r.status, r.body.code]).toEqual([403, 'FORBIDDEN']);
  });

  it('DELETE /me anonymises the resident, keeps the row, and the old token stops working at once', async () => {
    const { token, user } = await loginResident(t, 'zoe');
    expect((await t.http().get('/api/v1/me').set('Authorization', `Bearer ${token}`)).status).toBe(200);
    const del = await t.http().delete('/api/v1/me').set('Authorization', `Bearer ${token}`);
    expect(del.status).toBe(204);
    const row = await t.db
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.sessionKey')
      .where('u.id = :id', { id: user.id })
      .getOneOrFail();
    expect(row).toMatchObject({
      openid: `deleted:${user.id}`,
      unionid: null,
      sessionKey: null,
      phone: null,
      displayName: '已注销用户',
      active: false,
    });
    expect(row.deletedAt).toBeInstanceOf(Date);
    const after = await t.http().get('/api/v1/me').set('Authorization', `Bearer ${token}`);
    expect([after.status, after.body.code]).toEqual([401, 'ACCOUNT_DELETED']);
    expect(await t.db.getRepository(AuditLog).findOne({ where: { action: 'resident.delete', targetId: String(user.id) } })).not.toBeNull();
    // The same WeChat user coming back is a new resident.
    const back = await loginResident(t, 'zoe');
    expect(back.user.id).not.toBe(user.id);
  });

  it('does not let staff delete themselves through DELETE /me', async () => {
    const { token } = await staffToken(t, ['dispatcher']);
    const r = await t.http().delete('/api/v1/me').set('Authorization', `Bearer ${token}`);
    expect([r.status, r.body.code]).toEqual([403, 'RESIDENT_ONLY']);
  });
});
