import { Controller, Get, Header, HttpCode, Module, Post, StreamableFile, type INestApplication } from '@nestjs/common';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { Readable } from 'node:stream';
import request from 'supertest';
import { JsonReplyExpressAdapter } from './json-reply';

@Controller('r')
class RepliesController {
  @Get('object') object() {
    return { id: 7, 名称: '暴露垃圾', tags: ['a', 'b'], at: new Date('2026-12-06T08:00:00Z'), none: null };
  }
  @Get('array') array() {
    return [{ id: 1 }, { id: 2 }];
  }
  @Get('empty-object') emptyObject() {
    return {};
  }
  @Get('text') text() {
    return '纯文本';
  }
  @Get('number') number() {
    return 42;
  }
  @Get('nothing') nothing() {
    return undefined;
  }
  @Get('async') async later() {
    await new Promise((r) => setImmediate(r));
    return { later: true };
  }
  @Post('created') created() {
    return { created: true };
  }
  @Get('no-content') @HttpCode(204) noContent() {
    return { dropped: true };
  }
  @Get('reset') @HttpCode(205) reset() {
    return { dropped: true };
  }
  @Get('typed') @Header('Content-Type', 'text/plain') typed() {
    return { typed: true };
  }
  @Get('tagged') @Header('ETag', '"mine"') tagged() {
    return { tagged: true };
  }
  @Get('to-json-undefined') toJsonUndefined() {
    return { toJSON: () => undefined };
  }
  @Get('buffer') buffer() {
    return Buffer.from('bytes');
  }
  @Get('stream') stream() {
    return new StreamableFile(Readable.from([Buffer.from('streamed')]));
  }
  @Get('error') error() {
    throw new Error('boom');
  }
}

@Module({ controllers: [RepliesController] })
class RepliesModule {}

/** Answers that went through Express's res.json. */
let viaResJson = 0;

async function app(adapter: ExpressAdapter): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [RepliesModule] }).compile();
  const nest = moduleRef.createNestApplication<NestExpressApplication>(adapter, { logger: false });
  nest.use((_req: unknown, res: { json: (body: unknown) => unknown }, next: () => void) => {
    const json = res.json;
    res.json = function (this: unknown, body: unknown) {
      viaResJson++;
      return json.call(this, body);
    };
    next();
  });
  await nest.init();
  return nest;
}

const PATHS = [
  '/r/object',
  '/r/array',
  '/r/empty-object',
  '/r/text',
  '/r/number',
  '/r/nothing',
  '/r/async',
  '/r/no-content',
  '/r/reset',
  '/r/typed',
  '/r/tagged',
  '/r/to-json-undefined',
  '/r/buffer',
  '/r/stream',
  '/r/error',
  '/r/missing',
];

/** Everything a client can see of an answer but the Date header. */
function seen(r: request.Response) {
  const { date: _date, ...headers } = r.headers as Record<string, string>;
  return { status: r.status, headers, text: r.text };
}

describe('JSON answers written without res.json', () => {
  let express: INestApplication;
  let direct: INestApplication;
  beforeAll(async () => {
    [express, direct] = await Promise.all([app(new ExpressAdapter()), app(new JsonReplyExpressAdapter())]);
  });
  afterAll(async () => {
    await Promise.all([express?.close(), direct?.close()]);
  });

  const both = async (send: (a: INestApplication) => request.Test) => {
    const [want, got] = await Promise.all([send(express), send(direct)]);
    return { want: seen(want), got: seen(got) };
  };

  it('send the same status, headers and bytes as Express for GET, HEAD and POST', async () => {
    for (const path of PATHS)
      for (const method of ['get', 'head'] as const) {
        const { want, got } = await both((a) => request(a.getHttpServer())[method](path));
        expect({ method, path, ...got }).toEqual({ method, path, ...want });
      }
    const { want, got } = await both((a) => request(a.getHttpServer()).post('/r/created'));
    expect(got).toEqual(want);
    expect(got.status).toBe(201);
  });

  it('answer a plain object with JSON in UTF-8, its length and Express’s weak ETag', async () => {
    viaResJson = 0;
    const res = await request(direct.getHttpServer()).get('/r/object');
    expect(viaResJson).toBe(0);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.text));
    expect(res.headers.etag).toMatch(/^W\/"[0-9a-f]+-[A-Za-z0-9+/]{27}"$/);
    expect(res.body).toEqual({ id: 7, 名称: '暴露垃圾', tags: ['a', 'b'], at: '2026-12-06T08:00:00.000Z', none: null });
  });

  it('answer 304 with no body to a request that already holds the current ETag, as Express does', async () => {
    const { headers } = await request(direct.getHttpServer()).get('/r/object');
    for (const condition of [{ 'if-none-match': headers.etag }, { 'if-none-match': 'W/"other"' }]) {
      const { want, got } = await both((a) => request(a.getHttpServer()).get('/r/object').set(condition));
      expect(got).toEqual(want);
    }
    const fresh = await request(direct.getHttpServer()).get('/r/object').set('if-none-match', headers.etag);
    expect(fresh.status).toBe(304);
    expect(fresh.text).toBe('');
  });
});
