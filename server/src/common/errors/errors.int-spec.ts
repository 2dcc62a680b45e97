import { startTestApp, type TestApp } from '../../testing/test-app';

describe('error envelope and basics over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers health with the database up', async () => {
    const res = await t.http().get('/api/health').expect(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.info.database.status).toBe('up');
  });

  it('answers health with 503 SERVICE_UNAVAILABLE while the database is unreachable, so a load balancer takes the instance out', async () => {
    await t.db.destroy();
    try {
      const res = await t.http().get('/api/health').expect(503);
      expect(res.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE', message: '服务暂时不可用，请稍后再试' });
    } finally {
      await t.db.initialize();
    }
    await t.http().get('/api/health').expect(200);
  });

  it('answers an unknown route with 404 ROUTE_NOT_FOUND in Chinese', async () => {
    const res = await t.http().get('/api/v1/nope').expect(404);
    expect(res.body).toMatchObject({ code: 'ROUTE_NOT_FOUND', message: '接口不存在' });
  });

  it('answers malformed JSON with 400 MALFORMED_JSON', async () => {
    const res = await t.http().post('/api/v1/nope').set('content-type', 'application/json').send('{"a":').expect(400);
    expect(res.body.code).toBe('MALFORMED_JSON');
    expect(res.body.requestId).toEqual(res.headers['x-request-id']); // support can find it in the logs
    expect(res.body.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers an oversized JSON body with 413', async () => {
    const res = await t
      .http()
      .post('/api/v1/nope')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ a: 'x'.repeat(2 * 1024 * 1024) }))
      .expect(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('serves the OpenAPI description', async () => {
    const res = await t.http().get('/api/docs-json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(res.body.info.title).toBe('三随 API');
  });
});
