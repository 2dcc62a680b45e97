import { distanceM, findGrid, wgs84ToGcj02, type GridCollection } from '../geo';

const grids: GridCollection = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      properties: { id: 1, code: 'G1', name: '湖滨一网格' },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [120.15, 30.27],
            [120.16, 30.27],
            [120.16, 30.28],
            [120.15, 30.28],
            [120.15, 30.27],
          ],
        ],
      },
    },
  ],
};

describe('坐标', () => {
  it('WGS-84 转 GCJ-02 的偏移在几百米量级（杭州）', () => {
    const g = wgs84ToGcj02({ lat: 30.2741, lng: 120.1551 });
    const d = distanceM({ lat: 30.2741, lng: 120.1551 }, g);
    expect(d).toBeGreaterThan(300);
    expect(d).toBeLessThan(700);
  });

  it('国外坐标不偏移', () => {
    expect(wgs84ToGcj02({ lat: 48.85, lng: 2.35 })).toEqual({ lat: 48.85, lng: 2.35 });
  });

  it('判断点在哪个网格', () => {
    expect(findGrid({ lat: 30.2741, lng: 120.1551 }, grids)?.properties.name).toBe('湖滨一网格');
    expect(findGrid({ lat: 30.3, lng: 120.1551 }, grids)).toBeUndefined();
  });
});
