import { Case } from '../cases/case.entity';
import { Report } from '../reports/report.entity';
import { REPORT_TEST_AREA, seedReportTestPlaces, staffToken } from '../testing/factories-reports';
import { startTestApp, type TestApp } from '../testing/test-app';
import { offsetM } from '@sansui/shared';
import { Open311Service } from './open311.service';

describe('Open311 GeoReport v2', () => {
  let t: TestApp;
  const KEY = 'test-open311-key-123';
  const at = offsetM(REPORT_TEST_AREA.centre, 150, 150);

  beforeAll(async () => {
    t = await startTestApp();
    await seedReportTestPlaces(t.db);
    await t.db.transaction((em) => t.app.get(Open311Service).createClient(em, '测试对接系统', KEY));
  });
  afterAll(async () => t?.close());

  it('is described in the OpenAPI document with the report endpoints', async () => {
    const doc = await t.http().get('/api/docs-json');
    expect(doc.status).toBe(200);
    const paths = Object.keys(doc.body.paths);
    for (const p of [
      '/open311/v2/services.json',
      '/open311/v2/requests.json',
      '/open311/v2/requests/{id}.json',
      '/api/v1/reports',
      '/api/v1/reports/mine',
      '/api/v1/reports/nearby',
      '/api/v1/reports/{id}',
      '/api/v1/reports/{id}/feedback',
    ])
      expect(paths).toContain(p);
    expect(doc.body.paths['/api/v1/reports'].post.summary).toMatch(/上报/);
  });

  it('lets an admin issue a key shown once, which works at once, and revoke it, which refuses it at once', async () => {
    const admin = (await staffToken(t, 'o311-admin', ['admin'])).token;
    const dispatcher = (await staffToken(t, 'o311-dispatcher', ['dispatcher'])).token;
    expect(
      (await t.http().post('/api/v1/open311-clients').set('Authorization', `Bearer ${dispatcher}`).send({ name: '不该成功' })).status,
    ).toBe(403);
    expect((await t.http().post('/api/v1/open311-clients').set('Authorization', `Bearer ${admin}`).send({ name: '' })).body.code).toBe(
      'VALIDATION_FAILED',
    );
    const created = await t.http().post('/api/v1/open311-clients').set('Authorization', `Bearer ${admin}`).send({ name: '12345 热线平台' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: '12345 热线平台', active: true, apiKey: expect.stringMatching(/^o311_/) });
    const post = () =>
      t
        .http()
        .post('/open311/v2/requests.json')
        .send({ api_key: created.body.apiKey, service_code: 'exposed_garbage', lat: at.lat, long: at.lng, description: '热线转来的' });
    expect((await post()).status).toBe(200);
    const list = await t.http().get('/api/v1/open311-clients').set('Authorization', `Bearer ${admin}`);
    expect(JSON.stringify(list.body)).not.toContain(created.body.apiKey);
    expect(list.body.map((c: { name: string }) => c.name)).toContain('12345 热线平台');
    expect(
      (await t.http().patch(`/api/v1/open311-clients/${created.body.id}`).set('Authorization', `Bearer ${admin}`).send({ active: false }))
        .status,
    ).toBe(200);
    expect((await post()).status).toBe(403);
    expect(
      (await t.http().patch('/api/v1/open311-clients/99999').set('Authorization', `Bearer ${admin}`).send({ active: false })).body.code,
    ).toBe('OPEN311_CLIENT_NOT_FOUND');
  });

  it('lists categories as services without a token', async () => {
    const res = await t.http().get('/open311/v2/services.json');
    expect(res.status).toBe(200);
    const garbage = res.body.find((s: { service_code: string }) => s.service_code === 'exposed_garbage');
    expect(garbage).toMatchObject({ service_name: '暴露垃圾 / 积存垃圾', metadata: false, type: 'realtime', group: '环卫' });
    expect(garbage.keywords).toContain('暴露垃圾');
    expect(garbage.description).toEqual(expect.any(String));
  });

  it('refuses a bad api_key with 403 in Open311 error format', async () => {
    const res = await t
      .http()
      .post('/open311/v2/requests.json')
      .type('form')
      .send({ api_key: 'wrong', service_code: 'exposed_garbage', lat: String(at.lat), long: String(at.lng), description: 'x' });
    expect(res.status).toBe(403);
    expect(res.body).toEqual([{ code: 403, description: expect.any(String) }]);
    const none = await t.http().post('/open311/v2/requests.json').send({ service_code: 'exposed_garbage', lat: at.lat, long: at.lng });
    expect(none.status).toBe(403);
  });

  it('creates a request through the report pipeline (form-encoded) and shows it in requests.json', async () => {
    const res = await t
      .http()
      .post('/open311/v2/requests.json')
      .type('form')
      .send({
        api_key: KEY,
        service_code: 'exposed_garbage',
        lat: String(at.lat),
        long: String(at.lng),
        description: '路边垃圾没人清',
        first_name: '小明',
        phone: '13900000000',
        media_url: 'https://example.org/a.jpg',
      });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      { service_request_id: expect.stringMatching(/^\d+$/), service_notice: expect.any(String), account_id: null },
    ]);
    const id = res.body[0].service_request_id;
    const report = await t.db.getRepository(Report).findOneByOrFail({ id: Number(id) });
    expect(report).toMatchObject({ source: 'open311', contactName: '小明', contactPhone: '13900000000' });
    const c = await t.db.getRepository(Case).findOneByOrFail({ id: report.caseId });
    expect(c.status).toBe('submitted');
    expect(c.triage?.routing?.departmentId).toEqual(expect.any(Number));
    expect((c.triage as { open311?: { mediaUrl: string } }).open311?.mediaUrl).toBe('https://example.org/a.jpg');

    const list = await t.http().get('/open311/v2/requests.json');
    expect(list.status).toBe(200);
    const item = list.body.find((r: { service_request_id: string }) => r.service_request_id === id);
    expect(item).toMatchObject({
      status: 'open',
      service_code: 'exposed_garbage',
      requested_datetime: expect.any(String),
      updated_datetime: expect.any(String),
      address: '测试网格一',
    });
    expect(item.lat).toBeCloseTo(at.lat, 2);
    expect(item.long).toBeCloseTo(at.lng, 2);
    expect(JSON.stringify(item)).not.toContain('13900000000');

    const one = await t.http().get(`/open311/v2/requests/${id}.json`);
    expect(one.status).toBe(200);
    expect(one.body).toHaveLength(1);
    expect(one.body[0].service_request_id).toBe(id);

    // Filters.
    expect(
      (await t.http().get('/open311/v2/requests.json').query({ status: 'closed' })).body.map(
        (r: { service_request_id: string }) => r.service_request_id,
      ),
    ).not.toContain(id);
    expect((await t.http().get('/open311/v2/requests.json').query({ service_code: 'piling' })).body).toEqual([]);
    expect(
      (
        await t
          .http()
          .get('/open311/v2/requests.json')
          .query({ service_request_id: `${id},999999` })
      ).body,
    ).toHaveLength(1);
    expect((await t.http().get('/open311/v2/requests.json').query({ end_date: '2020-01-01T00:00:00Z' })).body).toEqual([]);
    await t.db.getRepository(Case).update({ id: c.id }, { status: 'closed' });
    expect((await t.http().get('/open311/v2/requests.json').query({ status: 'closed' })).body[0]).toMatchObject({
      service_request_id: id,
      status: 'closed',
    });
  });

  it('accepts JSON too, and answers errors in its own format', async () => {
    const ok = await t.http().post('/open311/v2/requests.json').send({ api_key: KEY, service_code: 'piling', lat: at.lat, long: at.lng });
    expect(ok.status).toBe(200);
    const unknown = await t
      .http()
      .post('/open311/v2/requests.json')
      .send({ api_key: KEY, service_code: 'nope', lat: at.lat, long: at.lng });
    expect([unknown.status, unknown.body[0].code]).toEqual([400, 400]);
    const outside = await t.http().post('/open311/v2/requests.json').send({ api_key: KEY, service_code: 'piling', lat: 10, long: 10 });
    expect(outside.status).toBe(422);
    expect(outside.body).toEqual([{ code: 422, description: expect.any(String) }]);
    const noCoords = await t
      .http()
      .post('/open311/v2/requests.json')
      .send({ api_key: KEY, service_code: 'piling', address_string: '某路 1 号' });
    expect(noCoords.status).toBe(400);
    const missing = await t.http().get('/open311/v2/requests/99999999.json');
    expect([missing.status, missing.body[0].code]).toEqual([404, 404]);
    const badDate = await t.http().get('/open311/v2/requests.json').query({ start_date: 'yesterday' });
    expect([badDate.status, badDate.body[0].code]).toEqual([400, 400]);
  });

  it("refuses a media_url on a loopback, private or link-local host (it would be shown to staff as the reporter's photo)", async () => {
    for (const media_url of [
      'http://127.0.0.1:3000/x.jpg',
      'http://169.254.169.254/latest',
      'http://[::1]/a.jpg',
      'http://localhost/a.jpg',
      'http://192.168.1.1/a.jpg',
    ]) {
      const res = await t
        .http()
        .post('/open311/v2/requests.json')
        .send({ api_key: KEY, service_code: 'piling', lat: at.lat, long: at.lng, media_url });
      expect([res.status, res.body[0].code]).toEqual([400, 400]);
      expect(res.body[0].description).toMatch(/media_url/);
    }
  });
});
