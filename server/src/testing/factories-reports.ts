import { CATEGORY_CATALOGUE, type DepartmentType } from '@sansui/shared';
import type { DataSource } from 'typeorm';
import { Area } from '../areas/area.entity';
import { Category } from '../categories/category.entity';
import { Department } from '../departments/department.entity';
import type { Role } from '@sansui/shared';
import { TokenService } from '../common/auth/token.service';
import { User } from '../users/user.entity';
import type { TestApp } from './test-app';
import { sceneJpeg as scene } from '../reports/scene-image';

/** A small service area for report tests: district → street → community → two grids side by side. */
export const REPORT_TEST_AREA = {
  /** Centre of grid A (west). */
  centre: { lat: 31.23, lng: 121.47 },
  gridA: { minLat: 31.22, maxLat: 31.24, minLng: 121.46, maxLng: 121.48 },
  gridB: { minLat: 31.22, maxLat: 31.24, minLng: 121.48, maxLng: 121.5 },
  outside: { lat: 31.3, lng: 121.47 },
};

function rect(b: { minLat: number; maxLat: number; minLng: number; maxLng: number }) {
  return {
    geometry: JSON.stringify({
      type: 'Polygon',
      coordinates: [
        [
          [b.minLng, b.minLat],
          [b.maxLng, b.minLat],
          [b.maxLng, b.maxLat],
          [b.minLng, b.maxLat],
          [b.minLng, b.minLat],
        ],
      ],
    }),
    ...b,
  };
}

export interface ReportTestPlaces {
  gridAId: number;
  gridBId: number;
  streetId: number;
  departments: Record<string, Department>;
}

/**
 * Inserts the test area tree, the §4 category catalogue and one department per type at the street
 * (plus a city-wide 爱卫办). Idempotent per database only in the sense that it is meant to run once.
 */
export async function seedReportTestPlaces(db: DataSource, prefix = 'rt'): Promise<ReportTestPlaces> {
  const areas = db.getRepository(Area);
  const whole = { minLat: 31.22, maxLat: 31.24, minLng: 121.46, maxLng: 121.5 };
  const district = await areas.save(
    areas.create({ code: `${prefix}-d`, name: '测试区', level: 'district', parentId: null, ...rect(whole) }),
  );
  const street = await areas.save(
    areas.create({ code: `${prefix}-s`, name: '测试街道', level: 'street', parentId: district.id, ...rect(whole) }),
  );
  const community = await areas.save(
    areas.create({ code: `${prefix}-c`, name: '测试社区', level: 'community', parentId: street.id, ...rect(whole) }),
  );
  const gridA = await areas.save(
    areas.create({ code: `${prefix}-g1`, name: '测试网格一', level: 'grid', parentId: community.id, ...rect(REPORT_TEST_AREA.gridA) }),
  );
  const gridB = await areas.save(
    areas.create({ code: `${prefix}-g2`, name: '测试网格二', level: 'grid', parentId: community.id, ...rect(REPORT_TEST_AREA.gridB) }),
  );
  const cats = db.getRepository(Category);
  if ((await cats.count()) === 0) {
    await cats.save(CATEGORY_CATALOGUE.map((c) => cats.create({ ...c, duplicateWindowHours: 72, autoMerge: false, enabled: true })));
  }
  const depts = db.getRepository(Department);
  const types = [...new Set(CATEGORY_CATALOGUE.map((c) => c.defaultDepartmentType))] as DepartmentType[];
  const departments: Record<string, Department> = {};
  for (const type of types) {
    departments[type] = await depts.save(
      depts.create({
        code: `${prefix}-${type}`,
        name: `测试${type}部门`,
        type,
        areaId: type === 'patriotic_health' ? null : street.id,
        active: true,
      }),
    );
  }
  return { gridAId: gridA.id, gridBId: gridB.id, streetId: street.id, departments };
}

export { sceneJpeg } from '../reports/scene-image';

// --- HTTP helpers for report tests ---

/** Logs a resident in through the WeChat simulator (POST /auth/wechat {code: 'sim:<name>'}). */
export async function residentLogin(t: TestApp, name: string): Promise<{ token: string; userId: number }> {
  const res = await t
    .http()
    .post('/api/v1/auth/wechat')
    .send({ code: `sim:${name}` });
  if (res.status !== 200 && res.status !== 201) throw new Error(`resident login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { token: res.body.token, userId: res.body.user.id };
}

/** A staff user with the given roles, inserted directly, and a token for it. */
export async function staffToken(
  t: TestApp,
  username: string,
  roles: Role[],
  departmentId: number | null = null,
): Promise<{ token: string; userId: number }> {
  const users = t.db.getRepository(User);
  const user = await users.save(users.create({ kind: 'staff', username, displayName: username, roles, departmentId, active: true }));
  const token = t.app.get(TokenService).issue({ id: user.id, kind: 'staff', roles, departmentId });
  return { token, userId: user.id };
}

/** Uploads a generated photo (distinct per seed) through POST /uploads; returns its id. */
export async function uploadScene(t: TestApp, token: string, seed: number): Promise<number> {
  const res = await t
    .http()
    .post('/api/v1/uploads')
    .set('Authorization', `Bearer ${token}`)
    .attach('file', await scene(seed), { filename: `p${seed}.jpg`, contentType: 'image/jpeg' });
  if (res.status !== 201 && res.status !== 200) throw new Error(`upload failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

let counter = 0;
/** A fresh valid clientRequestId. */
export const newRequestId = (tag = 'req') => `${tag}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

// --- the demo city, for tests of addresses (the geocoder simulator answers from its streets) ---

/** The demo city's lattice as one test grid (under the test street), so points by demo landmarks are in the service area. */
export const DEMO_CITY_TEST_GRID = { minLat: 30.2641, maxLat: 30.2841, minLng: 120.1371, maxLng: 120.1731 };

export async function seedDemoCityGrid(db: DataSource, parentId: number, code = 'demo-city-test-grid'): Promise<number> {
  const areas = db.getRepository(Area);
  const grid = await areas.save(areas.create({ code, name: '湖滨测试网格', level: 'grid', parentId, ...rect(DEMO_CITY_TEST_GRID) }));
  return grid.id;
}
