import etag from 'etag';
import { startTestApp, type TestApp } from '../../testing/test-app';

/** API answers keep Express's ETags (clients hold them) and their 304s; lengths count bytes, not characters. */
describe('ETags of API answers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('tags a JSON answer with the weak ETag of its bytes and answers 304 to that tag', async () => {
    const res = await fetch(`${t.baseUrl}/api/v1/geo/map-config`);
    expect(res.status).toBe(200);
    const body = Buffer.from(await res.arrayBuffer());
    expect(res.headers.get('etag')).toBe(etag(body, { weak: true }));
    expect(Number(res.headers.get('content-length'))).toBe(body.length);
    // supertest: fetch adds Cache-Control: no-cache to a request with If-None-Match, which always gets the full answer.
    const again = await t.http().get('/api/v1/geo/map-config').set('If-None-Match', res.headers.get('etag')!);
    expect(again.status).toBe(304);
    expect(again.headers['content-length']).toBeUndefined();
    expect(again.text).toBe('');
  });

  it('counts the bytes of a Chinese message in Content-Length and in the tag', async () => {
    const res = await fetch(`${t.baseUrl}/api/v1/no-such-route`);
    expect(res.status).toBe(404);
    const text = await res.text();
    expect(JSON.parse(text).message).toMatch(/[\u4e00-\u9fff]/);
    expect(Number(res.headers.get('content-length'))).toBe(Buffer.byteLength(text));
    expect(res.headers.get('etag')).toBe(etag(text, { weak: true }));
  });
});
