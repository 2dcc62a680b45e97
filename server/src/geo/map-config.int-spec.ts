import { startTestApp, type TestApp } from '../testing/test-app';

describe('GET /geo/map-config with a tile source configured', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      MAP_TILE_URL: 'https://rt{s}.map.gtimg.com/tile?z={z}&x={x}&y={-y}&styleid=1000&scene=0',
      MAP_TILE_SUBDOMAINS: '012',
      MAP_TILE_ATTRIBUTION: '© 腾讯地图',
    });
  });
  afterAll(() => t?.close());

  it('gives the clients the template without signing in, and lets the pages load images from the tile hosts', async () => {
    const res = await t.http().get('/api/v1/geo/map-config');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      tiles: {
        urlTemplate: 'https://rt{s}.map.gtimg.com/tile?z={z}&x={x}&y={-y}&styleid=1000&scene=0',
        attribution: '© 腾讯地图',
        subdomains: '012',
        maxZoom: 18,
      },
    });
    const csp = String(res.headers['content-security-policy']);
    const imgSrc = /img-src ([^;]*)/.exec(csp)?.[1].split(' ');
    expect(imgSrc).toEqual([
      "'self'",
      'data:',
      'blob:',
      'https://rt0.map.gtimg.com',
      'https://rt1.map.gtimg.com',
      'https://rt2.map.gtimg.com',
    ]);
    // Scripts and connections stay on this origin.
    expect(csp).toMatch(/connect-src 'self'(;|$)/);
  });
});
