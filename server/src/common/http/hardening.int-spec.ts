import { Report } from '../../reports/report.entity';
import { newRequestId, REPORT_TEST_AREA, residentLogin, seedReportTestPlaces, uploadScene } from '../../testing/factories-reports';
import { startTestApp, type TestApp } from '../../testing/test-app';

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

describe('HTTP hardening (behind a trusted proxy, Swagger disabled)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ TRUSTED_PROXIES: 'loopback', SWAGGER_ENABLED: 'false' });
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
});
