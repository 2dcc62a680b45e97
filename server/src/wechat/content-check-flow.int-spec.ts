import sharp from 'sharp';
import { CaseEvent } from '../cases/case-event.entity';
import { Case } from '../cases/case.entity';
import { Photo } from '../uploads/photo.entity';
import { newRequestId, REPORT_TEST_AREA, residentLogin, seedReportTestPlaces, uploadScene } from '../testing/factories-reports';
import { startTestApp, type TestApp } from '../testing/test-app';

/**
 * The whole chain over HTTP: upload → report → media_check_async (real client → simulator) → the
 * simulator downloads the signed photo URL from this server → pushes the verdict → case flagged.
 */
describe('image content check from upload to flagged case', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ WECHAT_SIM_MEDIA_DELAY_MS: '20' });
    await seedReportTestPlaces(t.db);
  });
  afterAll(() => t.close());

  /** Polls for the state the verdict leaves; the bound only ends a broken run, well inside jest's 120 s. */
  async function until(fn: () => Promise<boolean>, ms = 60_000): Promise<void> {
    const end = Date.now() + ms;
    while (!(await fn())) {
      if (Date.now() > end) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('flags the case of a report whose photo is risky, and hides the photo from the resident', async () => {
    const alice = await residentLogin(t, 'flow-alice');
    const red = await sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 255, g: 0, b: 0 } } })
      .jpeg()
      .toBuffer();
    const up = await t
      .http()
      .post('/api/v1/uploads')
      .set('Authorization', `Bearer ${alice.token}`)
      .attach('file', red, { filename: 'red.jpg', contentType: 'image/jpeg' });
    expect([200, 201]).toContain(up.status);
    const fine = await uploadScene(t, alice.token, 7);
    const created = await t
      .http()
      .post('/api/v1/reports')
      .set('Authorization', `Bearer ${alice.token}`)
      .send({
        kind: 'snap',
        categoryCode: 'exposed_garbage',
        description: '路边垃圾',
        location: REPORT_TEST_AREA.centre,
        photoIds: [up.body.id, fine],
        clientRequestId: newRequestId('flag'),
      });
    expect(created.status).toBe(201);
    const caseId = created.body.caseId;

    await until(async () => (await t.db.getRepository(Case).findOneByOrFail({ id: caseId })).flagged);
    await until(async () => (await t.db.getRepository(Photo).findOneByOrFail({ id: fine })).contentCheck === 'pass');
    expect((await t.db.getRepository(Photo).findOneByOrFail({ id: up.body.id })).contentCheck).toBe('risky');
    expect(await t.db.getRepository(CaseEvent).count({ where: { caseId, action: 'content_flag' } })).toBe(1);

    const detail = await t.http().get(`/api/v1/reports/${created.body.id}`).set('Authorization', `Bearer ${alice.token}`);
    expect(detail.status).toBe(200);
    expect(detail.body.contentCheck).toBe('risky');
    const hidden = detail.body.photos.find((p: { id: number }) => p.id === up.body.id);
    expect(hidden).toMatchObject({ hidden: true, url: '' });
  });
});
