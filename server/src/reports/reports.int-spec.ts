import sharp from 'sharp';
import { CaseEvent } from '../cases/case-event.entity';
import { Case } from '../cases/case.entity';
import { Category } from '../categories/category.entity';
import { ReopenRequestsService } from '../cases/reopen-requests.service';
import { ImageCheckQueue } from './image-check-queue';
import { ImageCheckSweeper } from './image-check-sweeper.job';
import { Photo } from '../uploads/photo.entity';
import { Report } from './report.entity';
import {
  newRequestId,
  REPORT_TEST_AREA,
  residentLogin,
  seedReportTestPlaces,
  staffToken,
  uploadScene,
  type ReportTestPlaces,
} from '../testing/factories-reports';
import { startTestApp, type TestApp } from '../testing/test-app';

const { centre } = REPORT_TEST_AREA;

describe('reports over HTTP', () => {
  let t: TestApp;
  let places: ReportTestPlaces;
  let alice: { token: string; userId: number };
  let bob: { token: string; userId: number };
  let seed = 100;
  const auth = (tok: string) => ({ Authorization: `Bearer ${tok}` });
  const post = (tok: string, body: unknown) =>
    t
      .http()
      .post('/api/v1/reports')
      .set(auth(tok))
      .send(body as object);
  const snap = async (tok: string, extra: Record<string, unknown> = {}) => ({
    kind: 'snap',
    categoryCode: 'exposed_garbage',
    description: '路口有一堆垃圾',
    location: centre,
    photoIds: [await uploadScene(t, tok, seed++)],
    clientRequestId: newRequestId(),
    ...extra,
  });

  beforeAll(async () => {
    t = await startTestApp();
    places = await seedReportTestPlaces(t.db);
    alice = await residentLogin(t, 'alice');
    bob = await residentLogin(t, 'bob');
  });
  afterAll(async () => t?.close());

  it('runs the resident flow: login → upload → report → mine → detail with timeline', async () => {
    const photoIds = [await uploadScene(t, alice.token, seed++), await uploadScene(t, alice.token, seed++)];
    const body = {
      kind: 'snap',
      categoryCode: 'exposed_garbage',
      description: '小区门口垃圾堆了两天',
      location: centre,
      photoIds,
      clientRequestId: newRequestId('flow'),
      deviceLocation: { lat: centre.lat + 0.0001, lng: centre.lng },
      locationAccuracyM: 12,
    };
    const created = await post(alice.token, body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      kind: 'snap',
      categoryCode: 'exposed_garbage',
      status: 'submitted',
      statusText: '已提交，等待受理',
      source: 'miniapp',
      location: centre,
    });
    expect(created.body.photos.map((p: { id: number }) => p.id)).toEqual(photoIds);
    expect(typeof created.body.photos[0].url).toBe('string');

    const c = await t.db.getRepository(Case).findOneByOrFail({ id: created.body.caseId });
    expect(c).toMatchObject({
      status: 'submitted',
      gridId: places.gridAId,
      primaryReportId: created.body.id,
      cellKey: expect.stringMatching(/^[0-9a-z]{7}$/),
    });
    expect(c.triage?.serviceArea?.gridId).toBe(places.gridAId);
    expect(c.triage?.routing?.departmentId).toBe(places.departments.sanitation.id);
    expect(c.triage?.routing?.explanation).toEqual(expect.any(String));
    expect(c.triage?.contentCheck).toMatchObject({ text: 'pass' });

    const mine = await t.http().get('/api/v1/reports/mine').set(auth(alice.token));
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ page: 1, pageSize: 20 });
    expect(mine.body.items[0].id).toBe(created.body.id);
    expect(mine.body.total).toBeGreaterThanOrEqual(1);

    const detail = await t.http().get(`/api/v1/reports/${created.body.id}`).set(auth(alice.token));
    expect(detail.status).toBe(200);
    expect(detail.body.timeline).toEqual([expect.objectContaining({ action: 'submit', text: '您的上报已提交', toStatus: 'submitted' })]);
    expect(detail.body).toMatchObject({ canGiveFeedback: false, feedback: null, departmentName: null });

    // Someone else's report does not exist for bob; staff may read it.
    expect((await t.http().get(`/api/v1/reports/${created.body.id}`).set(auth(bob.token))).status).toBe(404);
    const staff = await staffToken(t, 'reader-dispatcher', ['dispatcher']);
    expect((await t.http().get(`/api/v1/reports/${created.body.id}`).set(auth(staff.token))).status).toBe(200);
  });

  it('returns the first report for a retried clientRequestId, sequentially and under 5 concurrent requests', async () => {
    const body = await snap(alice.token);
    const first = await post(alice.token, body);
    expect(first.status).toBe(201);
    const again = await post(alice.token, body);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);

    const racing = await snap(alice.token);
    const results = await Promise.all(Array.from({ length: 5 }, () => post(alice.token, racing)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(await t.db.getRepository(Report).countBy({ clientRequestId: racing.clientRequestId })).toBe(1);
    expect(await t.db.getRepository(Case).countBy({ primaryReportId: results[0].body.id })).toBe(1);

    // The same id from another user is another report.
    const bobs = await post(bob.token, { ...(await snap(bob.token)), clientRequestId: body.clientRequestId });
    expect(bobs.status).toBe(201);
    expect(bobs.body.id).not.toBe(first.body.id);
  });

  it('answers bad input with the right status and code', async () => {
    const photo = () => uploadScene(t, alice.token, seed++);
    const ten = await Promise.all(Array.from({ length: 10 }, photo));
    await t.db.getRepository(Category).update({ code: 'smoking' }, { enabled: false });
    const bobsPhoto = await uploadScene(t, bob.token, seed++);
    const cases: [string, () => Promise<unknown>, number, string][] = [
      ['kind of the wrong type', async () => ({ ...(await snap(alice.token)), kind: 5 }), 400, 'VALIDATION_FAILED'],
      ['location as a string', async () => ({ ...(await snap(alice.token)), location: 'here' }), 400, 'VALIDATION_FAILED'],
      [
        'lat as a string',
        async () => ({ ...(await snap(alice.token)), location: { lat: '31.23', lng: 121.47 } }),
        400,
        'VALIDATION_FAILED',
      ],
      ['photoIds as a string', async () => ({ ...(await snap(alice.token)), photoIds: '1,2' }), 400, 'VALIDATION_FAILED'],
      ['photoIds with non-integers', async () => ({ ...(await snap(alice.token)), photoIds: [1.5] }), 400, 'VALIDATION_FAILED'],
      ['unknown field', async () => ({ ...(await snap(alice.token)), isAdmin: true }), 400, 'VALIDATION_FAILED'],
      [
        'description of 501 characters',
        async () => ({ ...(await snap(alice.token)), description: '脏'.repeat(501) }),
        422,
        'DESCRIPTION_TOO_LONG',
      ],
      [
        'huge description string',
        async () => ({ ...(await snap(alice.token)), description: 'x'.repeat(200_000) }),
        400,
        'VALIDATION_FAILED',
      ],
      ['unknown category', async () => ({ ...(await snap(alice.token)), categoryCode: 'no_such_thing' }), 422, 'CATEGORY_UNKNOWN'],
      ['disabled category', async () => ({ ...(await snap(alice.token)), categoryCode: 'smoking' }), 422, 'CATEGORY_DISABLED'],
      [
        'latitude out of range',
        async () => ({ ...(await snap(alice.token)), location: { lat: 91, lng: 121.47 } }),
        422,
        'LOCATION_INVALID',
      ],
      [
        'longitude out of range',
        async () => ({ ...(await snap(alice.token)), location: { lat: 31.23, lng: -181 } }),
        422,
        'LOCATION_INVALID',
      ],
      [
        'outside the service area',
        async () => ({ ...(await snap(alice.token)), location: REPORT_TEST_AREA.outside }),
        422,
        'OUTSIDE_SERVICE_AREA',
      ],
      ['no photo', async () => ({ ...(await snap(alice.token)), photoIds: [] }), 422, 'PHOTO_COUNT_INVALID'],
      ['ten photos', async () => ({ ...(await snap(alice.token)), photoIds: ten }), 422, 'PHOTO_COUNT_INVALID'],
      ['pickup without an after photo', async () => ({ ...(await snap(alice.token)), kind: 'pickup' }), 422, 'PICKUP_PHOTOS_REQUIRED'],
      [
        'clientRequestId too short',
        async () => ({ ...(await snap(alice.token)), clientRequestId: 'abc' }),
        422,
        'CLIENT_REQUEST_ID_INVALID',
      ],
      [
        'clientRequestId with spaces',
        async () => ({ ...(await snap(alice.token)), clientRequestId: 'abc def ghi' }),
        422,
        'CLIENT_REQUEST_ID_INVALID',
      ],
      ['a photo that does not exist', async () => ({ ...(await snap(alice.token)), photoIds: [987654] }), 422, 'PHOTO_NOT_FOUND'],
      ["someone else's photo", async () => ({ ...(await snap(alice.token)), photoIds: [bobsPhoto] }), 422, 'PHOTO_NOT_OWNED'],
      ['risky text (content check)', async () => ({ ...(await snap(alice.token)), description: '代开发票，联系我' }), 422, 'CONTENT_RISKY'],
      ['hotline source from a resident', async () => ({ ...(await snap(alice.token)), source: 'hotline' }), 403, 'FORBIDDEN'],
    ];
    for (const [name, body, status, code] of cases) {
      const res = await post(alice.token, await body());
      expect({ name, status: res.status, code: res.body.code }).toEqual({ name, status, code });
    }
    // Nothing of the above created a report beyond the earlier tests' ones.
    const raw = (s: string) => t.http().post('/api/v1/reports').set(auth(alice.token)).set('Content-Type', 'application/json').send(s);
    const malformed = await raw('{"kind": "snap", ');
    expect([malformed.status, malformed.body.code]).toEqual([400, 'MALFORMED_JSON']);
    const infinite = await raw(JSON.stringify(await snap(alice.token)).replace(/"lat":[0-9.]+/, '"lat":1e400'));
    expect([infinite.status, infinite.body.code]).toEqual([422, 'LOCATION_INVALID']);
    const tooBig = await raw(JSON.stringify({ ...(await snap(alice.token)), description: 'x'.repeat(2_000_000) }));
    expect([tooBig.status, tooBig.body.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const noToken = await t
      .http()
      .post('/api/v1/reports')
      .send(await snap(alice.token));
    expect([noToken.status, noToken.body.code]).toEqual([401, 'UNAUTHENTICATED']);
    const forged = await t
      .http()
      .post('/api/v1/reports')
      .set('Authorization', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJpZCI6MX0.forged')
      .send(await snap(alice.token));
    expect([forged.status, forged.body.code]).toEqual([401, 'TOKEN_INVALID']);
  });

  it('never answers odd bodies with a 500', async () => {
    const valid = await snap(alice.token);
    const odd: unknown[] = [
      null,
      [],
      'text',
      42,
      {},
      { ...valid, location: null },
      { ...valid, location: [31, 121] },
      { ...valid, location: { lat: null, lng: null } },
      { ...valid, photoIds: [null] },
      { ...valid, photoIds: [1e20] },
      { ...valid, photoIds: [-1] },
      { ...valid, photoIds: [[1]] },
      { ...valid, description: null },
      { ...valid, description: { a: 1 } },
      { ...valid, clientRequestId: 12345678 },
      { ...valid, deviceLocation: { lat: 'x', lng: 1 } },
      { ...valid, deviceLocation: { lat: 200, lng: 1 } },
      { ...valid, locationAccuracyM: 1e308 },
      { ...valid, categoryCode: ['exposed_garbage'] },
      { ...valid, categoryCode: 'x'.repeat(70) },
      { ...valid, kind: null },
      { ...valid, afterPhotoIds: 'x' },
      { ...valid, source: 'open311' },
      { ...valid, contactPhone: '1'.repeat(30) },
      { ...valid, __proto__: { admin: true } },
      { ...valid, constructor: { prototype: { x: 1 } } },
    ];
    for (const body of odd) {
      const res = await t
        .http()
        .post('/api/v1/reports')
        .set(auth(alice.token))
        .set('Content-Type', 'application/json')
        .send(JSON.stringify(body));
      expect({ body, status: res.status < 500, envelope: res.status < 300 || typeof res.body.code === 'string' }).toEqual({
        body,
        status: true,
        envelope: true,
      });
    }
  });

  it('rejects bad uploads: a text file named .jpg and an oversized image', async () => {
    const text = await t
      .http()
      .post('/api/v1/uploads')
      .set(auth(alice.token))
      .attach('file', Buffer.from('this is not an image at all\n'.repeat(50)), { filename: 'photo.jpg', contentType: 'image/jpeg' });
    expect([text.status, text.body.code]).toEqual([415, 'PHOTO_TYPE_UNSUPPORTED']);
    const big = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(11 * 1024 * 1024, 1)]);
    const huge = await t
      .http()
      .post('/api/v1/uploads')
      .set(auth(alice.token))
      .attach('file', big, { filename: 'big.jpg', contentType: 'image/jpeg' });
    expect([huge.status, huge.body.code]).toEqual([413, 'PHOTO_TOO_LARGE']);
  });

  it('accepts text the content check wants reviewed, flagged for the dispatcher', async () => {
    const res = await post(alice.token, await snap(alice.token, { description: '这里有点敏感，请看一下' }));
    expect(res.status).toBe(201);
    expect(res.body.contentCheck).toBe('review');
    const c = await t.db.getRepository(Case).findOneByOrFail({ id: res.body.caseId });
    expect(c.flagged).toBe(true);
    expect(c.triage?.contentCheck).toMatchObject({ text: 'review' });
  });

  it('enters triage with photos pending; a risky image verdict later hides the photo and flags the case', async () => {
    const red = await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 255, g: 0, b: 0 } } })
      .jpeg()
      .toBuffer();
    const up = await t
      .http()
      .post('/api/v1/uploads')
      .set(auth(alice.token))
      .attach('file', red, { filename: 'red.jpg', contentType: 'image/jpeg' });
    expect(up.status).toBe(201);
    const fine = await uploadScene(t, alice.token, seed++);
    const res = await post(
      alice.token,
      await snap(alice.token, { photoIds: [up.body.id, fine], location: { lat: centre.lat - 0.004, lng: centre.lng - 0.004 } }),
    );
    expect(res.status).toBe(201);
    expect(res.body.contentCheck).toBe('pending');
    const photos = t.db.getRepository(Photo);
    for (let i = 0; i < 100 && (await photos.findOneByOrFail({ id: up.body.id })).contentCheck !== 'risky'; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect((await photos.findOneByOrFail({ id: up.body.id })).contentCheck).toBe('risky');
    const detail = await t.http().get(`/api/v1/reports/${res.body.id}`).set(auth(alice.token));
    expect(detail.body.photos[0]).toMatchObject({ id: up.body.id, hidden: true, url: '' });
    expect(detail.body.photos[1].url).toMatch(/^http/);
    expect(detail.body.contentCheck).toBe('risky');
    expect(detail.body.timeline.map((e: { action: string }) => e.action)).toEqual(['submit']);
    expect((await t.db.getRepository(Case).findOneByOrFail({ id: res.body.caseId })).flagged).toBe(true);
    const nearby = await t
      .http()
      .get('/api/v1/reports/nearby')
      .query({ lat: centre.lat - 0.004, lng: centre.lng - 0.004, radiusM: 100 })
      .set(auth(bob.token));
    expect(nearby.body.map((n: { caseId: number }) => n.caseId)).not.toContain(res.body.caseId);
  });

  it('submits photos whose media check was never started (crash after commit) from the sweeper, once', async () => {
    const res = await post(alice.token, await snap(alice.token));
    const photoId = res.body.photos[0].id;
    const photos = t.db.getRepository(Photo);
    // The submission runs after the answer (ImageCheckQueue); let it finish, then undo it as a crash would have.
    await t.app.get(ImageCheckQueue).idle();
    await photos.update({ id: photoId }, { contentTraceId: null, contentCheck: 'pending' });
    const sweeper = t.app.get(ImageCheckSweeper);
    expect(await sweeper.sweep()).toBe(0); // within the grace period the inline submission owns it
    await t.db.getRepository(Report).update({ id: res.body.id }, { createdAt: new Date(Date.now() - 3 * 60_000) });
    const [a, b] = await Promise.all([sweeper.sweep(), sweeper.sweep()]);
    expect(a + b).toBe(1);
    expect((await photos.findOneByOrFail({ id: photoId })).contentTraceId).toMatch(/^sim-/);
    for (let i = 0; i < 100 && (await photos.findOneByOrFail({ id: photoId })).contentCheck === 'pending'; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect((await photos.findOneByOrFail({ id: photoId })).contentCheck).toBe('pass');
    expect(await sweeper.sweep()).toBe(0);
  });

  it('sets the source by role: inspector, and hotline intake by a dispatcher without photos', async () => {
    const inspector = await staffToken(t, 'inspector-1', ['inspector']);
    const byInspector = await post(inspector.token, await snap(inspector.token));
    expect([byInspector.status, byInspector.body.source]).toEqual([201, 'inspector']);

    const dispatcher = await staffToken(t, 'hotline-dispatcher', ['dispatcher']);
    const hotline = await post(dispatcher.token, {
      kind: 'snap',
      categoryCode: 'piling',
      description: '12345 来电：楼下堆了很多建筑垃圾',
      location: centre,
      photoIds: [],
      clientRequestId: newRequestId('hot'),
      source: 'hotline',
      contactName: '周先生',
      contactPhone: '13800000000',
    });
    expect([hotline.status, hotline.body.source]).toEqual([201, 'hotline']);
    const row = await t.db.getRepository(Report).findOneByOrFail({ id: hotline.body.id });
    expect(row).toMatchObject({ contactName: '周先生', contactPhone: '13800000000', source: 'hotline' });
    const c = await t.db.getRepository(Case).findOneByOrFail({ id: hotline.body.caseId });
    expect(c.source).toBe('hotline');
  });

  it('shows residents a friendly timeline without staff names, and takes feedback once the case is closed', async () => {
    const dispatcher = await staffToken(t, '王调度员', ['dispatcher']);
    const created = await post(alice.token, await snap(alice.token));
    const caseId = created.body.caseId;
    const fb = (body: unknown, tok = alice.token) =>
      t
        .http()
        .post(`/api/v1/reports/${created.body.id}/feedback`)
        .set(auth(tok))
        .send(body as object);

    expect((await fb({ satisfied: true })).body.code).toBe('FEEDBACK_NOT_ALLOWED');

    // Move the case along as the cases module would (events + state).
    const events = t.db.getRepository(CaseEvent);
    const dept = places.departments.sanitation;
    await events.save([
      events.create({
        caseId,
        action: 'accept',
        fromStatus: 'submitted',
        toStatus: 'accepted',
        actorUserId: dispatcher.userId,
        actorRole: 'dispatcher',
        note: null,
        photoIds: null,
        data: null,
      }),
      events.create({
        caseId,
        action: 'dispatch',
        fromStatus: 'accepted',
        toStatus: 'dispatched',
        actorUserId: dispatcher.userId,
        actorRole: 'dispatcher',
        note: null,
        photoIds: null,
        data: { departmentId: dept.id },
      }),
      events.create({
        caseId,
        action: 'verify_pass',
        fromStatus: 'resolved',
        toStatus: 'closed',
        actorUserId: dispatcher.userId,
        actorRole: 'dispatcher',
        note: null,
        photoIds: null,
        data: null,
      }),
    ]);
    await t.db.getRepository(Case).update({ id: caseId }, { status: 'closed', departmentId: dept.id, closedAt: new Date() });

    const detail = await t.http().get(`/api/v1/reports/${created.body.id}`).set(auth(alice.token));
    expect(detail.body).toMatchObject({ status: 'closed', statusText: '已解决', departmentName: dept.name, canGiveFeedback: true });
    expect(detail.body.timeline.map((e: { text: string }) => e.text)).toEqual([
      '您的上报已提交',
      '爱卫办已受理，正在安排处理',
      '已交给环卫部门处理',
      '经核查问题已解决，感谢您的参与',
    ]);
    expect(JSON.stringify(detail.body)).not.toContain('王调度员');
    expect(detail.body.timeline[1].actorName).toBe('爱卫办');

    expect((await fb({ satisfied: false, comment: '还是很脏' })).body.code).toBe('REOPEN_PHOTO_REQUIRED');
    expect((await fb({ satisfied: 'no' })).status).toBe(400);
    expect((await fb({ satisfied: true }, bob.token)).status).toBe(404);
    await t.db.getRepository(Case).update({ id: caseId }, { closedAt: new Date(Date.now() - 8 * 86400_000) });
    expect((await fb({ satisfied: false, photoIds: [await uploadScene(t, alice.token, seed++)] })).body.code).toBe('REOPEN_WINDOW_PASSED');
    await t.db.getRepository(Case).update({ id: caseId }, { closedAt: new Date(Date.now() - 2 * 86400_000) });

    const photo = await uploadScene(t, alice.token, seed++);
    const ok = await fb({ satisfied: false, comment: '还是很脏', photoIds: [photo] });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ canGiveFeedback: false, feedback: { satisfied: false, comment: '还是很脏' } });
    expect(ok.body.timeline.at(-1)).toMatchObject({ action: 'reopen_requested', text: '您反馈问题没有解决，爱卫办会尽快确认' });
    const pending = (await t.app.get(ReopenRequestsService).list({})).items;
    expect(pending).toEqual([expect.objectContaining({ reportId: created.body.id, caseId, status: 'pending', photoIds: [photo] })]);
    expect((await fb({ satisfied: true })).body.code).toBe('FEEDBACK_ALREADY_GIVEN');

    // The dispatcher reopens (cases module): the request is decided and the resident sees the case back with the department.
    const reopen = await t.http().post(`/api/v1/cases/${caseId}/reopen`).set(auth(dispatcher.token)).send({});
    expect(reopen.status).toBe(200);
    expect((await t.app.get(ReopenRequestsService).list({})).items).toEqual([]);
    const after = await t.http().get(`/api/v1/reports/${created.body.id}`).set(auth(alice.token));
    expect(after.body).toMatchObject({ status: 'dispatched', statusText: '已交给责任部门', canGiveFeedback: false });
    expect(after.body.timeline.at(-1).text).toBe('已重新派遣处理');
  });

  it('lists nearby reports coarsened and without personal data', async () => {
    await post(bob.token, await snap(bob.token, { location: { lat: centre.lat + 0.0021, lng: centre.lng + 0.0013 } }));
    const res = await t
      .http()
      .get('/api/v1/reports/nearby')
      .query({ lat: centre.lat, lng: centre.lng, radiusM: 500 })
      .set(auth(alice.token));
    expect(res.status).toBe(200);
    expect(res.body.length).toBeGreaterThan(0);
    for (const item of res.body) {
      expect(Object.keys(item).sort()).toEqual([
        'address',
        'caseId',
        'categoryCode',
        'createdAt',
        'distanceM',
        'location',
        'meTooCount',
        'open',
        'status',
        'statusText',
        'thumbUrl',
      ]);
      expect(Math.round(item.location.lat * 1000)).toBeCloseTo(item.location.lat * 1000, 6);
    }
    // A large radius scans the box instead of the (category × cell) index ranges: same answers inside the small circle.
    const wide = await t
      .http()
      .get('/api/v1/reports/nearby')
      .query({ lat: centre.lat, lng: centre.lng, radiusM: 5000 })
      .set(auth(alice.token));
    expect(wide.body.map((n: { caseId: number }) => n.caseId)).toEqual(
      expect.arrayContaining(res.body.map((n: { caseId: number }) => n.caseId)),
    );
    const far = await t.http().get('/api/v1/reports/nearby').query({ lat: 30, lng: 120, radiusM: 500 }).set(auth(alice.token));
    expect(far.body).toEqual([]);
    expect((await t.http().get('/api/v1/reports/nearby').query({ lat: 'x', lng: 1 }).set(auth(alice.token))).status).toBe(400);
  });
});
