import { startFakeS3 } from '../../testing/fake-s3';
import { S3Storage } from './s3-storage';

describe('S3Storage against an S3-compatible server (real client, real HTTP)', () => {
  let fake: Awaited<ReturnType<typeof startFakeS3>>;
  let sut: S3Storage;

  beforeAll(async () => {
    fake = await startFakeS3('test-key');
    sut = new S3Storage({
      endpoint: fake.url,
      bucket: 'photos',
      region: 'us-east-1',
      accessKeyId: 'test-key',
      secretAccessKey: 'test-secret',
    });
  });
  afterAll(() => {
    sut.destroy();
    fake.server.close();
  });

  it('puts, gets and deletes an object with path-style addressing', async () => {
    const data = Buffer.from([0xff, 0xd8, 0xff, 1, 2, 3, 4, 5]);
    await sut.put('2026/11/23/abc.jpg', data, 'image/jpeg');
    expect(fake.objects.get('/photos/2026/11/23/abc.jpg')).toEqual({ body: data, type: 'image/jpeg' });
    expect(await sut.get('2026/11/23/abc.jpg')).toEqual(data);
    await sut.delete('2026/11/23/abc.jpg');
    expect(fake.objects.size).toBe(0);
    expect(fake.requests).toEqual([
      'PUT /photos/2026/11/23/abc.jpg',
      'GET /photos/2026/11/23/abc.jpg',
      'DELETE /photos/2026/11/23/abc.jpg',
    ]);
  });

  it('answers null for a missing key', async () => {
    expect(await sut.get('2026/missing.jpg')).toBeNull();
  });

  it('surfaces a refusal by the store as an error', async () => {
    const wrong = new S3Storage({
      endpoint: fake.url,
      bucket: 'photos',
      region: 'us-east-1',
      accessKeyId: 'other-key',
      secretAccessKey: 'x',
    });
    await expect(wrong.put('a.jpg', Buffer.from('x'), 'image/jpeg')).rejects.toThrow();
    wrong.destroy();
  });

  it('refuses keys that could escape the bucket prefix', async () => {
    await expect(sut.put('../etc/passwd', Buffer.from('x'), 'text/plain')).rejects.toThrow(/invalid storage key/);
  });
});
