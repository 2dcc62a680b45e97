import { createServer } from 'node:http';
import { connect, type Socket } from 'node:net';
import { outlastProxyKeepAlive, requestsCutAtShutdown } from './keep-alive';
import { startTestApp, type TestApp } from '../../testing/test-app';

/**
 * A proxy (nginx, keepalive_timeout 60 s) reuses an idle upstream connection after several seconds. Node's
 * default closed it after 5 s, so the proxy's next request on it failed. The connection must still answer.
 */
describe('kept-alive connections outlive the proxy in front', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('answers a second request sent on the same connection after 6 s idle', async () => {
    const socket = await open(Number(new URL(t.baseUrl).port));
    try {
      const first = await exchange(socket);
      expect(first).toMatch(/^HTTP\/1\.1 200 /);
      expect(first.toLowerCase()).not.toContain('connection: close');
      await new Promise((r) => setTimeout(r, 6_000)); // idle longer than Node's 5 s default
      expect(socket.readyState).toBe('open');
      expect(await exchange(socket)).toMatch(/^HTTP\/1\.1 200 /);
    } finally {
      socket.destroy();
    }
  });
});

describe('a server that is closing does not wait for kept-alive connections', () => {
  it('closes once a request that was running at close() has answered, not 65 s later', async () => {
    const server = createServer((_req, res) => setTimeout(() => res.end('ok'), 300));
    outlastProxyKeepAlive(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const socket = await open((server.address() as { port: number }).port);
    try {
      const answer = new Promise<string>((resolve) => {
        let text = '';
        socket.on('data', (d) => (text += d.toString()));
        socket.once('close', () => resolve(text));
      });
      socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n');
      await new Promise((r) => setTimeout(r, 100)); // the request is running
      const closed = new Promise<'closed'>((r) => server.close(() => r('closed')));
      const late = new Promise<'still open'>((r) => setTimeout(() => r('still open'), 10_000).unref());
      expect(await Promise.race([closed, late])).toBe('closed');
      expect(await answer).toMatch(/^HTTP\/1\.1 200 [\s\S]*ok$/);
    } finally {
      socket.destroy();
    }
  });
});

describe('a server that is closing does not wait for a request that never answers', () => {
  it('cuts the connection of a stuck request at the grace deadline and says which request it was', async () => {
    const server = createServer(() => undefined); // never answers
    outlastProxyKeepAlive(server, 500);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const socket = await open((server.address() as { port: number }).port);
    try {
      const cutOff = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      socket.write('POST /api/v1/stuck HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n');
      await new Promise((r) => setTimeout(r, 100));
      const closed = new Promise<'closed'>((r) => server.close(() => r('closed')));
      const late = new Promise<'still open'>((r) => setTimeout(() => r('still open'), 5_000).unref());
      expect(await Promise.race([closed, late])).toBe('closed');
      await cutOff;
      expect(requestsCutAtShutdown(server)).toEqual(['POST /api/v1/stuck']);
    } finally {
      socket.destroy();
    }
  });
});

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** One keep-alive GET /api/health on the socket; resolves with the whole answer (or '' when the server closed it). */
function exchange(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    const done = (answer: string) => {
      socket.off('data', onData);
      socket.off('close', onClose);
      resolve(answer);
    };
    const onData = (d: Buffer) => {
      text += d.toString();
      const [head, body = ''] = text.split('\r\n\r\n');
      const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? NaN);
      if (Buffer.byteLength(body) >= length) done(text);
    };
    const onClose = () => done(text);
    socket.on('data', onData);
    socket.once('close', onClose);
    socket.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n');
  });
}
