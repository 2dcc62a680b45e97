/**
 * Small pure geo helpers: geohash cells (the server's indexed `cases.cellKey`, used for duplicate
 * detection and nearby lookups) and great-circle distance (haversine). Coordinates are GCJ-02 degrees; distances of a few hundred metres are the
 * same in GCJ-02 and WGS-84 to well under a metre, so comparing GCJ-02 points with haversine is fine.
 */
const BASE32 = '0123456789bcdefghjkmnpqrstuvwxyz';

/** Geohash precision used for Case.cellKey: about 153 m × 153 m at the equator (≈153 m × 130 m at 32°N). */
export const CELL_PRECISION = 7;

export function geohashEncode(lat: number, lng: number, precision = CELL_PRECISION): string {
  let latMin = -90;
  let latMax = 90;
  let lngMin = -180;
  let lngMax = 180;
  let hash = '';
  let bit = 0;
  let ch = 0;
  let even = true;
  while (hash.length < precision) {
    if (even) {
      const mid = (lngMin + lngMax) / 2;
      if (lng >= mid) {
        ch = (ch << 1) | 1;
        lngMin = mid;
      } else {
        ch <<= 1;
        lngMax = mid;
      }
    } else {
      const mid = (latMin + latMax) / 2;
      if (lat >= mid) {
        ch = (ch << 1) | 1;
        latMin = mid;
      } else {
        ch <<= 1;
        latMax = mid;
      }
    }
    even = !even;
    if (++bit === 5) {
      hash += BASE32[ch];
      bit = 0;
      ch = 0;
    }
  }
  return hash;
}

/** Size of a cell in degrees at a precision. */
export function cellSizeDeg(precision = CELL_PRECISION): { lat: number; lng: number } {
  const bits = precision * 5;
  const lngBits = Math.ceil(bits / 2);
  const latBits = Math.floor(bits / 2);
  return { lat: 180 / 2 ** latBits, lng: 360 / 2 ** lngBits };
}

/** Centre of the cell holding a point. */
function cellCentre(lat: number, lng: number, precision: number): { lat: number; lng: number } {
  const size = cellSizeDeg(precision);
  return {
    lat: (Math.floor((lat + 90) / size.lat) + 0.5) * size.lat - 90,
    lng: (Math.floor((lng + 180) / size.lng) + 0.5) * size.lng - 180,
  };
}

/** The cell of the point and its 8 neighbours (distinct; fewer near the poles). */
export function cellAndNeighbours(lat: number, lng: number, precision = CELL_PRECISION): string[] {
  const size = cellSizeDeg(precision);
  const c = cellCentre(lat, lng, precision);
  const keys = new Set<string>();
  for (const dLat of [-1, 0, 1]) {
    for (const dLng of [-1, 0, 1]) {
      const la = c.lat + dLat * size.lat;
      if (la <= -90 || la >= 90) continue;
      let lo = c.lng + dLng * size.lng;
      if (lo >= 180) lo -= 360;
      if (lo < -180) lo += 360;
      keys.add(geohashEncode(la, lo, precision));
    }
  }
  return [...keys];
}

const EARTH_RADIUS_M = 6_371_008.8;

/** Great-circle distance in metres (haversine on the mean Earth radius, as @turf/distance does). */
export function distanceM(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A point `metres` away from `from` going due north (bearing 0) or east (bearing 90). For tests and demo data. */
export function offsetM(from: { lat: number; lng: number }, northM: number, eastM: number): { lat: number; lng: number } {
  const dLat = (northM / EARTH_RADIUS_M) * (180 / Math.PI);
  const dLng = (eastM / (EARTH_RADIUS_M * Math.cos((from.lat * Math.PI) / 180))) * (180 / Math.PI);
  return { lat: from.lat + dLat, lng: from.lng + dLng };
}

/** Coarsens a coordinate to about 100 m for public display (3 decimals ≈ 111 m of latitude). */
export function coarsen(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** Every geohash cell (at `precision`) that intersects the box; for indexed map lookups over a small area. */
export function cellsCovering(
  box: { minLat: number; maxLat: number; minLng: number; maxLng: number },
  precision = CELL_PRECISION,
): string[] {
  const size = cellSizeDeg(precision);
  const keys = new Set<string>();
  const lat0 = Math.floor((box.minLat + 90) / size.lat);
  const lat1 = Math.floor((box.maxLat + 90) / size.lat);
  const lng0 = Math.floor((box.minLng + 180) / size.lng);
  const lng1 = Math.floor((box.maxLng + 180) / size.lng);
  for (let i = lat0; i <= lat1; i++) {
    for (let j = lng0; j <= lng1; j++) keys.add(geohashEncode((i + 0.5) * size.lat - 90, (j + 0.5) * size.lng - 180, precision));
  }
  return [...keys];
}
