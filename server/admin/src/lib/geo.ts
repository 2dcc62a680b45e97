/** Small GeoJSON helpers for offline maps drawn as SVG (no tiles). */

export type Position = [number, number];
export interface GeoFeature {
  type: 'Feature';
  properties: { id: number; code: string; name: string; [k: string]: unknown };
  geometry: { type: 'Polygon'; coordinates: Position[][] } | { type: 'MultiPolygon'; coordinates: Position[][][] } | null;
}
export interface GeoCollection {
  type: 'FeatureCollection';
  features: GeoFeature[];
}

export function rings(f: GeoFeature): Position[][] {
  if (!f.geometry) return [];
  return f.geometry.type === 'Polygon' ? f.geometry.coordinates : f.geometry.coordinates.flat();
}

export interface Bbox {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export function bboxOf(features: GeoFeature[], extra: Position[] = []): Bbox | null {
  let b: Bbox | null = null;
  const add = ([x, y]: Position) => {
    if (!b) b = { minX: x, minY: y, maxX: x, maxY: y };
    else {
      b.minX = Math.min(b.minX, x);
      b.minY = Math.min(b.minY, y);
      b.maxX = Math.max(b.maxX, x);
      b.maxY = Math.max(b.maxY, y);
    }
  };
  features.forEach((f) => rings(f).forEach((r) => r.forEach(add)));
  extra.forEach(add);
  return b;
}

/** Ray casting on the outer ring(s); good enough to pick the grid a point falls in. */
export function contains(f: GeoFeature, [x, y]: Position): boolean {
  const polys = !f.geometry ? [] : f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
  return polys.some((poly) => {
    const ring = poly[0] ?? [];
    let inside = false;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
  });
}

/** A projection from lng/lat to SVG pixels of width w, keeping the aspect (cos lat). */
export function projector(b: Bbox, w: number, h: number, pad = 10) {
  const k = Math.cos((((b.minY + b.maxY) / 2) * Math.PI) / 180);
  const dx = Math.max((b.maxX - b.minX) * k, 1e-9);
  const dy = Math.max(b.maxY - b.minY, 1e-9);
  const s = Math.min((w - 2 * pad) / dx, (h - 2 * pad) / dy);
  const ox = (w - dx * s) / 2;
  const oy = (h - dy * s) / 2;
  return ([x, y]: Position): Position => [ox + (x - b.minX) * k * s, oy + (b.maxY - y) * s];
}
