import { connect } from 'node:net';
import { startTestApp, type TestApp } from '../../testing/test-app';

/** Requests refused by Node's HTTP parser, before Express, still get the API's envelope. */
describe('requests the HTTP parser refuses', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('answers a URL over 16 KB with 431 HEADERS_TOO_LARGE in the envelope', async () => {
    const res = await fetch(`${t.baseUrl}/api/v1/rewards?status=${'x'.repeat(20_000)}`);
    expect(res.status).toBe(431);
    expect(await res.json()).toEqual({ code: 'HEADERS_TOO_LARGE', message: '请求地址或请求头过长' });
  });

  it('answers a broken request line with 400 MALFORMED_REQUEST', async () => {
    const port = Number(new URL(t.baseUrl).port);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.write('GARBAGE / HTTP/1.1\r\nHost: x\r\n\r\n'));
      let text = '';
      socket.on('data', (d) => (text += d.toString()));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(answer.split('\r\n\r\n')[1])).toEqual({ code: 'MALFORMED_REQUEST', message: '请求格式错误，无法处理' });
  });
});
