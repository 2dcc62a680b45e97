import type { Role } from '@sansui/shared';
import { randomBytes } from 'node:crypto';
import { Department } from '../departments/department.entity';
import { type User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import type { TestApp } from './test-app';

export const TEST_STAFF_PASSWORD = 'test-pass-2026';

/** A fresh single-use simulator login code for `name` (same name → same resident). */
export function simCode(name: string): string {
  return `sim:${name}#${randomBytes(6).toString('hex')}`;
}

export async function loginResident(t: TestApp, name: string): Promise<{ token: string; user: { id: number; displayName: string } }> {
  const res = await t
    .http()
    .post('/api/v1/auth/wechat')
    .send({ code: simCode(name) });
  if (res.status !== 200) throw new Error(`resident login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function createDepartment(t: TestApp, code = `dept-${randomBytes(3).toString('hex')}`): Promise<Department> {
  const repo = t.db.getRepository(Department);
  return repo.save(repo.create({ code, name: `测试部门 ${code}`, type: 'sanitation', areaId: null, contactPhone: null, active: true }));
}

export async function createStaff(
  t: TestApp,
  roles: Role[],
  opts: { departmentId?: number | null; username?: string; password?: string } = {},
): Promise<User> {
  return t.app.get(UsersService).createStaff({
    username: opts.username ?? `staff-${randomBytes(4).toString('hex')}`,
    password: opts.password ?? TEST_STAFF_PASSWORD,
    displayName: `测试${roles.join('+')}`,
    roles,
    departmentId: opts.departmentId ?? null,
  });
}

export async function loginStaff(t: TestApp, username: string, password = TEST_STAFF_PASSWORD): Promise<string> {
  const res = await t.http().post('/api/v1/auth/staff').send({ username, password });
  if (res.status !== 200) throw new Error(`staff login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token;
}

/** Creates staff with these roles and returns their bearer token. */
export async function staffToken(t: TestApp, roles: Role[], departmentId: number | null = null): Promise<{ user: User; token: string }> {
  const user = await createStaff(t, roles, { departmentId });
  return { user, token: await loginStaff(t, user.username!) };
}
