/**
 * A lat/lng square around a point that contains the circle of `radiusM` (one degree of latitude ≈ 111 km), for an
 * indexed BETWEEN filter; callers keep only the rows within the exact distance afterwards.
 */
export function boundingBox(lat: number, lng: number, radiusM: number): { minLat: number; maxLat: number; minLng: number; maxLng: number } {
  const dLat = radiusM / 111_000;
  const dLng = radiusM / (111_000 * Math.cos((lat * Math.PI) / 180));
  return { minLat: lat - dLat, maxLat: lat + dLat, minLng: lng - dLng, maxLng: lng + dLng };
}
