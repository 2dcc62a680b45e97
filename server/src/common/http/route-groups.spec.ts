import { Controller, Get, Module, Param, ParseIntPipe, Post, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { groupRoutesByPrefix, routeGroupKey } from './route-groups';

@Controller('things')
class ThingsController {
  @Get() list() {
    return { route: 'list' };
  }
  @Get('mine') mine() {
    return { route: 'mine' };
  }
  @Get(':id') one(@Param('id', ParseIntPipe) id: number) {
    return { route: 'one', id };
  }
  @Post(':id/do') act(@Param('id') id: string) {
    return { route: 'act', id };
  }
}

@Controller('other')
class OtherController {
  @Get(':id') one(@Param('id') id: string) {
    return { route: 'other', id };
  }
}

/** Declared after OtherController, under the same prefix as ThingsController: it must still come after `things/:id`. */
@Controller('things/deep')
class DeepThingsController {
  @Get('x') x() {
    return { route: 'deep' };
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
}

@Module({ controllers: [ThingsController, OtherController, DeepThingsController, OutsideController] })
class RoutesModule {}

let movedIntoGroups = 0;

async function app(grouped: boolean): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [RoutesModule] }).compile();
  const nest = moduleRef.createNestApplication<NestExpressApplication>({ logger: false });
  nest.use((req: { headers: Record<string, string> }, res: { setHeader(k: string, v: string): void }, next: () => void) => {
    res.setHeader('x-seen', req.headers['x-probe'] ?? 'none');
    next();
  });
  nest.setGlobalPrefix('api/v1', { exclude: ['sim/wechat/{*path}', 'api/health'] });
  await nest.init();
  if (grouped) movedIntoGroups = groupRoutesByPrefix(nest);
  return nest;
}

const REQUESTS: [string, string][] = [
  ['get', '/api/v1/things'],
  ['get', '/api/v1/things/'],
  ['get', '/API/V1/Things/mine'],
  ['get', '/api/v1/things/mine?x=1'],
  ['get', '/api/v1/things/5'],
  ['get', '/api/v1/things/abc'],
  ['get', '/api/v1/things/5/do'],
  ['post', '/api/v1/things/5/do'],
  ['head', '/api/v1/things/mine'],
  ['options', '/api/v1/things/mine'],
  ['get', '/api/v1/thingsx'],
  ['get', '/api/v1/other/3'],
  ['get', '/api/v1/other'],
  ['get', '/api/v1/nothing'],
  ['get', '/api/v1/things/deep/x'],
  ['get', '/api/v1/things%2Fmine'],
  ['get', '/sim/wechat/a/b'],
  ['get', '/api/health'],
  ['delete', '/api/v1/things/5'],
];

describe('routes grouped by their /api/v1/<controller> prefix', () => {
  let plain: INestApplication;
  let grouped: INestApplication;
  beforeAll(async () => {
    [plain, grouped] = await Promise.all([app(false), app(true)]);
  });
  afterAll(async () => {
    await Promise.all([plain?.close(), grouped?.close()]);
  });

  it('answer every request as the ungrouped routes do', async () => {
    // things: list, mine, :id, :id/do and deep/x behind one entry; other has a single route and stays as it was.
    expect(movedIntoGroups).toBe(4);
    for (const [method, path] of REQUESTS) {
      const send = (a: INestApplication) =>
        (request(a.getHttpServer()) as unknown as Record<string, (p: string) => request.Test>)[method](path).set('x-probe', path);
      const [want, got] = await Promise.all([send(plain), send(grouped)]);
      expect({ path, method, status: got.status, body: got.body, allow: got.headers.allow, seen: got.headers['x-seen'] }).toEqual({
        path,
        method,
        status: want.status,
        body: want.body,
        allow: want.headers.allow,
        seen: want.headers['x-seen'],
      });
    }
  });

  it('reach the routes a controller declares, in their order (a literal before a parameter)', async () => {
    expect((await request(grouped.getHttpServer()).get('/api/v1/things/mine')).body).toEqual({ route: 'mine' });
    expect((await request(grouped.getHttpServer()).get('/api/v1/things/7')).body).toEqual({ route: 'one', id: 7 });
    expect((await request(grouped.getHttpServer()).get('/api/v1/things/deep/x')).body).toEqual({ route: 'deep' });
  });

  it('group only routes whose first three segments are plain text', () => {
    expect(routeGroupKey('/api/v1/reports/:id')).toBe('/api/v1/reports');
    expect(routeGroupKey('/api/v1/Reports')).toBe('/api/v1/reports');
    expect(routeGroupKey('/api/v1/Reports', true)).toBe('/api/v1/Reports');
    expect(routeGroupKey('/api/health')).toBeNull();
    expect(routeGroupKey('/sim/wechat/{*path}')).toBeNull();
    expect(routeGroupKey('/api/v1/:id/x')).toBeNull();
    expect(routeGroupKey(/x/)).toBeNull();
  });
});
