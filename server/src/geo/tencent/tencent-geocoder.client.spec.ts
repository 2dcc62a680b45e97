import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppConfig } from '../../config/app-config';
import { simulatedReverseResult } from '../simulator/simulated-place';
import { TencentReverseGeocoder } from './tencent-geocoder.client';
import { tencentSig } from './tencent-signature';

describe('TencentReverseGeocoder: what it asks Tencent', () => {
  let server: Server;
  const asked: URL[] = [];
  const rawTargets: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      asked.push(url);
      rawTargets.push(req.url ?? '');
      const [lat, lng] = (url.searchParams.get('location') ?? '').split(',').map(Number);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ status: 0, message: 'query ok', result: simulatedReverseResult(lat, lng) }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(() => {
    asked.length = 0;
    rawTargets.length = 0;
  });

  const geocoderAt = (baseUrl: string, key: string, secretKey: string | null) =>
    new TencentReverseGeocoder({ geocoder: { enabled: true, key, secretKey, baseUrl, timeoutMs: 2_000, retries: 0 } } as AppConfig);
  const port = () => (server.address() as AddressInfo).port;

  it('signs by the SN rule: md5 of the path, "?", the parameters sorted by name unencoded, and the SK', async () => {
    await geocoderAt(`http://127.0.0.1:${port()}`, 'TEST-KEY', 'test-secret').reverse(30.2656, 120.1462);
    const documented = '/ws/geocoder/v1/?get_poi=1&key=TEST-KEY&location=30.2656,120.1462&poi_options=page_size=1;page_index=1test-secret';
    expect(asked[0].searchParams.get('sig')).toBe(createHash('md5').update(documented, 'utf8').digest('hex'));
  });

  it('sends the same bytes as the query built with URL and searchParams, point by point', async () => {
    // The request as the client built it before its query was written out by hand: two URLs and searchParams.set.
    const expected = (baseUrl: string, params: Record<string, string>, secretKey: string | null) => {
      const base = new URL(baseUrl);
      const url = new URL(`${base.pathname.replace(/\/$/, '')}/ws/geocoder/v1/`, base);
      const all = secretKey ? { ...params, sig: tencentSig('/ws/geocoder/v1/', params, secretKey) } : params;
      for (const [k, v] of Object.entries(all)) url.searchParams.set(k, v);
      return url.pathname + url.search;
    };
    const points: [number, number][] = [
      [30.2656, 120.1462],
      [-33.8688, -151.2093],
      [1e-7, 120],
      [30.123456789012344, 120.98765432109874],
      [0, -0.5],
    ];
    const setups: [string, string, string | null][] = [
      [`http://127.0.0.1:${port()}`, 'TEST-KEY', 'test-secret'],
      [`http://127.0.0.1:${port()}/sim/tencent-map/`, 'K Y+;=&中/?', 's k+中'],
      [`http://127.0.0.1:${port()}/prefix?ignored=1`, 'NO-SK', null],
    ];
    for (const [baseUrl, key, secretKey] of setups) {
      const geocoder = geocoderAt(baseUrl, key, secretKey);
      for (const [lat, lng] of points) {
        rawTargets.length = 0;
        await geocoder.reverse(lat, lng).catch(() => undefined); // far from the demo city: no result, same request
        const params = { location: `${lat},${lng}`, key, get_poi: '1', poi_options: 'page_size=1;page_index=1' };
        expect(rawTargets).toEqual([expected(baseUrl, params, secretKey)]);
      }
    }
  });

  it('asks for the first POI only, signed with the POI options', async () => {
    const geocoder = new TencentReverseGeocoder({
      geocoder: {
        enabled: true,
        key: 'TEST-KEY',
        secretKey: 'test-secret',
        baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        timeoutMs: 2_000,
        retries: 0,
      },
    } as AppConfig);
    const place = await geocoder.reverse(30.2656, 120.1462);
    expect(place.landmark).toBe('少年宫广场');
    const query = Object.fromEntries(asked[0].searchParams);
    expect(asked[0].pathname).toBe('/ws/geocoder/v1/');
    expect(query).toMatchObject({ get_poi: '1', poi_options: 'page_size=1;page_index=1', location: '30.2656,120.1462' });
    const { sig, ...signed } = query;
    expect(sig).toBe(tencentSig('/ws/geocoder/v1/', signed, 'test-secret'));
  });
});
