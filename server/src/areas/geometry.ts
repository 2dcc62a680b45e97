import { area as turfArea } from '@turf/area';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type * as TurfBuffer from '@turf/buffer';
import { featureCollection, feature as turfFeature } from '@turf/helpers';
import { intersect } from '@turf/intersect';
import { kinks } from '@turf/kinks';
import type { LineString, MultiPolygon, Polygon, Position } from 'geojson';
import { AppException } from '../common/errors/app-exception';

/**
 * Pure geometry helpers for the area tree and responsibility zones. Coordinates are GCJ-02
 * [lng, lat] positions; over the few kilometres of a city the distortion against WGS-84 is a
 * constant shift, so turf's spherical maths (area, buffer) is accurate enough.
 */
export type AreaGeometry = Polygon | MultiPolygon;

export interface Bbox {
  minLat: number;
  minLng: number;
  maxLat: number;
  maxLng: number;
}

/** Throws LOCATION_INVALID unless lat/lng are finite numbers in range. */
export function assertLatLng(lat: unknown, lng: unknown): asserts lat is number {
  if (!isLatLng(lat, lng)) throw new AppException('LOCATION_INVALID');
}

export function isLatLng(lat: unknown, lng: unknown): boolean {
  return (
    typeof lat === 'number' &&
    typeof lng === 'number' &&
    Number.isFinite(lat) &&
    Number.isFinite(lng) &&
    lat >= -90 &&
    lat <= 90 &&
    lng >= -180 &&
    lng <= 180
  );
}

function isPosition(p: unknown): p is Position {
  return Array.isArray(p) && p.length >= 2 && isLatLng(p[1], p[0]);
}

function ringProblem(ring: unknown): string | null {
  if (!Array.isArray(ring)) return '坐标格式错误：环必须是坐标数组';
  if (!ring.every(isPosition)) return '坐标无效：必须是 [经度, 纬度]，经度 -180~180，纬度 -90~90';
  if (ring.length < 4) return '多边形的环至少需要 4 个坐标点（首尾相同）';
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (first[0] !== last[0] || first[1] !== last[1]) return '多边形的环没有闭合（首尾坐标必须相同）';
  const distinct = new Set(ring.map((p) => `${p[0]},${p[1]}`));
  if (distinct.size < 3) return '多边形的环至少需要 3 个不同的点';
  return null;
}

/**
 * Why a value is not a usable area polygon (Chinese, shown to admins), or null when it is one.
 * Checks type, ring shape, coordinate ranges, self-intersection and a non-zero area.
 */
export function polygonProblem(geometry: unknown): string | null {
  if (!geometry || typeof geometry !== 'object') return '缺少边界（geometry）';
  const g = geometry as { type?: unknown; coordinates?: unknown };
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') return `边界类型为 ${String(g.type ?? '空')}，只支持 Polygon 或 MultiPolygon`;
  if (!Array.isArray(g.coordinates) || g.coordinates.length === 0) return '边界坐标为空';
  const polygons = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as unknown[];
  for (const polygon of polygons) {
    if (!Array.isArray(polygon) || polygon.length === 0) return '边界坐标为空';
    for (const ring of polygon) {
      const problem = ringProblem(ring);
      if (problem) return problem;
    }
  }
  try {
    if (kinks(g as AreaGeometry).features.length > 0) return '边界自相交（线段交叉），请修正多边形';
    if (turfArea(g as AreaGeometry) < 1) return '边界面积为零';
  } catch {
    return '边界无法解析';
  }
  return null;
}

/** The polygon, or GEOMETRY_INVALID with the reason. */
export function parsePolygon(geometry: unknown): AreaGeometry {
  const problem = polygonProblem(geometry);
  if (problem) throw new AppException('GEOMETRY_INVALID', `边界无效：${problem}`);
  const g = geometry as AreaGeometry;
  return { type: g.type, coordinates: g.coordinates } as AreaGeometry;
}

export function lineProblem(geometry: unknown): string | null {
  if (!geometry || typeof geometry !== 'object') return '缺少路段线（line）';
  const g = geometry as { type?: unknown; coordinates?: unknown };
  if (g.type !== 'LineString') return '路段线必须是 LineString';
  if (!Array.isArray(g.coordinates) || g.coordinates.length < 2 || !g.coordinates.every(isPosition)) return '路段线至少需要 2 个有效坐标点';
  return null;
}

/** A 包干路段: the line widened by `bufferM` metres on each side into a polygon. */
export function bufferLine(line: unknown, bufferM: number): { line: LineString; polygon: Polygon } {
  const problem = lineProblem(line);
  if (problem) throw new AppException('GEOMETRY_INVALID', `路段无效：${problem}`);
  const l = line as LineString;
  const clean: LineString = { type: 'LineString', coordinates: l.coordinates.map((p) => [p[0], p[1]]) };
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- @turf/buffer (with jsts) is ~3 % of a boot's module loading; used on editing a road segment
  const { buffer: turfBuffer } = require('@turf/buffer') as typeof TurfBuffer;
  const buffered = turfBuffer(turfFeature(clean), bufferM, { units: 'meters', steps: 8 });
  if (!buffered || buffered.geometry.type !== 'Polygon') throw new AppException('GEOMETRY_INVALID', '路段无效：无法生成缓冲区');
  return { line: clean, polygon: buffered.geometry };
}

export function bboxOf(geometry: AreaGeometry): Bbox {
  let minLat = Infinity;
  let minLng = Infinity;
  let maxLat = -Infinity;
  let maxLng = -Infinity;
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  for (const polygon of polygons)
    for (const ring of polygon)
      for (const [lng, lat] of ring) {
        if (lat < minLat) minLat = lat;
        if (lat > maxLat) maxLat = lat;
        if (lng < minLng) minLng = lng;
        if (lng > maxLng) maxLng = lng;
      }
  return { minLat, minLng, maxLat, maxLng };
}

/** Point-in-polygon; `strict` excludes points lying exactly on the boundary. Holes are outside. */
export function containsPoint(geometry: AreaGeometry, lat: number, lng: number, strict = false): boolean {
  return booleanPointInPolygon([lng, lat], geometry, { ignoreBoundary: strict });
}

export function areaM2(geometry: AreaGeometry): number {
  return turfArea(geometry);
}

/** Area of the intersection of two polygons in square metres (0 when they only touch). */
export function overlapM2(a: AreaGeometry, b: AreaGeometry): number {
  try {
    const common = intersect(featureCollection([turfFeature(a), turfFeature(b)]));
    return common ? turfArea(common) : 0;
  } catch {
    return 0;
  }
}

export function bboxesIntersect(a: Bbox, b: Bbox): boolean {
  return a.minLat < b.maxLat && b.minLat < a.maxLat && a.minLng < b.maxLng && b.minLng < a.maxLng;
}
