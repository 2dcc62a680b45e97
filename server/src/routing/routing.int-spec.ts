import { AuditLog } from '../audit/audit-log.entity';
import { ResponsibilityZone } from '../areas/responsibility-zone.entity';
import { seedCategoryCatalogue } from '../categories/categories.service';
import { Department } from '../departments/department.entity';
import { staffToken } from '../testing/factories-auth';
import { insertArea, insertDepartment, rectPolygon } from '../testing/factories-places';
import { startTestApp, type TestApp } from '../testing/test-app';
import { RoutingRule } from './routing-rule.entity';
import { RoutingService } from './routing.service';

/** The routing decision table of docs/domain.md §6 step 5 on a crafted city, on the real database. */
describe('routing suggestions', () => {
  let t: TestApp;
  let routing: RoutingService;
  let admin: string;
  const a: Record<string, number> = {};
  const d: Record<string, Department> = {};
  // G1 and G2: two grids of one community; the zone sits in the south-west corner of G1.
  const G1 = { lat: 31.005, lng: 121.005 };
  const IN_ZONE = { lat: 31.0005, lng: 121.0005 };
  const OUTSIDE = { lat: 35, lng: 115 };

  const suggest = (categoryCode: string, at: { lat: number; lng: number }) => routing.suggest({ categoryCode, ...at });

  beforeAll(async () => {
    t = await startTestApp();
    routing = t.app.get(RoutingService);
    admin = (await staffToken(t, ['admin'])).token;
    await seedCategoryCatalogue(t.db.manager);
    a.d = (await insertArea(t.db, { code: 'r-d', name: '路由区', level: 'district' })).id;
    a.s = (await insertArea(t.db, { code: 'r-s', name: '路由街道', level: 'street', parentId: a.d })).id;
    a.c = (await insertArea(t.db, { code: 'r-c', name: '路由社区', level: 'community', parentId: a.s })).id;
    a.g1 = (
      await insertArea(t.db, { code: 'r-g1', name: '路由01网格', level: 'grid', parentId: a.c, geometry: rectPolygon(31, 121, 0.01, 0.01) })
    ).id;
    a.g2 = (
      await insertArea(t.db, {
        code: 'r-g2',
        name: '路由02网格',
        level: 'grid',
        parentId: a.c,
        geometry: rectPolygon(31, 121.01, 0.01, 0.01),
      })
    ).id;
    d.sanDistrict = await insertDepartment(t.db, { code: 'r-san-d', name: '路由区环卫所', type: 'sanitation', areaId: a.d });
    d.street = await insertDepartment(t.db, { code: 'r-street', name: '路由街道办事处', type: 'street_office', areaId: a.s });
    d.unit = await insertDepartment(t.db, { code: 'r-unit', name: '路由医院', type: 'unit' });
    d.river = await insertDepartment(t.db, { code: 'r-river', name: '区河道办', type: 'river_office', areaId: a.d });
    const zones = t.db.getRepository(ResponsibilityZone);
    const zoneShape = rectPolygon(31, 121, 0.001, 0.001);
    await zones.save(
      zones.create({
        name: '路由医院门前四包',
        departmentId: d.unit.id,
        geometry: JSON.stringify(zoneShape),
        categoryCodes: ['exposed_garbage'],
        minLat: 31,
        minLng: 121,
        maxLat: 31.001,
        maxLng: 121.001,
        active: true,
      }),
    );
  });
  afterAll(() => t?.close());

  it('walks up from the grid to the district for the category’s department type', async () => {
    expect(await suggest('exposed_garbage', G1)).toEqual({
      departmentId: d.sanDistrict.id,
      departmentName: '路由区环卫所',
      rule: 'area',
      explanation: '按网格 路由01网格 所属区 路由区 派遣至 路由区环卫所',
    });
  });

  it('stops at the street when grid and community have no department of that type', async () => {
    expect(await suggest('back_alley', G1)).toMatchObject({
      departmentId: d.street.id,
      rule: 'area',
      explanation: '按网格 路由01网格 所属街道 路由街道 派遣至 路由街道办事处',
    });
  });

  it('a community department is nearer than the district’s', async () => {
    const community = await insertDepartment(t.db, { code: 'r-san-c', name: '路由社区保洁站', type: 'sanitation', areaId: a.c });
    expect(await suggest('exposed_garbage', { lat: 31.005, lng: 121.015 })).toMatchObject({ departmentId: community.id, rule: 'area' });
    await t.db.getRepository(Department).update({ id: community.id }, { active: false });
    expect(await suggest('exposed_garbage', { lat: 31.005, lng: 121.015 })).toMatchObject({ departmentId: d.sanDistrict.id });
  });

  it('a zone covering the point wins over the walk for the categories it handles', async () => {
    expect(await suggest('exposed_garbage', IN_ZONE)).toEqual({
      departmentId: d.unit.id,
      departmentName: '路由医院',
      rule: 'zone',
      explanation: '位于责任区 路由医院门前四包，派遣至 路由医院',
    });
    expect(await suggest('back_alley', IN_ZONE)).toMatchObject({ departmentId: d.street.id, rule: 'area' });
  });

  it('with no department of the type anywhere it suggests none; a city-wide one becomes the fallback', async () => {
    expect(await suggest('smoking', G1)).toMatchObject({ departmentId: null, departmentName: null, rule: 'none' });
    const city = await insertDepartment(t.db, { code: 'r-health', name: '市卫健委', type: 'health_commission' });
    expect(await suggest('smoking', G1)).toMatchObject({ departmentId: city.id, rule: 'fallback' });
    expect(await suggest('smoking', OUTSIDE)).toMatchObject({ departmentId: city.id, rule: 'fallback' });
    expect(await suggest('exposed_garbage', OUTSIDE)).toMatchObject({ departmentId: null, rule: 'none' });
  });

  it('an unknown category gets none', async () => {
    expect(await suggest('no_such_category', G1)).toMatchObject({ departmentId: null, rule: 'none' });
  });

  describe('rules (over HTTP: admin CRUD, audited)', () => {
    const api = (method: 'post' | 'patch' | 'delete' | 'get', path: string, body?: object) =>
      t.http()[method](`/api/v1${path}`).set('Authorization', `Bearer ${admin}`).send(body);

    it('a rule beats the zone and the walk; the most specific area first', async () => {
      const district = await api('post', '/routing-rules', { categoryCode: 'exposed_garbage', areaId: a.d, departmentId: d.river.id });
      expect(district.status).toBe(201);
      expect(await suggest('exposed_garbage', IN_ZONE)).toEqual({
        departmentId: d.river.id,
        departmentName: '区河道办',
        rule: 'rule',
        explanation: '按规则：路由区 的 暴露垃圾 / 积存垃圾 派遣至 区河道办',
      });
      const street = await api('post', '/routing-rules', { categoryCode: 'exposed_garbage', areaId: a.s, departmentId: d.street.id });
      expect(await suggest('exposed_garbage', IN_ZONE)).toMatchObject({ departmentId: d.street.id, rule: 'rule' });
      // Switching the street rule off brings the district rule back.
      await api('patch', `/routing-rules/${street.body.id}`, { active: false }).expect(200);
      expect(await suggest('exposed_garbage', IN_ZONE)).toMatchObject({ departmentId: d.river.id, rule: 'rule' });
      await api('delete', `/routing-rules/${district.body.id}`).expect(204);
      await api('delete', `/routing-rules/${street.body.id}`).expect(204);
      expect(await suggest('exposed_garbage', IN_ZONE)).toMatchObject({ rule: 'zone' });
      expect(await t.db.getRepository(RoutingRule).count()).toBe(0);
      const audited = await t.db
        .getRepository(AuditLog)
        .count({ where: [{ action: 'routing_rule.create' }, { action: 'routing_rule.update' }, { action: 'routing_rule.delete' }] });
      expect(audited).toBe(5);
    });

    it('a catch-all rule (any category) on a grid applies to every category there', async () => {
      const rule = await api('post', '/routing-rules', { areaId: a.g2, departmentId: d.unit.id, note: '临时包干' });
      expect(rule.body).toMatchObject({ categoryCode: null, areaId: a.g2, priority: 0, active: true, note: '临时包干' });
      expect(await suggest('smoking', { lat: 31.005, lng: 121.015 })).toMatchObject({
        departmentId: d.unit.id,
        rule: 'rule',
        explanation: '按规则：路由02网格 的 所有分类 派遣至 路由医院',
      });
      expect(await suggest('smoking', G1)).toMatchObject({ rule: 'fallback' });
      await api('delete', `/routing-rules/${rule.body.id}`).expect(204);
    });

    it('refuses unknown references, non-admins, and serves the suggestion to dispatchers', async () => {
      expect((await api('post', '/routing-rules', { categoryCode: 'nope', departmentId: d.unit.id })).body.code).toBe('CATEGORY_UNKNOWN');
      expect((await api('post', '/routing-rules', { areaId: 99999, departmentId: d.unit.id })).body.code).toBe('AREA_NOT_FOUND');
      expect((await api('post', '/routing-rules', { departmentId: 99999 })).body.code).toBe('DEPARTMENT_NOT_FOUND');
      expect((await api('patch', '/routing-rules/99999', { priority: 1 })).status).toBe(404);
      const dispatcher = (await staffToken(t, ['dispatcher'])).token;
      const denied = await t
        .http()
        .post('/api/v1/routing-rules')
        .set('Authorization', `Bearer ${dispatcher}`)
        .send({ departmentId: d.unit.id });
      expect(denied.status).toBe(403);
      const s = await t
        .http()
        .get('/api/v1/routing/suggest')
        .query({ categoryCode: 'back_alley', lat: G1.lat, lng: G1.lng })
        .set('Authorization', `Bearer ${dispatcher}`);
      expect(s.status).toBe(200);
      expect(s.body).toMatchObject({ departmentId: d.street.id, rule: 'area' });
      const bad = await t
        .http()
        .get('/api/v1/routing/suggest')
        .query({ categoryCode: 'back_alley', lat: 100, lng: 121 })
        .set('Authorization', `Bearer ${dispatcher}`);
      expect(bad.status).toBe(422);
    });
  });
});
