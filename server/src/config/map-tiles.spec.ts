import { buildConfig } from './app-config';
import { parseMapTiles, tileOrigins } from './map-tiles';

describe('street-map tiles configuration (MAP_TILE_URL)', () => {
  const AMAP = 'https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}';

  it('is null when no template is configured: the clients draw the grids only', () => {
    expect(parseMapTiles({})).toBeNull();
    expect(parseMapTiles({ MAP_TILE_URL: '  ' })).toBeNull();
    expect(buildConfig({}).mapTiles).toBeNull();
  });

  it('passes the template, attribution, subdomains and deepest zoom to the clients', () => {
    const config = buildConfig({
      MAP_TILE_URL: AMAP,
      MAP_TILE_ATTRIBUTION: '© 高德地图',
      MAP_TILE_SUBDOMAINS: '1234',
      MAP_TILE_MAX_ZOOM: '17',
    });
    expect(config.mapTiles).toEqual({ urlTemplate: AMAP, attribution: '© 高德地图', subdomains: '1234', maxZoom: 17 });
    expect(parseMapTiles({ MAP_TILE_URL: 'http://127.0.0.1:4510/{z}/{x}/{-y}.png' })).toEqual({
      urlTemplate: 'http://127.0.0.1:4510/{z}/{x}/{-y}.png',
      attribution: '',
      subdomains: 'abc',
      maxZoom: 18,
    });
  });

  it.each([
    ['https://tiles.example.cn/{z}/{x}.png', /\{z\}, \{x\} and \{y\}/],
    ['/tiles/{z}/{x}/{y}.png', /absolute URL/],
    ['ftp://tiles.example.cn/{z}/{x}/{y}.png', /http\(s\)/],
  ])('refuses to boot with a template that cannot draw tiles: %s', (template, why) => {
    expect(() => buildConfig({ MAP_TILE_URL: template })).toThrow(why);
    expect(() => buildConfig({ MAP_TILE_URL: template })).toThrow(/MAP_TILE_URL/);
  });

  it('refuses {s} without subdomains', () => {
    expect(() => buildConfig({ MAP_TILE_URL: AMAP, MAP_TILE_SUBDOMAINS: '' })).toThrow(/MAP_TILE_SUBDOMAINS is empty/);
  });

  it('names every tile host for the Content-Security-Policy', () => {
    expect(tileOrigins(null)).toEqual([]);
    expect(tileOrigins(parseMapTiles({ MAP_TILE_URL: AMAP, MAP_TILE_SUBDOMAINS: '1234' }))).toEqual([
      'https://webrd01.is.autonavi.com',
      'https://webrd02.is.autonavi.com',
      'https://webrd03.is.autonavi.com',
      'https://webrd04.is.autonavi.com',
    ]);
    expect(tileOrigins(parseMapTiles({ MAP_TILE_URL: 'http://127.0.0.1:4510/t/{z}/{x}/{y}.png' }))).toEqual(['http://127.0.0.1:4510']);
  });
});
