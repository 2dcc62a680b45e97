import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppConfig } from '../../config/app-config';
import { simulatedReverseResult } from '../simulator/simulated-place';
import { TencentReverseGeocoder } from './tencent-geocoder.client';
import { tencentSig } from './tencent-signature';

describe('TencentReverseGeocoder: what it asks Tencent', () => {
  let server: Server;
  const asked: URL[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      asked.push(url);
      const [lat, lng] = (url.searchParams.get('location') ?? '').split(',').map(Number);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ status: 0, message: 'query ok', result: simulatedReverseResult(lat, lng) }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

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
