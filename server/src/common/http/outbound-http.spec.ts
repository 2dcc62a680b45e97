import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { outboundRequest, targetOf } from './outbound-http';

describe('outboundRequest (kept-alive http.request for WeChat and Tencent)', () => {
  let server: Server;
  let base: string;
  let connections = 0;
  let handler: (req: IncomingMessage, body: string, res: ServerResponse) => void;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (body += c));
      req.on('end', () => handler(req, body, res));
    });
    server.on('connection', () => connections++);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('sends the UTF-8 body with its byte length and returns status and text', async () => {
    handler = (req, body, res) => {
      res.statusCode = 201;
      res.end(JSON.stringify({ method: req.method, length: req.headers['content-length'], type: req.headers['content-type'], body }));
    };
    const sent = JSON.stringify({ content: '垃圾满溢' });
    const res = await outboundRequest(new URL(`${base}/x?a=1`), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: sent,
      timeoutMs: 5_000,
    });
    expect(res.status).toBe(201);
    expect(JSON.parse(res.text)).toEqual({
      method: 'POST',
      length: String(Buffer.byteLength(sent)),
      type: 'application/json',
      body: sent,
    });
  });

  it('sends a target split from a URL to the same host, path and query as the URL itself', async () => {
    const seen: string[] = [];
    handler = (req, _body, res) => {
      seen.push(`${req.method} ${req.headers.host} ${req.url}`);
      res.end('ok');
    };
    const url = new URL(`${base}/ws/geocoder/v1/?location=30.1%2C120.2&key=K`);
    await outboundRequest(url, { method: 'GET', timeoutMs: 5_000 });
    const res = await outboundRequest(targetOf(new URL(base), '/ws/geocoder/v1/?location=30.1%2C120.2&key=K'), {
      method: 'GET',
      timeoutMs: 5_000,
    });
    expect(res.text).toBe('ok');
    expect(seen[1]).toBe(seen[0]);
    expect(seen[0]).toBe(`GET ${url.host} /ws/geocoder/v1/?location=30.1%2C120.2&key=K`);
    expect(targetOf(new URL('https://[::1]:8443/p'), '/q')).toEqual({ https: true, hostname: '::1', port: '8443', path: '/q' });
  });

  it('reuses one connection for calls made one after another', async () => {
    handler = (_req, _body, res) => res.end('{}');
    await outboundRequest(new URL(`${base}/warm`), { method: 'GET', timeoutMs: 5_000 });
    const before = connections;
    for (let i = 0; i < 5; i++) await outboundRequest(new URL(`${base}/again`), { method: 'GET', timeoutMs: 5_000 });
    expect(connections).toBe(before);
  });

  it('keeps every connection of a burst of 20 calls side by side for the next burst', async () => {
    // Answered only once all 20 are in, so the burst holds 20 connections at once (the image check's batch size).
    let waiting: ServerResponse[] = [];
    handler = (_req, _body, res) => {
      waiting.push(res);
      if (waiting.length < 20) return;
      for (const r of waiting) r.end('{}');
      waiting = [];
    };
    const burst = () =>
      Promise.all(Array.from({ length: 20 }, () => outboundRequest(new URL(`${base}/burst`), { method: 'GET', timeoutMs: 5_000 })));
    await burst();
    await new Promise((r) => setTimeout(r, 20)); // the sockets go back to the agent after the answers end
    const before = connections;
    await burst();
    expect(connections).toBe(before);
  });

  it('returns a binary answer byte for byte, up to the size the caller allows', async () => {
    const image = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7) % 256));
    handler = (_req, _body, res) => res.end(image);
    const res = await outboundRequest(new URL(`${base}/image`), { method: 'GET', timeoutMs: 5_000, maxBytes: 300_000 });
    expect(res.body.equals(image)).toBe(true);
    await expect(outboundRequest(new URL(`${base}/image`), { method: 'GET', timeoutMs: 5_000, maxBytes: 299_999 })).rejects.toThrow(
      /too large/,
    );
  });

  it('gives up on a server that never answers', async () => {
    handler = () => undefined;
    await expect(outboundRequest(new URL(`${base}/silent`), { method: 'GET', timeoutMs: 200 })).rejects.toThrow(/timed out/);
  });

  it('refuses to connect to nothing with an error, not a hang', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    await expect(outboundRequest(new URL(`http://127.0.0.1:${port}/`), { method: 'GET', timeoutMs: 5_000 })).rejects.toThrow(
      /ECONNREFUSED/,
    );
  });
});
