import sharp from 'sharp';
import { startFakeS3 } from '../testing/fake-s3';
import { loginResident } from '../testing/factories-auth';
import { startTestApp, type TestApp } from '../testing/test-app';

describe('uploads with STORAGE_DRIVER=s3 (the whole server against an S3-compatible store)', () => {
  let fake: Awaited<ReturnType<typeof startFakeS3>>;
  let t: TestApp;

  beforeAll(async () => {
    fake = await startFakeS3('s3-test-key');
    t = await startTestApp({
      STORAGE_DRIVER: 's3',
      S3_ENDPOINT: fake.url,
      S3_BUCKET: 'sansui-photos',
      S3_ACCESS_KEY_ID: 's3-test-key',
      S3_SECRET_ACCESS_KEY: 's3-test-secret',
    });
  });
  afterAll(async () => {
    await t.close();
    fake.server.close();
  });

  it('stores the image and its thumbnail in the bucket and serves them back through signed URLs', async () => {
    const { token } = await loginResident(t, 's3-alice');
    const jpeg = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#3366aa' } })
      .jpeg()
      .toBuffer();
    const res = await t.http().post('/api/v1/uploads').set('Authorization', `Bearer ${token}`).attach('file', jpeg, 'p.jpg').expect(201);
    const keys = [...fake.objects.keys()];
    expect(keys).toHaveLength(2);
    expect(keys.every((k) => k.startsWith('/sansui-photos/'))).toBe(true);
    const u = new URL(res.body.thumbUrl);
    const thumb = await t
      .http()
      .get(u.pathname + u.search)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c)).on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(await sharp(thumb.body as Buffer).metadata()).toMatchObject({ width: 320, height: 240 });
    expect(fake.requests.filter((r) => r.startsWith('GET'))).toHaveLength(1);
  });
});
