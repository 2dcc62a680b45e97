import { Transactions } from '../database/transactions';
import { createDepartment, loginResident, staffToken } from '../testing/factories-auth';
import { startTestApp, type TestApp } from '../testing/test-app';
import { NoticesService } from './notices.service';

describe('staff notices', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('shows mine and my department’s notices, unread first, and marks them read', async () => {
    const notices = t.app.get(NoticesService);
    const tx = t.app.get(Transactions);
    const deptA = await createDepartment(t);
    const deptB = await createDepartment(t);
    const alice = await staffToken(t, ['handler'], deptA.id);
    const bob = await staffToken(t, ['handler'], deptB.id);
    const [personal, dept, other] = await tx.run(async (em) => [
      await notices.notifyStaff(em, {
        userId: alice.user.id,
        kind: 'escalation_reminder',
        title: '案卷即将超期',
        body: '案卷 #12 剩余 2 小时',
        caseId: 12,
      }),
      await notices.notifyStaff(em, { departmentId: deptA.id, kind: 'overdue', title: '案卷已超期', body: '案卷 #13 已超期', caseId: 13 }),
      await notices.notifyStaff(em, { departmentId: deptB.id, kind: 'overdue', title: '别的部门', body: '案卷 #14', caseId: 14 }),
    ]);
    const get = (token: string) => t.http().get('/api/v1/notices').set('Authorization', `Bearer ${token}`);

    let page = (await get(alice.token)).body;
    expect(page.total).toBe(2);
    expect(page.items.map((n: { id: number }) => n.id)).toEqual([dept.id, personal.id]);

    const read = await t.http().post(`/api/v1/notices/${dept.id}/read`).set('Authorization', `Bearer ${alice.token}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: dept.id, read: true });
    page = (await get(alice.token)).body;
    expect(page.items.map((n: { id: number; read: boolean }) => [n.id, n.read])).toEqual([
      [personal.id, false],
      [dept.id, true],
    ]);
    expect((await t.http().get('/api/v1/notices?unread=true').set('Authorization', `Bearer ${alice.token}`)).body.total).toBe(1);

    // Bob sees only his department's notice and cannot read Alice's.
    expect((await get(bob.token)).body.items.map((n: { id: number }) => n.id)).toEqual([other.id]);
    const foreign = await t.http().post(`/api/v1/notices/${personal.id}/read`).set('Authorization', `Bearer ${bob.token}`);
    expect([foreign.status, foreign.body.code]).toEqual([404, 'NOTICE_NOT_FOUND']);
    // Residents have no notices here.
    const resident = await loginResident(t, 'no-notices');
    expect((await get(resident.token)).status).toBe(403);
  });
});
