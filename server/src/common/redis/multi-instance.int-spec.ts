import Redis from 'ioredis';
import { join } from 'node:path';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { createDepartment, createStaff, loginStaff, staffToken } from '../../testing/factories-auth';
import { insertActor, insertCase } from '../../testing/factories-cases';
import { startTestApp, type TestApp } from '../../testing/test-app';
import { testRedisUrl } from '../../testing/test-redis';

/** Redis of the test command (scripts/ensure-redis.sh); each run takes its own logical database (testRedisUrl). */
const REDIS_URL = process.env.TEST_REDIS_URL;

(REDIS_URL ? describe : describe.skip)('two instances on one database and one Redis behave as one', () => {
  let a: TestApp;
  let b: TestApp;
  let redis: Redis;
  beforeAll(async () => {
    const url = testRedisUrl(REDIS_URL!, 'multiInstance');
    redis = new Redis(url);
    await redis.flushdb();
    a = await startTestApp({ REDIS_URL: url, RATE_LIMIT_PER_MINUTE: '4' });
    const db = a.app.get<AppConfig>(APP_CONFIG).database;
    b = await startTestApp({
      REDIS_URL: url,
      RATE_LIMIT_PER_MINUTE: '4',
      ...(db.type === 'mysql' ? { DATABASE_URL: db.url } : { SQLITE_PATH: join(a.dataDir, 'sansui.sqlite') }),
    });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    redis?.disconnect();
  });

  it('shares the rate limit: requests alternating between the instances count together', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await (i % 2 ? b : a).http().post('/api/v1/auth/wechat').send({})).status);
    expect(statuses).toEqual([400, 400, 400, 400, 429, 429]);
  });

  it('an account disabled through one instance is refused by the other within seconds, though that one had it cached', async () => {
    const admin = await staffToken(a, ['admin']);
    const user = await createStaff(a, ['dispatcher']);
    const token = await loginStaff(a, user.username!);
    const meOnB = () => b.http().get('/api/v1/me').set('Authorization', `Bearer ${token}`);
    expect((await meOnB()).status).toBe(200); // B now caches the account as active (for 5 s without Redis)
    const off = await a.http().patch(`/api/v1/users/${user.id}`).set('Authorization', `Bearer ${admin.token}`).send({ active: false });
    expect(off.status).toBe(200);
    const started = Date.now();
    let status = (await meOnB()).status;
    while (status === 200 && Date.now() - started < 4000) {
      await new Promise((r) => setTimeout(r, 25));
      status = (await meOnB()).status;
    }
    expect(status).toBe(401);
  });
  it('a department renamed through one instance is listed under its new name by the other, which had the old name cached', async () => {
    const admin = await staffToken(a, ['admin']);
    const dispatcher = await staffToken(b, ['dispatcher']);
    const dept = await createDepartment(a);
    const resident = await insertActor(a, ['resident'], null, 'resident'); // no login: this app allows 4 a minute
    const c = await insertCase(a, { status: 'dispatched', departmentId: dept.id, reporterId: resident.user.id });
    const nameOnB = async () =>
      (await b.http().get(`/api/v1/cases?q=${c.id}`).set('Authorization', `Bearer ${dispatcher.token}`)).body.items[0]
        .departmentName as string;
    expect(await nameOnB()).toBe(dept.name); // B now holds the department names
    const renamed = await a
      .http()
      .patch(`/api/v1/departments/${dept.id}`)
      .set('Authorization', `Bearer ${admin.token}`)
      .send({ name: '改名后的部门' });
    expect(renamed.status).toBe(200);
    const started = Date.now();
    let name = await nameOnB();
    while (name !== '改名后的部门' && Date.now() - started < 5000) {
      await new Promise((r) => setTimeout(r, 25));
      name = await nameOnB();
    }
    expect(name).toBe('改名后的部门');
  });
});
