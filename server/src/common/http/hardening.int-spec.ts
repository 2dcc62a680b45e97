import { Report } from '../../reports/report.entity';
import { newRequestId, REPORT_TEST_AREA, residentLogin, seedReportTestPlaces, uploadScene } from '../../testing/factories-reports';
import type { QueryRunner } from 'typeorm';
import { testDatabaseKind } from '../../testing/test-database';
import { startTestApp, type TestApp } from '../../testing/test-app';
import { loadShedderOf, type LoadShedder } from './load-shedding';

const deepJson = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

describe('HTTP hardening (defaults: no trusted proxy, Swagger on outside production)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(() => t?.close());

  it('answers a deeply nested JSON body with 400 BODY_TOO_DEEP before validation, also on the login routes', async () => {
    for (const url of ['/api/v1/auth/staff', '/api/v1/auth/wechat', '/api/v1/reports']) {
      const res = await t.http().post(url).set('content-type', 'application/json').send(deepJson(100_000));
      expect([res.status, res.body.code, res.body.message]).toEqual([400, 'BODY_TOO_DEEP', '请求内容嵌套层级过深']);
    }
    const arrays = await t
      .http()
      .post('/api/v1/auth/staff')
      .set('content-type', 'application/json')
      .send(`{"username":${'['.repeat(40)}${']'.repeat(40)}}`);
    expect(arrays.body.code).toBe('BODY_TOO_DEEP');
    // Ordinary nesting passes on to validation.
    const shallow = await t
      .http()
      .post('/api/v1/auth/staff')
      .send({ username: { a: { b: 1 } }, password: 'x' });
    expect([shallow.status, shallow.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('sends security headers on the API: CSP without framing, nosniff, referrer policy, no X-Powered-By, no HSTS over plain HTTP', async () => {
    const res = await t.http().get('/api/health');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(res.headers['content-security-policy']).toMatch(/script-src 'self'( 'sha256-[A-Za-z0-9+/=]+')*(;|$)/); // no inline scripts but the built pages' own
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(res.headers['strict-transport-security']).toBeUndefined();
    // An untrusted client claiming HTTPS does not make it so.
    const claimed = await t.http().get('/api/health').set('X-Forwarded-Proto', 'https');
    expect(claimed.headers['strict-transport-security']).toBeUndefined();
  });

  it('does not let a client escape the rate limit by rotating X-Forwarded-For (no proxy is trusted by default)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await t
        .http()
        .post('/api/v1/auth/wechat')
        .set('X-Forwarded-For', `203.0.113.${i + 1}`)
        .send({});
      statuses.push(res.status);
    }
    expect(statuses).toEqual([400, 400, 400, 429, 429]);
  });

  it('serves the OpenAPI document outside production', async () => {
    expect((await t.http().get('/api/docs-json')).status).toBe(200);
  });
});

const MAX_DB_WAIT_MS = 1000;

describe('HTTP hardening (behind a trusted proxy, Swagger disabled, load shedding on the database pool)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      TRUSTED_PROXIES: 'loopback',
      SWAGGER_ENABLED: 'false',
      LOAD_SHEDDING_ENABLED: 'true',
      // The event-loop signal is proven in load-shedding.spec.ts; here it would only add this machine's lag.
      LOAD_SHEDDING_MAX_EVENT_LOOP_DELAY_MS: '0',
      LOAD_SHEDDING_MAX_DB_WAIT_MS: String(MAX_DB_WAIT_MS),
    });
  });
  afterAll(() => t?.close());

  it('sends HSTS when the trusted proxy says the request came over HTTPS', async () => {
    const res = await t.http().get('/api/health').set('X-Forwarded-Proto', 'https');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect((await t.http().get('/api/health')).headers['strict-transport-security']).toBeUndefined();
  });

  it('does not serve Swagger when disabled', async () => {
    expect((await t.http().get('/api/docs-json')).status).toBe(404);
    expect((await t.http().get('/api/docs')).status).toBe(404);
  });

  it('strips control characters (NUL, BEL, ESC, RTL override) from text before it is stored', async () => {
    await seedReportTestPlaces(t.db);
    const alice = await residentLogin(t, 'alice');
    const res = await t
      .http()
      .post('/api/v1/reports')
      .set('Authorization', `Bearer ${alice.token}`)
      .send({
        kind: 'snap',
        categoryCode: 'exposed_garbage',
        description: '路口\u0000有\u0007垃圾\u001b[31m\u202Egnp.exe\n第二行\t缩进',
        location: REPORT_TEST_AREA.centre,
        photoIds: [await uploadScene(t, alice.token, 7)],
        clientRequestId: newRequestId('ctl'),
      });
    expect(res.status).toBe(201);
    const row = await t.db.getRepository(Report).findOneByOrFail({ id: res.body.id });
    expect(row.description).toBe('路口有垃圾[31mgnp.exe\n第二行\t缩进');
  });

  const mysqlOnly = testDatabaseKind() === 'mysql' ? it : it.skip;

  /** A failed staff login: the handler writes an audit entry every time it runs. */
  const wrongLogin = () =>
    fetch(`${t.baseUrl}/api/v1/auth/staff`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'nobody-here', password: 'wrong-password' }),
    });
  const failedLogins = async () =>
    Number((await t.db.query("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'staff.login_failed'"))[0].n);

  mysqlOnly(
    'refuses new requests with 503 + Retry-After, before any handler, while queries wait for a pooled connection; then serves again',
    async () => {
      const shedder: LoadShedder = loadShedderOf(t.app.getHttpServer())!;
      expect(shedder).toBeDefined();
      const before = await failedLogins();
      const held: QueryRunner[] = [];
      try {
        // Hold every connection of the pool (20), as long transactions or a slow database would.
        for (let i = 0; i < 20; i++) {
          const runner = t.db.createQueryRunner();
          await runner.connect();
          held.push(runner);
        }
        shedder.renew();
        const waiting = wrongLogin(); // admitted (nothing waited yet); its query now queues for a connection
        while (shedder.overloaded()?.name !== 'database pool wait') await new Promise((r) => setTimeout(r, 20));

        const refused = await wrongLogin();
        expect(refused.status).toBe(503);
        expect(refused.headers.get('retry-after')).toBe('2');
        expect(await refused.json()).toEqual({ code: 'SERVICE_UNAVAILABLE', message: '服务暂时不可用，请稍后再试' });

        await Promise.all(held.splice(0).map((r) => r.release()));
        expect((await waiting).status).toBe(401); // the request taken before the shedding finishes its work
        expect(await failedLogins()).toBe(before + 1); // the refused one wrote nothing

        let served: Response;
        do {
          shedder.renew(); // a fresh measure: the finished waits no longer count
          served = await wrongLogin();
        } while (served.status === 503);
        expect(served.status).toBe(401);
        expect(await failedLogins()).toBe(before + 2);
      } finally {
        await Promise.all(held.map((r) => r.release()));
      }
    },
  );
});
