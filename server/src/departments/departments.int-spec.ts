import { AuditLog } from '../audit/audit-log.entity';
import { createStaff, loginResident, staffToken } from '../testing/factories-auth';
import { ResponsibilityZone } from '../areas/responsibility-zone.entity';
import { SupervisionNotice } from '../evaluation/supervision-notice.entity';
import { RoutingRule } from '../routing/routing-rule.entity';
import { insertCase } from '../testing/factories-cases';
import { insertArea, rectPolygon } from '../testing/factories-places';
import { startTestApp, type TestApp } from '../testing/test-app';

describe('departments', () => {
  let t: TestApp;
  let admin: string;
  let handler: string;
  let districtId: number;

  const api = (method: 'get' | 'post' | 'patch' | 'delete', path: string, token: string, body?: object) =>
    t.http()[method](`/api/v1${path}`).set('Authorization', `Bearer ${token}`).send(body);

  beforeAll(async () => {
    t = await startTestApp();
    admin = (await staffToken(t, ['admin'])).token;
    districtId = (await insertArea(t.db, { code: 'dep-d', name: '部门区', level: 'district' })).id;
  });
  afterAll(() => t?.close());

  it('an admin creates departments; anyone logged in lists {id, code, name, type, areaId}', async () => {
    const res = await api('post', '/departments', admin, {
      code: 'sanitation-dep',
      name: '部门区环卫所',
      type: 'sanitation',
      areaId: districtId,
      contactPhone: '0571-1234567',
    });
    expect(res.status).toBe(201);
    const city = await api('post', '/departments', admin, { code: 'aiweiban', name: '爱卫办', type: 'patriotic_health' });
    expect(city.body.areaId).toBeNull();
    handler = (await staffToken(t, ['handler'], res.body.id)).token;
    const resident = await loginResident(t, 'dep-resident');
    for (const token of [handler, resident.token]) {
      const list = await api('get', '/departments', token).expect(200);
      expect(list.body).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            id: res.body.id,
            code: 'sanitation-dep',
            name: '部门区环卫所',
            type: 'sanitation',
            areaId: districtId,
          }),
        ]),
      );
    }
    expect((await t.http().get('/api/v1/departments')).status).toBe(401);
  });

  it('refuses duplicates, unknown types and areas, and non-admin writes', async () => {
    expect((await api('post', '/departments', admin, { code: 'aiweiban', name: 'x', type: 'patriotic_health' })).body.code).toBe(
      'DEPARTMENT_CODE_TAKEN',
    );
    expect((await api('post', '/departments', admin, { code: 'x1', name: 'x', type: 'police' })).status).toBe(400);
    expect((await api('post', '/departments', admin, { code: 'x2', name: 'x', type: 'sanitation', areaId: 99999 })).body.code).toBe(
      'AREA_NOT_FOUND',
    );
    expect((await api('post', '/departments', handler, { code: 'x3', name: 'x', type: 'sanitation' })).status).toBe(403);
    expect((await api('get', '/departments/99999', admin)).body.code).toBe('DEPARTMENT_MISSING');
  });

  it('deactivating hides a department from the default list; deleting one with staff is refused; an unused one is deleted (audited)', async () => {
    const list = (await api('get', '/departments', admin)).body as { id: number; code: string }[];
    const san = list.find((d) => d.code === 'sanitation-dep')!;
    await api('patch', `/departments/${san.id}`, admin, { active: false }).expect(200);
    expect(((await api('get', '/departments', admin)).body as { id: number }[]).map((d) => d.id)).not.toContain(san.id);
    expect(((await api('get', '/departments?includeInactive=true', admin)).body as { id: number }[]).map((d) => d.id)).toContain(san.id);
    expect((await api('delete', `/departments/${san.id}`, admin)).body.code).toBe('DEPARTMENT_IN_USE');
    const spare = await api('post', '/departments', admin, { code: 'spare', name: '备用', type: 'unit' });
    await createStaff(t, ['inspector']);
    await api('delete', `/departments/${spare.body.id}`, admin).expect(204);
    const actions = (
      await t.db
        .getRepository(AuditLog)
        .find({ where: [{ action: 'department.create' }, { action: 'department.update' }, { action: 'department.delete' }] })
    ).map((a) => a.action);
    expect(actions.filter((a) => a === 'department.delete')).toHaveLength(1);
    expect(actions).toContain('department.update');
  });

  describe('a delete refused while something refers to the department (DepartmentReferenceChecks, zones)', () => {
    let n = 0;
    const spareDepartment = async () =>
      (await api('post', '/departments', admin, { code: `ref-${n++}`, name: '被引用部门', type: 'unit' })).body.id as number;
    const referrers: [string, (departmentId: number) => Promise<unknown>][] = [
      ['人员', (departmentId) => createStaff(t, ['handler'], { departmentId })],
      [
        '案卷',
        async (departmentId) =>
          insertCase(t, { status: 'dispatched', departmentId, reporterId: (await staffToken(t, ['dispatcher'])).user.id }),
      ],
      [
        '派遣规则',
        (departmentId) =>
          t.db.getRepository(RoutingRule).save({ areaId: null, departmentId, categoryCode: null, priority: 0, active: true, note: null }),
      ],
      [
        '督办通知',
        (departmentId) =>
          t.db.getRepository(SupervisionNotice).save({
            roundId: 1000 + n++,
            departmentId,
            title: '督办',
            requirement: null,
            deadline: new Date(),
            caseIds: [],
            repliedAt: null,
            createdByUserId: 1,
          }),
      ],
      [
        '责任区',
        (departmentId) =>
          t.db.getRepository(ResponsibilityZone).save({
            name: '包干区',
            departmentId,
            geometry: JSON.stringify(rectPolygon(30, 120, 0.01, 0.01)),
            sourceLine: null,
            bufferM: null,
            categoryCodes: null,
            minLat: 30,
            minLng: 120,
            maxLat: 30.01,
            maxLng: 120.01,
            active: true,
          }),
      ],
    ];

    it.each(referrers)('a department with %s is refused with 409 DEPARTMENT_IN_USE naming it', async (what, refer) => {
      const id = await spareDepartment();
      await refer(id);
      const res = await api('delete', `/departments/${id}`, admin);
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'DEPARTMENT_IN_USE', message: `该部门还有${what}，不能删除，可改为停用` });
      expect((await api('get', `/departments/${id}`, admin)).status).toBe(200);
    });
  });
});
