import { Body, Controller, Get, Module, Next, Post, type INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import type { IncomingMessage, ServerResponse } from 'node:http';
import request from 'supertest';
import { mergeLeadingMiddleware } from './front-layer';
import { indexStaticRoutes } from './route-index';

let passes = 0;

@Controller('f')
class FrontController {
  @Get('plain') plain() {
    return { route: 'plain' };
  }
  @Post('echo') echo(@Body() body: unknown) {
    return { body };
  }
  @Get('pass') pass(@Next() next: () => void) {
    passes++;
    next();
  }
  @Get('pass') passed() {
    return { route: 'passed on' };
  }
}

@Module({ controllers: [FrontController] })
class FrontModule {}

type Mw = (req: IncomingMessage & { body?: unknown }, res: ServerResponse, next: (err?: unknown) => void) => unknown;

/** Middlewares at `/` before the routes, each leaving a trace; some fail the ways a middleware can. */
const MIDDLEWARES: Mw[] = [
  (req, res, next) => {
    res.setHeader('x-first', 'yes');
    next();
  },
  (req, _res, next) => {
    if (req.url === '/f/throw') throw new Error('thrown');
    next();
  },
  async (req, _res, next) => {
    await Promise.resolve();
    if (req.url === '/f/reject') throw new Error('rejected');
    next();
  },
  (req, _res, next) => {
    if (req.url === '/f/next-error') return next(Object.assign(new Error('refused'), { status: 418 }));
    if (req.url === '/f/next-route') return next('route');
    next();
  },
  (req, res, next) => {
    if (req.url === '/f/answered') {
      res.statusCode = 202;
      return res.end('answered early');
    }
    res.setHeader('x-body-seen', typeof req.body);
    next();
  },
];

async function app(merge: boolean): Promise<{ nest: INestApplication; merged: string[]; layers: number }> {
  const moduleRef = await Test.createTestingModule({ imports: [FrontModule] }).compile();
  const nest = moduleRef.createNestApplication<NestExpressApplication>({ logger: false, bodyParser: false, rawBody: true });
  nest.useBodyParser('json', { limit: '1kb' });
  for (const mw of MIDDLEWARES) nest.use(mw);
  await nest.init();
  indexStaticRoutes(nest);
  const merged = merge ? mergeLeadingMiddleware(nest) : [];
  const layers = (nest.getHttpAdapter().getInstance() as unknown as { router: { stack: unknown[] } }).router.stack.length;
  return { nest, merged, layers };
}

const REQUESTS: [string, string, string?][] = [
  ['get', '/f/plain'],
  ['get', '/f/plain?x=1'],
  ['head', '/f/plain'],
  ['options', '/f/plain'],
  ['get', '/f/missing'],
  ['post', '/f/echo', '{"a":[1,{"b":"文字"}]}'],
  ['post', '/f/echo', '{"broken":'],
  ['post', '/f/echo', `{"big":"${'x'.repeat(2000)}"}`],
  ['get', '/f/throw'],
  ['get', '/f/reject'],
  ['get', '/f/next-error'],
  ['get', '/f/next-route'],
  ['get', '/f/answered'],
  ['get', '/f/pass'],
];

describe('the middleware before the routes as one router layer', () => {
  let plain: Awaited<ReturnType<typeof app>>;
  let merged: Awaited<ReturnType<typeof app>>;
  beforeAll(async () => {
    [plain, merged] = await Promise.all([app(false), app(true)]);
  });
  afterAll(async () => {
    await Promise.all([plain?.nest.close(), merged?.nest.close()]);
  });

  it('takes the whole run of middleware at `/`, the route table included', () => {
    expect(merged.merged).toEqual(expect.arrayContaining(['jsonParser', 'routeIndex']));
    expect(merged.merged).toHaveLength(MIDDLEWARES.length + 3); // Nest's adapter hook, the parser, the route table
    expect(merged.layers).toBe(plain.layers - merged.merged.length + 1);
  });

  it('answers every request as the router walking the layers one by one does', async () => {
    for (const [method, path, body] of REQUESTS) {
      const send = (a: INestApplication) => {
        const r = (request(a.getHttpServer()) as unknown as Record<string, (p: string) => request.Test>)[method](path);
        return body ? r.set('content-type', 'application/json').send(body) : r;
      };
      const [want, got] = await Promise.all([send(plain.nest), send(merged.nest)]);
      const seen = (r: request.Response) => {
        const { date: _date, ...headers } = r.headers as Record<string, string>;
        return { status: r.status, headers, text: r.text };
      };
      expect({ method, path, ...seen(got) }).toEqual({ method, path, ...seen(want) });
    }
  });

  it('goes on after a route that passes the request on, without running it twice', async () => {
    passes = 0;
    const res = await request(merged.nest.getHttpServer()).get('/f/pass');
    expect(res.body).toEqual({ route: 'passed on' });
    expect(passes).toBe(1);
  });
});
