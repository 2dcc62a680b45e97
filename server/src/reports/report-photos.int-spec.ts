import sharp from 'sharp';
import { newRequestId, REPORT_TEST_AREA, residentLogin, seedReportTestPlaces, staffToken, uploadScene } from '../testing/factories-reports';
import { startTestApp, type TestApp } from '../testing/test-app';
import { Photo } from '../uploads/photo.entity';
import { PhotosService } from '../uploads/photos.service';
import { ReportPhotos } from './report-photos';

const { centre } = REPORT_TEST_AREA;
const PHOTO_DTO_KEYS = ['height', 'id', 'thumbUrl', 'url', 'width'];

/** Photos of a report as the resident who sent it and as staff see them (signed URLs, hidden photos, no EXIF fields). */
describe('report photos for residents and staff', () => {
  let t: TestApp;
  let alice: { token: string; userId: number };
  let dispatcher: { token: string };
  const get = (token: string, url: string) => t.http().get(url).set('Authorization', `Bearer ${token}`);
  /** The signed photo URL fetched as a browser would (no bearer token). */
  const fetchPhoto = (url: string) => {
    const u = new URL(url);
    return t.http().get(u.pathname + u.search);
  };

  beforeAll(async () => {
    t = await startTestApp();
    await seedReportTestPlaces(t.db);
    alice = await residentLogin(t, 'photo-alice');
    dispatcher = await staffToken(t, 'photo-dispatcher', ['dispatcher']);
  });
  afterAll(async () => t?.close());

  it('residents get plain URLs and none for a hidden photo; staff get staff URLs that open hidden photos; neither gets EXIF fields', async () => {
    const red = await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 255, g: 0, b: 0 } } }).jpeg().toBuffer();
    const up = await t.http().post('/api/v1/uploads').set('Authorization', `Bearer ${alice.token}`).attach('file', red, { filename: 'red.jpg', contentType: 'image/jpeg' });
    expect(up.status).toBe(201);
    const risky = up.body.id as number;
    const fine = await uploadScene(t, alice.token, 6161);
    const created = await t
      .http()
      .post('/api/v1/reports')
      .set('Authorization', `Bearer ${alice.token}`)
      .send({ kind: 'snap', categoryCode: 'exposed_garbage', location: centre, photoIds: [risky, fine], clientRequestId: newRequestId('vis') });
    expect(created.status).toBe(201);
    const photos = t.db.getRepository(Photo);
    for (let i = 0; i < 100 && (await photos.findOneByOrFail({ id: risky })).contentCheck !== 'risky'; i++) await new Promise((r) => setTimeout(r, 100));
    expect((await photos.findOneByOrFail({ id: risky })).contentCheck).toBe('risky');
    // The resident consented to keep the location: stored as fields, never handed out in a photo DTO.
    await photos.update({ id: fine }, { gpsLat: 31.2345678, gpsLng: 121.4567891, takenAt: new Date('2026-05-01T08:00:00Z') });

    const resident = await get(alice.token, `/api/v1/reports/${created.body.id}`);
    expect(resident.status).toBe(200);
    const [rRisky, rFine] = resident.body.photos;
    expect(rRisky).toEqual({ id: risky, url: '', thumbUrl: '', width: 640, height: 480, hidden: true });
    expect(Object.keys(rFine).sort()).toEqual(PHOTO_DTO_KEYS);
    expect(rFine.url).not.toContain('st=1');
    expect((await fetchPhoto(rFine.url)).status).toBe(200);
    expect(JSON.stringify(resident.body)).not.toMatch(/gpsLat|gpsLng|takenAt|ownerUserId|31\.2345678|121\.4567891/);
    // A resident-signed URL of the hidden photo does not open it.
    expect((await fetchPhoto(t.app.get(PhotosService).url(risky, 'image', false))).status).toBeGreaterThanOrEqual(400);
    const mine = await get(alice.token, '/api/v1/reports/mine');
    expect(mine.body.items.find((r: { id: number }) => r.id === created.body.id).photos).toEqual(resident.body.photos);

    const staff = await get(dispatcher.token, `/api/v1/reports/${created.body.id}`);
    expect(staff.status).toBe(200);
    const [sRisky, sFine] = staff.body.photos;
    expect(sRisky).toMatchObject({ id: risky, hidden: true, url: expect.stringContaining('st=1'), thumbUrl: expect.stringContaining('st=1') });
    expect(sFine.url).toContain('st=1');
    expect(Object.keys(sFine).sort()).toEqual(PHOTO_DTO_KEYS);
    const opened = await fetchPhoto(sRisky.url);
    expect([opened.status, opened.headers['content-type']]).toEqual([200, 'image/jpeg']);
    expect(JSON.stringify(staff.body)).not.toMatch(/gpsLat|gpsLng|31\.2345678/);
  });

  it('stores a generated image as the given owner (demo data), who can then report with it', async () => {
    const id = await t.app.get(ReportPhotos).createScene(6262, alice.userId);
    expect((await t.db.getRepository(Photo).findOneByOrFail({ id })).ownerUserId).toBe(alice.userId);
    const res = await t
      .http()
      .post('/api/v1/reports')
      .set('Authorization', `Bearer ${alice.token}`)
      .send({ kind: 'snap', categoryCode: 'exposed_garbage', location: centre, photoIds: [id], clientRequestId: newRequestId('gen') });
    expect(res.status).toBe(201);
    expect(res.body.photos.map((p: { id: number }) => p.id)).toEqual([id]);
  });
});
