import { IsNull } from 'typeorm';
import { AuditLog } from '../../audit/audit-log.entity';
import { createDepartment, createStaff, loginResident, simCode, staffToken } from '../../testing/factories-auth';
import { startTestApp, type TestApp } from '../../testing/test-app';
import { StaffBindCode } from './staff-bind-code.entity';

/** docs/domain.md §14: an admin's one-time bind code ties a WeChat user to a staff account until an admin unbinds it. */
describe('staff WeChat binding', () => {
  let t: TestApp;
  let admin: { token: string };
  let handlerId: number;
  let deptId: number;
  const post = (url: string, token: string | null, body: object) => {
    const req = t.http().post(`/api/v1${url}`);
    if (token) req.set('Authorization', `Bearer ${token}`);
    return req.send(body);
  };
  const newCode = async (userId = handlerId) => {
    const res = await post('/staff-bind-codes', admin.token, { userId });
    expect(res.status).toBe(201);
    return res.body as { code: string; expiresAt: string; userId: number };
  };
  const wechat = (name: string, bindCode?: string) =>
    post('/auth/wechat', null, bindCode ? { code: simCode(name), bindCode } : { code: simCode(name) });
  const me = (token: string) => t.http().get('/api/v1/me').set('Authorization', `Bearer ${token}`);

  beforeAll(async () => {
    t = await startTestApp();
    deptId = (await createDepartment(t)).id;
    admin = await staffToken(t, ['admin']);
    handlerId = (await createStaff(t, ['handler'], { departmentId: deptId })).id;
  });
  afterAll(async () => t?.close());

  it('an admin gets a one-time code valid 24 h; only its hash is stored; the creation is audited', async () => {
    const before = Date.now();
    const { code, expiresAt, userId } = await newCode();
    expect(userId).toBe(handlerId);
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const validMs = new Date(expiresAt).getTime() - before;
    expect(validMs).toBeGreaterThan(24 * 3600_000 - 60_000);
    expect(validMs).toBeLessThanOrEqual(24 * 3600_000 + 60_000);
    const rows = await t.db.getRepository(StaffBindCode).find({ where: { userId: handlerId } });
    expect(JSON.stringify(rows)).not.toContain(code.replace('-', ''));
    const audit = await t.db.getRepository(AuditLog).findOne({ where: { action: 'staff.bind_code_created' }, order: { id: 'DESC' } });
    expect(audit?.targetId).toBe(String(handlerId));
  });

  it('only admins issue codes, only for staff accounts', async () => {
    const dispatcher = await staffToken(t, ['dispatcher']);
    expect((await post('/staff-bind-codes', dispatcher.token, { userId: handlerId })).status).toBe(403);
    const resident = await loginResident(t, 'bind-resident');
    const res = await post('/staff-bind-codes', admin.token, { userId: resident.user.id });
    expect([res.status, res.body.code]).toEqual([403, 'STAFF_ONLY']);
    const missing = await post('/staff-bind-codes', admin.token, { userId: 999999 });
    expect([missing.status, missing.body.code]).toEqual([404, 'USER_NOT_FOUND']);
  });

  it('binding returns the staff token with the staff roles and department; later logins of that WeChat user return it again', async () => {
    // The staff member first opened the mini-program as a resident.
    const asResident = await wechat('handler-phone');
    expect(asResident.status).toBe(200);
    expect(asResident.body.user.kind).toBe('resident');

    const { code } = await newCode();
    const bound = await wechat('handler-phone', code.toLowerCase().replace('-', ' '));
    expect(bound.status).toBe(200);
    expect(bound.body.user).toMatchObject({ id: handlerId, kind: 'staff', roles: ['handler'], departmentId: deptId });
    const mine = await me(bound.body.token);
    expect(mine.body).toMatchObject({ id: handlerId, roles: ['handler'] });
    // The staff token works on staff endpoints.
    expect((await t.http().get('/api/v1/cases').set('Authorization', `Bearer ${bound.body.token}`)).status).toBe(200);

    const again = await wechat('handler-phone');
    expect(again.status).toBe(200);
    expect(again.body.user).toMatchObject({ id: handlerId, kind: 'staff', departmentId: deptId });
    // Another WeChat user is still a resident.
    expect((await wechat('someone-else')).body.user.kind).toBe('resident');
    const actions = (await t.db.getRepository(AuditLog).find({ where: { targetId: String(handlerId) } })).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['staff.wechat_bound', 'staff.login']));
  });

  it('a reused code is refused with BIND_CODE_USED, a wrong one with BIND_CODE_INVALID, an expired one with BIND_CODE_EXPIRED', async () => {
    const other = await createStaff(t, ['inspector']);
    const { code } = await newCode(other.id);
    expect((await wechat('inspector-phone', code)).status).toBe(200);
    const reused = await wechat('thief-phone', code);
    expect([reused.status, reused.body.code]).toEqual([409, 'BIND_CODE_USED']);
    expect(reused.body.message).toContain('已经使用过');

    const wrong = await wechat('thief-phone', 'ZZZZ-ZZZZ');
    expect([wrong.status, wrong.body.code]).toEqual([422, 'BIND_CODE_INVALID']);

    const late = await newCode(other.id);
    await t.db.getRepository(StaffBindCode).update({ userId: other.id, usedAt: IsNull() }, { expiresAt: new Date(Date.now() - 1000) });
    const expired = await wechat('inspector-phone-2', late.code);
    expect([expired.status, expired.body.code]).toEqual([422, 'BIND_CODE_EXPIRED']);
    expect(expired.body.message).toContain('24 小时');
    // None of the refused attempts bound anything.
    expect((await wechat('thief-phone')).body.user.kind).toBe('resident');
  });

  it('a newer code voids the older unused one', async () => {
    const other = await createStaff(t, ['inspector']);
    const first = await newCode(other.id);
    await newCode(other.id);
    const res = await wechat('void-phone', first.code);
    expect([res.status, res.body.code]).toEqual([422, 'BIND_CODE_EXPIRED']);
  });

  it('unbinding by an admin ends it: the phone token dies, the next login is a resident again, and it is audited', async () => {
    const staff = await createStaff(t, ['handler'], { departmentId: deptId });
    const { code } = await newCode(staff.id);
    const bound = await wechat('unbind-phone', code);
    expect(bound.body.user.id).toBe(staff.id);
    const list = await t.http().get('/api/v1/staff-wechat-bindings').set('Authorization', `Bearer ${admin.token}`);
    expect(list.body.map((b: { userId: number }) => b.userId)).toContain(staff.id);

    const dispatcher = await staffToken(t, ['dispatcher']);
    expect(
      (await t.http().delete(`/api/v1/users/${staff.id}/wechat-binding`).set('Authorization', `Bearer ${dispatcher.token}`)).status,
    ).toBe(403);
    const unbind = await t.http().delete(`/api/v1/users/${staff.id}/wechat-binding`).set('Authorization', `Bearer ${admin.token}`);
    expect(unbind.status).toBe(204);

    const old = await me(bound.body.token);
    expect([old.status, old.body.code]).toEqual([401, 'TOKEN_INVALID']);
    const next = await wechat('unbind-phone');
    expect(next.body.user.kind).toBe('resident');
    const again = await t.http().delete(`/api/v1/users/${staff.id}/wechat-binding`).set('Authorization', `Bearer ${admin.token}`);
    expect([again.status, again.body.code]).toEqual([404, 'BINDING_NOT_FOUND']);
    const audit = await t.db.getRepository(AuditLog).findOne({ where: { action: 'staff.wechat_unbound' }, order: { id: 'DESC' } });
    expect(audit?.targetId).toBe(String(staff.id));
    const chain = await t
      .http()
      .get('/api/v1/audit/verify')
      .set('Authorization', `Bearer ${(await staffToken(t, ['auditor'])).token}`);
    expect(chain.body.ok).toBe(true);
  });

  it('binding a second phone to the same account ends the first phone’s binding', async () => {
    const staff = await createStaff(t, ['inspector']);
    const first = await wechat('phone-a', (await newCode(staff.id)).code);
    await wechat('phone-b', (await newCode(staff.id)).code);
    expect((await me(first.body.token)).status).toBe(401);
    expect((await wechat('phone-a')).body.user.kind).toBe('resident');
    expect((await wechat('phone-b')).body.user.id).toBe(staff.id);
  });

  it('a disabled staff account cannot log in through its binding', async () => {
    const staff = await createStaff(t, ['inspector']);
    await wechat('disabled-phone', (await newCode(staff.id)).code);
    expect(
      (await t.http().patch(`/api/v1/users/${staff.id}`).set('Authorization', `Bearer ${admin.token}`).send({ active: false })).status,
    ).toBe(200);
    const res = await wechat('disabled-phone');
    expect([res.status, res.body.code]).toEqual([403, 'ACCOUNT_DISABLED']);
  });
});
