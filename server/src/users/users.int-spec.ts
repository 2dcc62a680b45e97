import { AuditLog } from '../audit/audit-log.entity';
import { createDepartment, loginResident, loginStaff, staffToken } from '../testing/factories-auth';
import { startTestApp, type TestApp } from '../testing/test-app';
import { User } from './user.entity';

describe('staff management by admins', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof staffToken>>;
  const as = (token: string) => ({
    get: (url: string) => t.http().get(url).set('Authorization', `Bearer ${token}`),
    post: (url: string, body: object) => t.http().post(url).set('Authorization', `Bearer ${token}`).send(body),
    patch: (url: string, body: object) => t.http().patch(url).set('Authorization', `Bearer ${token}`).send(body),
  });

  beforeAll(async () => {
    t = await startTestApp();
    admin = await staffToken(t, ['admin']);
  });
  afterAll(() => t.close());

  it('creates staff, refuses bad input, and audits it', async () => {
    const dept = await createDepartment(t);
    const a = as(admin.token);
    const created = await a.post('/api/v1/users', {
      username: 'new.handler',
      password: 'secret-pass-1',
      displayName: '王五',
      roles: ['handler'],
      departmentId: dept.id,
      phone: '13800138000',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      kind: 'staff',
      username: 'new.handler',
      roles: ['handler'],
      departmentId: dept.id,
      active: true,
      phoneMasked: '138****8000',
    });
    expect(JSON.stringify(created.body)).not.toMatch(/password|13800138000/i);
    expect(await loginStaff(t, 'new.handler', 'secret-pass-1')).toEqual(expect.any(String));
    expect(
      await t.db.getRepository(AuditLog).findOne({ where: { action: 'user.create', targetId: String(created.body.id) } }),
    ).not.toBeNull();

    expect(
      (await a.post('/api/v1/users', { username: 'new.handler', password: 'secret-pass-1', displayName: '重名', roles: ['dispatcher'] }))
        .body.code,
    ).toBe('USERNAME_TAKEN');
    expect(
      (await a.post('/api/v1/users', { username: 'no.dept', password: 'secret-pass-1', displayName: '无部门', roles: ['handler'] })).body
        .code,
    ).toBe('DEPARTMENT_REQUIRED');
    expect(
      (
        await a.post('/api/v1/users', {
          username: 'bad.dept',
          password: 'secret-pass-1',
          displayName: '错部门',
          roles: ['handler'],
          departmentId: 999999,
        })
      ).body.code,
    ).toBe('DEPARTMENT_NOT_FOUND');
    for (const bad of [
      { username: 'x', password: 'secret-pass-1', displayName: '短', roles: ['dispatcher'] },
      { username: 'ok.name', password: 'short', displayName: '短密码', roles: ['dispatcher'] },
      { username: 'ok.name', password: 'secret-pass-1', displayName: '居民角色', roles: ['resident'] },
      { username: 'ok.name', password: 'secret-pass-1', displayName: '无角色', roles: [] },
    ]) {
      const r = await a.post('/api/v1/users', bad);
      expect([r.status, r.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    }
  });

  it('lists users with filters and masks openids', async () => {
    await loginResident(t, 'listed-resident');
    const a = as(admin.token);
    const residents = await a.get('/api/v1/users?kind=resident');
    expect(residents.status).toBe(200);
    expect(residents.body.total).toBeGreaterThanOrEqual(1);
    for (const u of residents.body.items) {
      expect(u.openidMasked).toMatch(/^o.{3}\*{4}.{4}$/);
      expect(JSON.stringify(u)).not.toMatch(/"openid"/);
    }
    const admins = await a.get('/api/v1/users?role=admin');
    expect(admins.body.items.map((u: { id: number }) => u.id)).toContain(admin.user.id);
    expect(admins.body.items.every((u: { roles: string[] }) => u.roles.includes('admin'))).toBe(true);
    expect((await a.get('/api/v1/users?pageSize=1')).body).toMatchObject({ page: 1, pageSize: 1, items: [expect.any(Object)] });
    await a.post('/api/v1/users', { username: 'percent_100', password: 'secret-pass-1', displayName: '百分百', roles: ['inspector'] });
    expect((await a.get('/api/v1/users?q=t_1')).body.items.map((u: { username: string }) => u.username)).toEqual(['percent_100']);
    expect((await a.get(`/api/v1/users?q=${encodeURIComponent('%')}`)).body.total).toBe(0);
    expect((await a.get('/api/v1/users?q=百分')).body.total).toBe(1);
  });

  it('updates roles, resets passwords, and a disabled account stops working at once', async () => {
    const target = await staffToken(t, ['dispatcher']);
    const a = as(admin.token);
    expect((await as(target.token).get('/api/v1/me')).status).toBe(200);
    const upd = await a.patch(`/api/v1/users/${target.user.id}`, {
      roles: ['dispatcher', 'inspector'],
      displayName: '改名了',
      password: 'brand-new-pass',
    });
    expect(upd.status).toBe(200);
    expect(upd.body).toMatchObject({ roles: ['dispatcher', 'inspector'], displayName: '改名了' });
    expect(await loginStaff(t, target.user.username!, 'brand-new-pass')).toEqual(expect.any(String));
    const audit = await t.db.getRepository(AuditLog).findOne({ where: { action: 'user.update', targetId: String(target.user.id) } });
    expect(audit?.data).toMatchObject({ passwordReset: true });
    expect(JSON.stringify(audit?.data)).not.toMatch(/\$2[aby]\$/);

    expect((await a.patch(`/api/v1/users/${target.user.id}`, { active: false })).body.active).toBe(false);
    const after = await as(target.token).get('/api/v1/me');
    expect(after.status).toBe(401);
    expect((await t.http().post('/api/v1/auth/staff').send({ username: target.user.username, password: 'brand-new-pass' })).body.code).toBe(
      'ACCOUNT_DISABLED',
    );
  });

  it('refuses to disable oneself, to manage residents, and non-admins', async () => {
    const a = as(admin.token);
    expect((await a.patch(`/api/v1/users/${admin.user.id}`, { active: false })).body.code).toBe('CANNOT_DISABLE_SELF');
    expect((await a.patch(`/api/v1/users/${admin.user.id}`, { roles: ['dispatcher'] })).body.code).toBe('CANNOT_DISABLE_SELF');
    const resident = await loginResident(t, 'not-staff');
    expect((await a.patch(`/api/v1/users/${resident.user.id}`, { active: false })).body.code).toBe('STAFF_ONLY');
    expect((await a.patch('/api/v1/users/99999999', { active: false })).body.code).toBe('USER_NOT_FOUND');
    expect((await a.patch('/api/v1/users/abc', { active: false })).status).toBe(400);
    const dispatcher = await staffToken(t, ['dispatcher']);
    const r = await as(dispatcher.token).post('/api/v1/users', {
      username: 'sneaky',
      password: 'secret-pass-1',
      displayName: '越权',
      roles: ['admin'],
    });
    expect([r.status, r.body.code]).toEqual([403, 'FORBIDDEN']);
  });
});

describe('phone number binding through getuserphonenumber', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('stores the number WeChat returns and masks it in answers', async () => {
    const r = await loginResident(t, 'phone-owner');
    const post = (code: string) => t.http().post('/api/v1/me/phone').set('Authorization', `Bearer ${r.token}`).send({ code });
    const ok = await post('sim-phone:13912345678');
    expect([ok.status, ok.body]).toEqual([200, { phoneMasked: '139****5678' }]);
    expect((await t.db.getRepository(User).findOneByOrFail({ id: r.user.id })).phone).toBe('13912345678');
    const bad = await post('garbage');
    expect([bad.status, bad.body.code]).toEqual([400, 'WECHAT_CODE_INVALID']);
  });
});
