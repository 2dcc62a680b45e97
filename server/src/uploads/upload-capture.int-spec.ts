import sharp from 'sharp';
import { loginResident, staffToken } from '../testing/factories-auth';
import { startTestApp, type TestApp } from '../testing/test-app';
import { Photo } from './photo.entity';

const jpeg = (colour: string) =>
  sharp({ create: { width: 320, height: 240, channels: 3, background: colour } })
    .composite([
      { input: Buffer.from('<svg width="120" height="80"><circle cx="60" cy="40" r="30" fill="#fff"/></svg>'), top: 50, left: 60 },
    ])
    .jpeg();

/** docs/domain.md §14: POST /uploads takes what the phone knew at capture time and keeps it, with the original's EXIF, on the photo. */
describe('POST /uploads capture facts', () => {
  let t: TestApp;
  let resident: { token: string };
  let inspector: { token: string };
  const upload = (token: string, data: Buffer, fields: Record<string, string> = {}) => {
    const req = t.http().post('/api/v1/uploads').set('Authorization', `Bearer ${token}`);
    for (const [k, v] of Object.entries(fields)) req.field(k, v);
    return req.attach('file', data, { filename: 'p.jpg', contentType: 'image/jpeg' });
  };

  beforeAll(async () => {
    t = await startTestApp();
    resident = await loginResident(t, 'capture-resident');
    inspector = await staffToken(t, ['inspector']);
  });
  afterAll(async () => t?.close());

  it('stores the declared location, accuracy, time and source and answers them as capture', async () => {
    const res = await upload(inspector.token, await jpeg('#445566').toBuffer(), {
      capturedAt: '2026-12-05T09:30:00+08:00',
      lat: '31.2304',
      lng: '121.4737',
      accuracyM: '12.5',
      source: 'camera',
    });
    expect(res.status).toBe(201);
    expect(res.body.capture).toEqual({ lat: 31.2304, lng: 121.4737, at: '2026-12-05T01:30:00.000Z', source: 'camera', accuracyM: 12.5 });
    const row = await t.db.getRepository(Photo).findOneByOrFail({ id: res.body.id });
    expect([row.captureLat, row.captureLng, row.captureAccuracyM, row.captureSource]).toEqual([31.2304, 121.4737, 12.5, 'camera']);
    expect(row.captureAt?.toISOString()).toBe('2026-12-05T01:30:00.000Z');
  });

  it('answers nulls where nothing was declared (a desk upload)', async () => {
    const res = await upload(inspector.token, await jpeg('#665544').toBuffer());
    expect(res.status).toBe(201);
    expect(res.body.capture).toEqual({ lat: null, lng: null, at: null, source: null, accuracyM: null });
  });

  it('reads EXIF GPS and time from the original before stripping them, when the uploader declares capture facts', async () => {
    const original = await jpeg('#224466')
      .withExif({
        IFD2: { DateTimeOriginal: '2026:12:05 09:00:00' },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '31/1 13/1 48/1', GPSLongitudeRef: 'E', GPSLongitude: '121/1 28/1 12/1' },
      })
      .toBuffer();
    const res = await upload(resident.token, original, { source: 'album' });
    expect(res.status).toBe(201);
    expect(res.body.capture.source).toBe('album');
    const row = await t.db.getRepository(Photo).findOneByOrFail({ id: res.body.id });
    expect(row.gpsLat).toBeCloseTo(31.23, 5);
    expect(row.gpsLng).toBeCloseTo(121.47, 5);
    expect(row.takenAt?.toISOString()).toBe('2026-12-05T09:00:00.000Z');
  });

  it.each([
    [{ source: 'gallery' }, 'source'],
    [{ lat: '95', lng: '121' }, 'lat'],
    [{ lat: 'north', lng: '121' }, 'lat'],
    [{ capturedAt: 'yesterday' }, 'capturedAt'],
    [{ accuracyM: '-3', lat: '31', lng: '121' }, 'accuracyM'],
  ])('refuses invalid capture fields %j with 400 naming the field', async (fields, field) => {
    const res = await upload(inspector.token, await jpeg('#123456').toBuffer(), fields as Record<string, string>);
    expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(JSON.stringify(res.body)).toContain(field);
  });

  it('refuses a latitude without a longitude', async () => {
    const res = await upload(inspector.token, await jpeg('#123456').toBuffer(), { lat: '31.2' });
    expect([res.status, res.body.code]).toEqual([422, 'CAPTURE_LOCATION_INCOMPLETE']);
  });
});
