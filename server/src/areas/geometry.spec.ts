import { bufferLine, containsPoint, overlapM2, polygonProblem } from './geometry';

const square = {
  type: 'Polygon' as const,
  coordinates: [
    [
      [120, 30],
      [120.01, 30],
      [120.01, 30.01],
      [120, 30.01],
      [120, 30],
    ],
  ],
};

describe('polygonProblem', () => {
  it('accepts a closed simple polygon', () => expect(polygonProblem(square)).toBeNull());

  it.each([
    [
      'a bow-tie (self-intersecting) ring',
      {
        type: 'Polygon',
        coordinates: [
          [
            [120, 30],
            [120.01, 30.01],
            [120.01, 30],
            [120, 30.01],
            [120, 30],
          ],
        ],
      },
      '自相交',
    ],
    ['a point', { type: 'Point', coordinates: [120, 30] }, 'Point'],
    [
      'a line',
      {
        type: 'LineString',
        coordinates: [
          [120, 30],
          [120.01, 30],
        ],
      },
      'LineString',
    ],
    [
      'an open ring',
      {
        type: 'Polygon',
        coordinates: [
          [
            [120, 30],
            [120.01, 30],
            [120.01, 30.01],
            [120, 30.01],
          ],
        ],
      },
      '闭合',
    ],
    [
      'latitude out of range',
      {
        type: 'Polygon',
        coordinates: [
          [
            [120, 95],
            [120.01, 95],
            [120.01, 96],
            [120, 95],
          ],
        ],
      },
      '坐标无效',
    ],
    ['no geometry', null, '缺少边界'],
    [
      'a ring of two distinct points',
      {
        type: 'Polygon',
        coordinates: [
          [
            [120, 30],
            [120.01, 30],
            [120, 30],
            [120, 30],
          ],
        ],
      },
      '3 个不同',
    ],
  ])('rejects %s with a Chinese reason', (_, geometry, fragment) => {
    expect(polygonProblem(geometry)).toContain(fragment);
  });
});

describe('containsPoint', () => {
  const withHole = {
    type: 'Polygon' as const,
    coordinates: [
      [
        [120, 30],
        [120.01, 30],
        [120.01, 30.01],
        [120, 30.01],
        [120, 30],
      ],
      [
        [120.004, 30.004],
        [120.006, 30.004],
        [120.006, 30.006],
        [120.004, 30.006],
        [120.004, 30.004],
      ],
    ],
  };
  it('treats a hole as outside', () => {
    expect(containsPoint(withHole, 30.002, 120.002)).toBe(true);
    expect(containsPoint(withHole, 30.005, 120.005)).toBe(false);
  });
  it('counts the boundary unless strict', () => {
    expect(containsPoint(square, 30.005, 120.01)).toBe(true);
    expect(containsPoint(square, 30.005, 120.01, true)).toBe(false);
  });
});

describe('overlapM2 and bufferLine', () => {
  it('finds no overlap between neighbours sharing an edge, and the overlap of crossing squares', () => {
    const right = {
      type: 'Polygon' as const,
      coordinates: [
        [
          [120.01, 30],
          [120.02, 30],
          [120.02, 30.01],
          [120.01, 30.01],
          [120.01, 30],
        ],
      ],
    };
    expect(overlapM2(square, right)).toBeLessThan(1);
    const shifted = {
      type: 'Polygon' as const,
      coordinates: [
        [
          [120.005, 30],
          [120.015, 30],
          [120.015, 30.01],
          [120.005, 30.01],
          [120.005, 30],
        ],
      ],
    };
    expect(overlapM2(square, shifted)).toBeGreaterThan(400_000);
  });

  it('widens a road by the buffer on each side', () => {
    const { polygon } = bufferLine(
      {
        type: 'LineString',
        coordinates: [
          [120, 30],
          [120, 30.001],
        ],
      },
      15,
    );
    expect(containsPoint(polygon, 30.0005, 120.0001)).toBe(true); // ≈ 10 m east
    expect(containsPoint(polygon, 30.0005, 120.0003)).toBe(false); // ≈ 29 m east
  });
});
