import { createServer, type Server } from 'node:http';
import { Writable } from 'node:stream';
import { storage } from 'nestjs-pino/storage';
import { pinoHttp } from 'pino-http';
import request from 'supertest';
import { requestLogging } from './request-log';

/** A server with the request logging in front of a handler that logs one line itself when asked to. */
function serverLoggingAt(level: string): { server: Server; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const root = pinoHttp({ level, redact: ['req.headers.authorization'] }, sink).logger;
  const log = requestLogging(root, (req) => (req.url ?? '').startsWith('/api/health'));
  const server = createServer((req, res) =>
    log(req, res, () => {
      if (req.url === '/work') storage.getStore()!.logger.warn('inside the request');
      res.statusCode = req.url === '/fail' ? 500 : 200;
      res.end('{}');
    }),
  );
  return { server, lines };
}

describe('request logging', () => {
  it('gives each request an id (its own x-request-id, else a new one), on the answer and in every line about it', async () => {
    const { server, lines } = serverLoggingAt('info');
    const given = await request(server).get('/work').set('x-request-id', 'abc-1').set('authorization', 'Bearer secret');
    const fresh = await request(server).get('/plain');
    expect(given.headers['x-request-id']).toBe('abc-1');
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    await new Promise((r) => setImmediate(r));
    const about = (id: string) => lines.filter((l) => (l.req as { id?: string } | undefined)?.id === id).map((l) => l.msg);
    expect(about('abc-1')).toEqual(['inside the request', 'request completed']);
    expect(about(fresh.headers['x-request-id'] as string)).toEqual(['request completed']);
    const done = lines.find((l) => l.msg === 'request completed' && (l.req as { id: string }).id === 'abc-1')!;
    expect(done).toMatchObject({
      level: 30,
      res: { statusCode: 200 },
      req: { method: 'GET', url: '/work', headers: { authorization: '[Redacted]' } },
    });
    expect(typeof done.responseTime).toBe('number');
  });

  it('logs a 5xx as errored, and the health probe not at all', async () => {
    const { server, lines } = serverLoggingAt('info');
    await request(server).get('/fail');
    await request(server).get('/api/health');
    await new Promise((r) => setImmediate(r));
    expect(lines.map((l) => [l.msg, (l.req as { url: string }).url, (l.err as { message?: string } | undefined)?.message])).toEqual([
      ['request errored', '/fail', 'failed with status code 500'],
    ]);
  });

  it('above info, writes only what the request itself logs, still with its id', async () => {
    const { server, lines } = serverLoggingAt('warn');
    await request(server).get('/plain');
    await request(server).get('/work').set('x-request-id', 'abc-2');
    await new Promise((r) => setImmediate(r));
    expect(lines.map((l) => [l.msg, (l.req as { id: string }).id])).toEqual([['inside the request', 'abc-2']]);
  });
});
