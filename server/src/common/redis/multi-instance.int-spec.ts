import Redis from 'ioredis';
import { join } from 'node:path';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { createStaff, loginStaff, staffToken } from '../../testing/factories-auth';
import { startTestApp, type TestApp } from '../../testing/test-app';

/** Redis of the test command (scripts/ensure-redis.sh); each run takes its own logical database. */
const REDIS_URL = process.env.TEST_REDIS_URL;

(REDIS_URL ? describe : describe.skip)('two instances on one database and one Redis behave as one', () => {
  let a: TestApp;
  let b: TestApp;
  let redis: Redis;
  beforeAll(async () => {
    const url = `${REDIS_URL!.replace(/\/\d*$/, '')}/${1 + Math.floor(Math.random() * 15)}`;
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

  it('an account disabled through one instance is refused by the other within a second, though that one had it cached', async () => {
    const admin = await staffToken(a, ['admin']);
    const user = await createStaff(a, ['dispatcher']);
    const token = await loginStaff(a, user.username!);
    const meOnB = () => b.http().get('/api/v1/me').set('Authorization', `Bearer ${token}`);
    expect((await meOnB()).status).toBe(200); // B now caches the account as active (for 5 s without Redis)
    const off = await a.http().patch(`/api/v1/users/${user.id}`).set('Authorization', `Bearer ${admin.token}`).send({ active: false });
    expect(off.status).toBe(200);
    const started = Date.now();
    let status = (await meOnB()).status;
    while (status === 200 && Date.now() - started < 1000) {
      await new Promise((r) => setTimeout(r, 25));
      status = (await meOnB()).status;
    }
    expect(status).toBe(401);
  });
});
