import type { AreaLevel, DepartmentType } from '@sansui/shared';
import type { Polygon } from 'geojson';
import type { DataSource } from 'typeorm';
import { Area } from '../areas/area.entity';
import { bboxOf } from '../areas/geometry';
import { Department } from '../departments/department.entity';

/** A rectangle polygon from its south-west corner and size in degrees (GeoJSON [lng, lat], closed ring). */
export function rectPolygon(lat: number, lng: number, dLat: number, dLng: number): Polygon {
  const [s, w, n, e] = [lat, lng, +(lat + dLat).toFixed(6), +(lng + dLng).toFixed(6)];
  return {
    type: 'Polygon',
    coordinates: [
      [
        [w, s],
        [e, s],
        [e, n],
        [w, n],
        [w, s],
      ],
    ],
  };
}

export async function insertArea(
  db: DataSource,
  a: { code: string; name: string; level: AreaLevel; parentId?: number | null; geometry?: Polygon | null },
): Promise<Area> {
  const repo = db.getRepository(Area);
  const bbox = a.geometry ? bboxOf(a.geometry) : { minLat: null, minLng: null, maxLat: null, maxLng: null };
  return repo.save(
    repo.create({
      code: a.code,
      name: a.name,
      level: a.level,
      parentId: a.parentId ?? null,
      geometry: a.geometry ? JSON.stringify(a.geometry) : null,
      ...bbox,
    }),
  );
}

export async function insertDepartment(
  db: DataSource,
  d: { code: string; name: string; type: DepartmentType; areaId?: number | null; active?: boolean },
): Promise<Department> {
  const repo = db.getRepository(Department);
  return repo.save(
    repo.create({ code: d.code, name: d.name, type: d.type, areaId: d.areaId ?? null, contactPhone: null, active: d.active ?? true }),
  );
}
