import { CATEGORY_CATALOGUE } from '@sansui/shared';
import { AuditLog } from '../audit/audit-log.entity';
import { loginResident, staffToken } from '../testing/factories-auth';
import { startTestApp, type TestApp } from '../testing/test-app';
import { seedCategoryCatalogue } from './categories.service';

describe('categories', () => {
  let t: TestApp;
  let admin: string;
  let dispatcher: string;

  beforeAll(async () => {
    t = await startTestApp();
    await seedCategoryCatalogue(t.db.manager);
    admin = (await staffToken(t, ['admin'])).token;
    dispatcher = (await staffToken(t, ['dispatcher'])).token;
  });
  afterAll(() => t?.close());

  it('GET /categories is public, in catalogue order, with the shared CategoryDto fields', async () => {
    const res = await t.http().get('/api/v1/categories').expect(200);
    expect(res.body.map((c: { code: string }) => c.code)).toEqual(CATEGORY_CATALOGUE.map((c) => c.code));
    expect(res.body[0]).toEqual({
      code: 'exposed_garbage',
      name: CATEGORY_CATALOGUE[0].name,
      hint: CATEGORY_CATALOGUE[0].hint,
      defaultDepartmentType: 'sanitation',
      slaHours: 4,
      rewardFen: 200,
      duplicateRadiusM: 50,
      duplicateWindowHours: 72,
      autoMerge: false,
      enabled: true,
      sortOrder: 1,
    });
  });

  it('seeding again adds nothing and keeps admin edits', async () => {
    expect(await seedCategoryCatalogue(t.db.manager)).toBe(0);
  });

  it('an admin edits SLA, reward, hint, radius, auto-merge and disables a category; the public list hides it; all=true shows it to admins only', async () => {
    const res = await t
      .http()
      .patch('/api/v1/categories/smoking')
      .set('Authorization', `Bearer ${admin}`)
      .send({ slaHours: 48, rewardFen: 150, hint: '室内禁烟场所', duplicateRadiusM: 80, autoMerge: true, enabled: false });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      code: 'smoking',
      slaHours: 48,
      rewardFen: 150,
      hint: '室内禁烟场所',
      duplicateRadiusM: 80,
      autoMerge: true,
      enabled: false,
    });
    const pub = await t.http().get('/api/v1/categories').expect(200);
    expect(pub.body.map((c: { code: string }) => c.code)).not.toContain('smoking');
    const all = await t.http().get('/api/v1/categories?all=true').set('Authorization', `Bearer ${admin}`).expect(200);
    expect(all.body.find((c: { code: string }) => c.code === 'smoking')).toMatchObject({ enabled: false, slaHours: 48 });
    const notAdmin = await t.http().get('/api/v1/categories?all=true').set('Authorization', `Bearer ${dispatcher}`).expect(200);
    expect(notAdmin.body.map((c: { code: string }) => c.code)).not.toContain('smoking');
    const anonymous = await t.http().get('/api/v1/categories?all=true').expect(200);
    expect(anonymous.body).toHaveLength(CATEGORY_CATALOGUE.length - 1);
    const audit = await t.db.getRepository(AuditLog).findOne({ where: { action: 'category.update', targetId: 'smoking' } });
    expect(audit?.data).toMatchObject({ before: { slaHours: 72 }, changes: { slaHours: 48, enabled: false } });
  });

  it('refuses non-admins, unknown codes, bad values and duplicate new codes', async () => {
    expect(
      (await t.http().patch('/api/v1/categories/smoking').set('Authorization', `Bearer ${dispatcher}`).send({ slaHours: 1 })).status,
    ).toBe(403);
    const resident = await loginResident(t, 'cat-resident');
    expect(
      (await t.http().patch('/api/v1/categories/smoking').set('Authorization', `Bearer ${resident.token}`).send({ slaHours: 1 })).status,
    ).toBe(403);
    expect((await t.http().patch('/api/v1/categories/smoking').send({ slaHours: 1 })).status).toBe(401);
    expect((await t.http().patch('/api/v1/categories/nope').set('Authorization', `Bearer ${admin}`).send({ slaHours: 5 })).body.code).toBe(
      'CATEGORY_NOT_FOUND',
    );
    for (const bad of [{ slaHours: 0 }, { rewardFen: 1.5 }, { rewardFen: -1 }, { enabled: 'yes' }, { code: 'x' }]) {
      const res = await t.http().patch('/api/v1/categories/piling').set('Authorization', `Bearer ${admin}`).send(bad);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    const dup = await t
      .http()
      .post('/api/v1/categories')
      .set('Authorization', `Bearer ${admin}`)
      .send({ code: 'piling', name: 'x', defaultDepartmentType: 'street_office', slaHours: 24, rewardFen: 100 });
    expect(dup.body.code).toBe('CATEGORY_CODE_TAKEN');
    const incomplete = await t
      .http()
      .post('/api/v1/categories')
      .set('Authorization', `Bearer ${admin}`)
      .send({ code: 'half', name: '半个分类' });
    expect(incomplete.status).toBe(400);
  });

  it('an admin adds a category, which the public list then offers', async () => {
    const res = await t.http().post('/api/v1/categories').set('Authorization', `Bearer ${admin}`).send({
      code: 'noise',
      name: '噪声扰民',
      defaultDepartmentType: 'urban_management',
      slaHours: 24,
      rewardFen: 100,
      hint: '夜间施工、广场舞噪声',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ code: 'noise', enabled: true, duplicateRadiusM: 50, autoMerge: false });
    expect((await t.http().get('/api/v1/categories').expect(200)).body.map((c: { code: string }) => c.code)).toContain('noise');
    expect(await t.db.getRepository(AuditLog).exists({ where: { action: 'category.create', targetId: 'noise' } })).toBe(true);
  });
});
