import Redis from 'ioredis';
import { join } from 'node:path';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { staffToken } from '../testing/factories-auth';
import { newRequestId, REPORT_TEST_AREA, residentLogin, seedReportTestPlaces, uploadScene } from '../testing/factories-reports';
import { startTestApp, type TestApp } from '../testing/test-app';
import { ImageCheckQueue } from '../reports/image-check-queue';
import { testRedisUrl } from '../testing/test-redis';

/** Redis of the test command (scripts/ensure-redis.sh); each run takes its own logical database (testRedisUrl). */
const REDIS_URL = process.env.TEST_REDIS_URL;

/**
 * Polls `probe` until it returns true or 10 s have passed (far inside the caches' 10-minute backstop);
 * returns the last result. One probe here is a whole report with its photo upload (0.5 s here at load 25):
 * with a one-second window, a probe that read the cache just before the invalidation arrived and then took
 * over a second on a loaded machine was the only one, and the test failed.
 */
async function beforeTheBackstop(probe: () => Promise<boolean>): Promise<boolean> {
  const started = Date.now();
  let ok = await probe();
  while (!ok && Date.now() - started < 10_000) {
    await new Promise((r) => setTimeout(r, 25));
    ok = await probe();
  }
  return ok;
}

/**
 * Reference data (categories, areas, zones, rules, departments) is cached in each instance (TableCache);
 * an admin's change through one instance reaches the others through Redis, not after a timer.
 */
(REDIS_URL ? describe : describe.skip)('cached reference data across two instances with one Redis', () => {
  let a: TestApp;
  let b: TestApp;
  let redis: Redis;
  let admin: string;
  beforeAll(async () => {
    const url = testRedisUrl(REDIS_URL!, 'tableCache');
    redis = new Redis(url);
    a = await startTestApp({ REDIS_URL: url });
    const db = a.app.get<AppConfig>(APP_CONFIG).database;
    b = await startTestApp({
      REDIS_URL: url,
      ...(db.type === 'mysql' ? { DATABASE_URL: db.url } : { SQLITE_PATH: join(a.dataDir, 'sansui.sqlite') }),
    });
    await seedReportTestPlaces(a.db);
    admin = (await staffToken(a, ['admin'])).token;
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    redis?.disconnect();
  });

  it('a category disabled through one instance refuses reports on the other within seconds, though that one had it cached', async () => {
    const resident = await residentLogin(b, 'cache-resident');
    let seed = 900;
    const report = async () =>
      b
        .http()
        .post('/api/v1/reports')
        .set('Authorization', `Bearer ${resident.token}`)
        .send({
          kind: 'snap',
          categoryCode: 'exposed_garbage',
          location: REPORT_TEST_AREA.centre,
          photoIds: [await uploadScene(b, resident.token, seed++)],
          clientRequestId: newRequestId(),
        });
    expect((await report()).status).toBe(201); // B now holds the categories (and areas) in its cache
    // B checks the photo after its answer; on one SQLite file its writes would contend with A's below.
    await b.app.get(ImageCheckQueue).idle();
    const off = await a.http().patch('/api/v1/categories/exposed_garbage').set('Authorization', `Bearer ${admin}`).send({ enabled: false });
    expect(off.status).toBe(200);
    let last: { status: number; body: { code?: string } } = { status: 0, body: {} };
    const refused = await beforeTheBackstop(async () => {
      last = await report();
      return last.status !== 201;
    });
    expect(refused).toBe(true);
    expect(last.body.code).toBe('CATEGORY_DISABLED');
  });

  it("a grid added through one instance is on the other instance's public map within seconds", async () => {
    const grids = async () => (await b.http().get('/api/v1/grids')).body as { features: { properties: { code: string } }[] };
    const before = await grids(); // cached in B now
    expect(before.features.map((f) => f.properties.code)).not.toContain('cache-g3');
    type Node = { id: number; code: string; children: Node[] };
    const tree = (await a.http().get('/api/v1/areas').set('Authorization', `Bearer ${admin}`)).body as Node[];
    const find = (nodes: Node[]): Node | undefined =>
      nodes.find((n) => n.code === 'rt-c') ?? nodes.map((n) => find(n.children)).find(Boolean);
    const communityId = find(tree)!.id;
    const ring = [
      [121.5, 31.22],
      [121.52, 31.22],
      [121.52, 31.24],
      [121.5, 31.24],
      [121.5, 31.22],
    ];
    const created = await a
      .http()
      .post('/api/v1/areas')
      .set('Authorization', `Bearer ${admin}`)
      .send({
        code: 'cache-g3',
        name: '缓存测试网格',
        level: 'grid',
        parentId: communityId,
        geometry: { type: 'Polygon', coordinates: [ring] },
      });
    expect(created.status).toBe(201);
    expect(await beforeTheBackstop(async () => (await grids()).features.some((f) => f.properties.code === 'cache-g3'))).toBe(true);
  });
});
