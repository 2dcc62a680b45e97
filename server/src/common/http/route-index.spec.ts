import { Controller, Get, Module, Next, Param, ParseIntPipe, Post, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { indexStaticRoutes } from './route-index';

let passes = 0;

@Controller('things')
class ThingsController {
  @Get() list() {
    return { route: 'list' };
  }
  @Get('mine') mine() {
    return { route: 'mine' };
  }
  /** Passes every request on, as a handler with @Next() may (the next match is `:id`, which refuses `pass`). */
  @Get('pass') pass(@Next() next: () => void) {
    passes++;
    next();
  }
  @Get(':id') one(@Param('id', ParseIntPipe) id: number) {
    return { route: 'one', id };
  }
  @Post(':id/do') act(@Param('id') id: string) {
    return { route: 'act', id };
  }
}

/** `shadow/:name` is declared before `shadow/fixed`: Express gives `shadow/fixed` to the parameter route. */
@Controller('shadow')
class ShadowController {
  @Get(':name') named(@Param('name') name: string) {
    return { route: 'named', name };
  }
  @Get('fixed') fixed() {
    return { route: 'fixed' };
  }
}

/** A second controller with a route on the same path as ThingsController's `pass`, reached when it passes on. */
@Controller('things')
class MoreThingsController {
  @Get('pass') passed() {
    return { route: 'passed on' };
  }
  @Post('mine') postMine() {
    return { route: 'post mine' };
  }
}

@Controller()
class OutsideController {
  @Get('sim/wechat/{*path}') sim(@Param('path') path: string[]) {
    return { route: 'sim', path };
  }
  @Get('api/health') health() {
    return { route: 'health' };
  }
  @Get('served') served() {
    return { route: 'served route' };
  }
}

@Module({ controllers: [ThingsController, ShadowController, MoreThingsController, OutsideController] })
class RoutesModule {}

let indexed = 0;

async function app(withIndex: boolean): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [RoutesModule] }).compile();
  const nest = moduleRef.createNestApplication<NestExpressApplication>({ logger: false });
  nest.use((req: { headers: Record<string, string> }, res: { setHeader(k: string, v: string): void }, next: () => void) => {
    res.setHeader('x-seen', req.headers['x-probe'] ?? 'none');
    next();
  });
  nest.setGlobalPrefix('api/v1', { exclude: ['sim/wechat/{*path}', 'api/health', 'served'] });
  await nest.init();
  // A middleware between the routes (as serve-static's are): a path it matches is never taken from the table.
  const router = (nest.getHttpAdapter().getInstance() as unknown as { router: { stack: unknown[]; use: (p: string, f: unknown) => void } })
    .router;
  router.use('/api/v1/things/mine', (req: unknown, res: { setHeader(k: string, v: string): void }, next: () => void) => {
    res.setHeader('x-between', 'yes');
    next();
  });
  const at = router.stack.findIndex((l) => (l as { route?: { path: string } }).route?.path === '/api/v1/things/mine');
  router.stack.splice(at, 0, router.stack.pop());
  if (withIndex) indexed = indexStaticRoutes(nest);
  return nest;
}

const REQUESTS: [string, string][] = [
  ['get', '/api/v1/things'],
  ['get', '/api/v1/things/'],
  ['get', '/api/v1/things?page=2'],
  ['get', '/API/V1/Things/mine'],
  ['get', '/api/v1/things/mine?x=1'],
  ['post', '/api/v1/things/mine'],
  ['put', '/api/v1/things/mine'],
  ['get', '/api/v1/things/5'],
  ['get', '/api/v1/things/abc'],
  ['get', '/api/v1/things/5/do'],
  ['post', '/api/v1/things/5/do'],
  ['head', '/api/v1/things'],
  ['options', '/api/v1/things'],
  ['get', '/api/v1/things/pass'],
  ['get', '/api/v1/shadow/fixed'],
  ['get', '/api/v1/shadow/other'],
  ['get', '/api/v1/thingsx'],
  ['get', '/api/v1/nothing'],
  ['get', '/api/v1/things%2Fmine'],
  ['get', '/sim/wechat/a/b'],
  ['get', '/api/health'],
  ['get', '/served'],
  ['delete', '/api/v1/things/5'],
];

describe('static routes looked up in a table before the scan', () => {
  let plain: INestApplication;
  let fast: INestApplication;
  beforeAll(async () => {
    [plain, fast] = await Promise.all([app(false), app(true)]);
  });
  afterAll(async () => {
    await Promise.all([plain?.close(), fast?.close()]);
  });

  it('answer every request as the scan alone does', async () => {
    for (const [method, path] of REQUESTS) {
      const send = (a: INestApplication) =>
        (request(a.getHttpServer()) as unknown as Record<string, (p: string) => request.Test>)[method](path).set('x-probe', path);
      const [want, got] = await Promise.all([send(plain), send(fast)]);
      const seen = (r: request.Response) => ({
        status: r.status,
        body: r.body,
        allow: r.headers.allow,
        seen: r.headers['x-seen'],
        between: r.headers['x-between'],
      });
      expect({ method, path, ...seen(got) }).toEqual({ method, path, ...seen(want) });
    }
  });

  it('hold the parameterless paths whose first match is a route, and nothing else', async () => {
    // GET/POST things/mine are shadowed by the middleware between the routes, GET shadow/fixed by shadow/:name.
    // Indexed: GET things, GET things/pass, GET api/health, GET served.
    expect(indexed).toBe(4);
    expect((await request(fast.getHttpServer()).get('/api/v1/things')).body).toEqual({ route: 'list' });
    expect((await request(fast.getHttpServer()).get('/api/v1/shadow/fixed')).body).toEqual({ route: 'named', name: 'fixed' });
  });

  it('go on after a route that passes the request on, without running it a second time', async () => {
    passes = 0;
    const res = await request(fast.getHttpServer()).get('/api/v1/things/pass');
    expect(res.status).toBe(400); // things/:id, the next route matching the path, refuses "pass"
    expect(passes).toBe(1);
  });
});
