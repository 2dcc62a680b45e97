import { cellAndNeighbours, cellsCovering, cellSizeDeg, coarsen, distanceM, geohashEncode, offsetM } from './geo';

describe('geo helpers', () => {
  it('encodes geohashes like the reference implementation', () => {
    // Reference values from the geohash.org algorithm.
    expect(geohashEncode(57.64911, 10.40744, 11)).toBe('u4pruydqqvj');
    expect(geohashEncode(39.9042, 116.4074, 7)).toBe('wx4g0bm');
    expect(geohashEncode(-33.8688, 151.2093, 5)).toBe('r3gx2');
  });

  it('has precision-7 cells of about 153 m × 153 m at the equator', () => {
    const s = cellSizeDeg(7);
    expect(s.lat * 111_320).toBeGreaterThan(150);
    expect(s.lat * 111_320).toBeLessThan(155);
    expect(s.lng * 111_320).toBeGreaterThan(150);
    expect(s.lng * 111_320).toBeLessThan(155);
  });

  it('returns the cell and its 8 distinct neighbours, covering any point within one cell', () => {
    const p = { lat: 31.2304, lng: 121.4737 };
    const keys = cellAndNeighbours(p.lat, p.lng);
    expect(keys).toHaveLength(9);
    expect(keys).toContain(geohashEncode(p.lat, p.lng));
    for (const [n, e] of [
      [100, 0],
      [-100, 0],
      [0, 100],
      [0, -100],
      [100, 100],
      [-100, -100],
      [100, -100],
    ]) {
      const q = offsetM(p, n, e);
      expect(keys).toContain(geohashEncode(q.lat, q.lng));
    }
  });

  it('measures distances like @turf/distance', () => {
    const a = { lat: 31.2304, lng: 121.4737 };
    const b = offsetM(a, 30, 40);
    expect(distanceM(a, b)).toBeCloseTo(50, 1);
    // Reference values from @turf/distance (units: 'meters') for the same points.
    expect(Math.abs(distanceM(a, { lat: 39.9042, lng: 116.4074 }) - 1067311.6451587263)).toBeLessThan(0.01);
    expect(Math.abs(distanceM({ lat: 31.23, lng: 121.47 }, { lat: 31.24, lng: 121.47 }) - 1111.950802335108)).toBeLessThan(0.001);
  });

  it('coarsens to about 100 m', () => {
    expect(coarsen(31.230449)).toBe(31.23);
  });

  it('lists the cells covering a box, including every point inside it', () => {
    const box = { minLat: 31.22, maxLat: 31.24, minLng: 121.46, maxLng: 121.48 };
    const cells = new Set(cellsCovering(box));
    const size = cellSizeDeg();
    expect(cells.size).toBe(
      (Math.floor((box.maxLat + 90) / size.lat) - Math.floor((box.minLat + 90) / size.lat) + 1) *
        (Math.floor((box.maxLng + 180) / size.lng) - Math.floor((box.minLng + 180) / size.lng) + 1),
    );
    for (let i = 0; i < 200; i++) {
      const lat = box.minLat + (((i * 37) % 100) / 100) * (box.maxLat - box.minLat);
      const lng = box.minLng + (((i * 53) % 100) / 100) * (box.maxLng - box.minLng);
      expect(cells.has(geohashEncode(lat, lng))).toBe(true);
    }
    expect(cells.has(geohashEncode(31.25, 121.47))).toBe(false);
  });
});
