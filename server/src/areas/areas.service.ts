import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AREA_LEVELS, type AreaDetailDto, type AreaLevel, type AreaTreeNodeDto, type GridFeatureProperties } from '@sansui/shared';
import type { Feature, FeatureCollection } from 'geojson';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth/auth-user';
import { AppException } from '../common/errors/app-exception';
import { TableCache } from '../database/table-cache';
import { Transactions } from '../database/transactions';
import { Area } from './area.entity';
import { AreaReferenceChecks } from './area-reference-checks';
import { AreaGeometry, assertLatLng, bboxOf, containsPoint, parsePolygon } from './geometry';
import { ResponsibilityZone } from './responsibility-zone.entity';
import { isUniqueViolation } from '../database/unique-violation';

export interface AreaInput {
  code: string;
  name: string;
  level: AreaLevel;
  parentId?: number | null;
  geometry?: unknown;
}

export type AreaPatch = Partial<Omit<AreaInput, 'level'>>;

/** A grid with its polygon parsed once per cached snapshot. */
interface LocatedGrid {
  area: Area;
  geometry: AreaGeometry;
}

interface CachedZone {
  zone: ResponsibilityZone;
  geometry: AreaGeometry;
}

export function toAreaDetail(a: Area): AreaDetailDto {
  return {
    id: a.id,
    code: a.code,
    name: a.name,
    level: a.level,
    parentId: a.parentId,
    geometry: a.geometry ? JSON.parse(a.geometry) : null,
  };
}

/** A unique index hit by a concurrent write with the same code becomes the friendly 409. */
export function rethrowTaken(code: 'AREA_CODE_TAKEN' | 'DEPARTMENT_CODE_TAKEN' | 'CATEGORY_CODE_TAKEN') {
  return (e: unknown): never => {
    throw isUniqueViolation(e) ? new AppException(code) : e;
  };
}

/** The level a parent must have, or null for a district (the top). */
export function parentLevelOf(level: AreaLevel): AreaLevel | null {
  const i = AREA_LEVELS.indexOf(level);
  return i > 0 ? AREA_LEVELS[i - 1] : null;
}

/** An area without its code and polygon: where it sits in the tree. */
export type AreaNode = Pick<Area, 'id' | 'name' | 'level' | 'parentId'>;

/**
 * The area tree 区 → 街道 → 社区 → 网格 (docs/domain.md §3): which grid a point falls in, a grid's chain of
 * ancestors, the public grid map and the admin's edits. Grids, their parsed polygons, the tree and the zones are
 * kept in memory (TableCache: dropped whenever the areas or zones tables are written, in every instance).
 */
@Injectable()
export class AreasService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: Transactions,
    private readonly audit: AuditService,
    private readonly cache: TableCache,
    private readonly references: AreaReferenceChecks,
  ) {}

  /** The grid holding the point, or null (outside the service area). A point on a shared edge gets exactly one grid. */
  async locateGrid(lat: number, lng: number): Promise<Area | null> {
    assertLatLng(lat, lng);
    const hits = (await this.grids()).filter(
      ({ area: a, geometry }) =>
        a.minLat! <= lat && a.maxLat! >= lat && a.minLng! <= lng && a.maxLng! >= lng && containsPoint(geometry, lat, lng),
    );
    if (hits.length <= 1) return hits[0]?.area ?? null;
    // On a boundary shared by two grids: prefer a grid that holds the point strictly, then the lowest id.
    const strict = hits.filter((g) => containsPoint(g.geometry, lat, lng, true));
    return (strict.length ? strict : hits).map((g) => g.area).sort((x, y) => x.id - y.id)[0];
  }

  /** Every grid with a polygon, parsed (cached until the areas table is written). */
  private grids(): Promise<LocatedGrid[]> {
    return this.cache.get('areas:grids', ['areas'], async () =>
      (await this.db.getRepository(Area).find({ where: { level: 'grid' }, order: { code: 'ASC' } })).flatMap((area) =>
        area.geometry && area.minLat !== null ? [{ area, geometry: JSON.parse(area.geometry) as AreaGeometry }] : [],
      ),
    );
  }

  /** Every area without its polygon, by id (cached until the areas table is written). */
  private areaIndex(): Promise<Map<number, Area>> {
    return this.cache.get('areas:index', ['areas'], async () => {
      const rows = await this.db.getRepository(Area).find({ select: { id: true, code: true, name: true, level: true, parentId: true } });
      return new Map(rows.map((a) => [a.id, a]));
    });
  }

  /** Public answer to "is this point served, and by which grid?" */
  async locateSummary(lat: number, lng: number): Promise<{ grid: GridFeatureProperties | null }> {
    const grid = await this.locateGrid(lat, lng);
    if (!grid) return { grid: null };
    const chain = await this.ancestors(grid.id);
    const name = (level: AreaLevel) => chain.find((a) => a.level === level)?.name ?? null;
    return {
      grid: {
        id: grid.id,
        code: grid.code,
        name: grid.name,
        communityName: name('community'),
        streetName: name('street'),
        districtName: name('district'),
      },
    };
  }

  /** The area and its ancestors, nearest first: grid → community → street → district. Empty when unknown. */
  async ancestors(areaId: number): Promise<Area[]> {
    const byId = await this.areaIndex();
    const chain: Area[] = [];
    for (let next: number | null = areaId; next !== null && chain.length <= AREA_LEVELS.length;) {
      const area = byId.get(next);
      if (!area) break;
      chain.push(area);
      next = area.parentId;
    }
    return chain;
  }

  /** Whether the area exists, read in the caller's transaction. */
  exists(em: EntityManager, id: number): Promise<boolean> {
    return em.getRepository(Area).exists({ where: { id } });
  }

  /** How many of these area ids exist (a caller compares with its own count). */
  async countExisting(ids: readonly number[]): Promise<number> {
    return ids.length ? this.db.getRepository(Area).count({ where: { id: In([...ids]) } }) : 0;
  }

  /** Names by id, in one read; an unknown id is absent from the map. */
  async namesOf(ids: readonly number[]): Promise<Map<number, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.getRepository(Area).find({ where: { id: In([...ids]) }, select: { id: true, name: true } });
    return new Map(rows.map((a) => [a.id, a.name]));
  }

  /** Every area's place in the tree (id, name, level, parent), by id, read uncached in the caller's transaction. */
  hierarchy(em: EntityManager = this.db.manager): Promise<AreaNode[]> {
    return em.getRepository(Area).find({ select: { id: true, name: true, level: true, parentId: true }, order: { id: 'ASC' } });
  }

  async get(id: number): Promise<AreaDetailDto> {
    const area = await this.db.getRepository(Area).findOne({ where: { id } });
    if (!area) throw new AppException('AREA_NOT_FOUND');
    return toAreaDetail(area);
  }

  /** The whole tree without polygons (staff). */
  async tree(): Promise<AreaTreeNodeDto[]> {
    const rows = await this.db.getRepository(Area).find({
      select: { id: true, code: true, name: true, level: true, parentId: true, minLat: true },
      order: { id: 'ASC' },
    });
    const nodes = new Map<number, AreaTreeNodeDto>();
    for (const r of rows)
      nodes.set(r.id, {
        id: r.id,
        code: r.code,
        name: r.name,
        level: r.level,
        parentId: r.parentId,
        hasGeometry: r.minLat !== null,
        children: [],
      });
    const roots: AreaTreeNodeDto[] = [];
    for (const node of nodes.values()) {
      const parent = node.parentId !== null ? nodes.get(node.parentId) : undefined;
      if (parent) parent.children.push(node);
      else roots.push(node);
    }
    return roots;
  }

  /** Public map of the service area: every grid as a GeoJSON feature with its community, street and district names. */
  gridsGeoJson(): Promise<FeatureCollection> {
    return this.cache.get('areas:geojson', ['areas'], async () => {
      const byId = await this.areaIndex();
      const features: Feature[] = [];
      for (const { area: g, geometry } of await this.grids()) {
        const names: Partial<Record<AreaLevel, string>> = {};
        for (
          let p = g.parentId !== null ? byId.get(g.parentId) : undefined, n = 0;
          p && n < 4;
          p = p.parentId !== null ? byId.get(p.parentId) : undefined, n++
        )
          names[p.level] = p.name;
        const properties: GridFeatureProperties = {
          id: g.id,
          code: g.code,
          name: g.name,
          communityName: names.community ?? null,
          streetName: names.street ?? null,
          districtName: names.district ?? null,
        };
        features.push({ type: 'Feature', id: g.id, geometry, properties });
      }
      return { type: 'FeatureCollection', features } satisfies FeatureCollection;
    });
  }

  async create(user: AuthUser, input: AreaInput): Promise<AreaDetailDto> {
    const saved = await this.tx
      .run(async (em) => {
        const repo = em.getRepository(Area);
        if (await repo.exists({ where: { code: input.code } })) throw new AppException('AREA_CODE_TAKEN');
        await this.checkParent(em, input.level, input.parentId ?? null);
        const area = repo.create({ code: input.code, name: input.name, level: input.level, parentId: input.parentId ?? null });
        this.applyGeometry(area, input.geometry, input.level === 'grid');
        const row = await repo.save(area);
        await this.audit.record(em, {
          actorUserId: user.id,
          action: 'area.create',
          targetType: 'area',
          targetId: row.id,
          data: { code: row.code, name: row.name, level: row.level, parentId: row.parentId },
        });
        return row;
      })
      .catch(rethrowTaken('AREA_CODE_TAKEN'));
    return toAreaDetail(saved);
  }

  async update(user: AuthUser, id: number, patch: AreaPatch): Promise<AreaDetailDto> {
    const saved = await this.tx
      .run(async (em) => {
        const repo = em.getRepository(Area);
        const area = await repo.findOne({ where: { id }, ...this.tx.forUpdate() });
        if (!area) throw new AppException('AREA_NOT_FOUND');
        if (patch.code !== undefined && patch.code !== area.code) {
          if (await repo.exists({ where: { code: patch.code } })) throw new AppException('AREA_CODE_TAKEN');
          area.code = patch.code;
        }
        if (patch.name !== undefined) area.name = patch.name;
        if (patch.parentId !== undefined && patch.parentId !== area.parentId) {
          await this.checkParent(em, area.level, patch.parentId);
          area.parentId = patch.parentId;
        }
        if (patch.geometry !== undefined) this.applyGeometry(area, patch.geometry, area.level === 'grid');
        const row = await repo.save(area);
        await this.audit.record(em, {
          actorUserId: user.id,
          action: 'area.update',
          targetType: 'area',
          targetId: id,
          data: { code: row.code, name: row.name, parentId: row.parentId, geometryChanged: patch.geometry !== undefined },
        });
        return row;
      })
      .catch(rethrowTaken('AREA_CODE_TAKEN'));
    return toAreaDetail(saved);
  }

  /** Deletes an area nothing refers to: no child area, and nothing another module registered in AreaReferenceChecks. */
  async remove(user: AuthUser, id: number): Promise<void> {
    await this.tx.run(async (em) => {
      const area = await em.getRepository(Area).findOne({ where: { id } });
      if (!area) throw new AppException('AREA_NOT_FOUND');
      const children = await em.getRepository(Area).count({ where: { parentId: id } });
      const referring = [...(children > 0 ? ['下级区域'] : []), ...(await this.references.referring(em, id))];
      if (referring.length > 0) throw new AppException('AREA_IN_USE', `该区域还有${referring.join('、')}，不能删除`);
      await em.getRepository(Area).delete({ id });
      await this.audit.record(em, {
        actorUserId: user.id,
        action: 'area.delete',
        targetType: 'area',
        targetId: id,
        data: { code: area.code, name: area.name, level: area.level },
      });
    });
  }

  /** Responsibility zones covering a point (active ones), smallest first. */
  async zonesCovering(lat: number, lng: number): Promise<ResponsibilityZone[]> {
    assertLatLng(lat, lng);
    const active = await this.cache.get('zones:active', ['responsibility_zones'], async () =>
      (await this.db.getRepository(ResponsibilityZone).find({ where: { active: true } })).map((zone): CachedZone => ({
        zone,
        geometry: JSON.parse(zone.geometry) as AreaGeometry,
      })),
    );
    const hits = active
      .filter(
        ({ zone: z, geometry }) =>
          z.minLat <= lat && z.maxLat >= lat && z.minLng <= lng && z.maxLng >= lng && containsPoint(geometry, lat, lng),
      )
      .map((c) => c.zone);
    const size = (z: ResponsibilityZone) => (z.maxLat - z.minLat) * (z.maxLng - z.minLng);
    return hits.sort((a, b) => size(a) - size(b) || a.id - b.id);
  }

  private applyGeometry(area: Area, geometry: unknown, required: boolean): void {
    if (geometry === null || geometry === undefined) {
      if (required) throw new AppException('GEOMETRY_INVALID', '网格必须有边界多边形');
      area.geometry = null;
      Object.assign(area, { minLat: null, minLng: null, maxLat: null, maxLng: null });
      return;
    }
    const polygon = parsePolygon(geometry);
    area.geometry = JSON.stringify(polygon);
    Object.assign(area, bboxOf(polygon));
  }

  private async checkParent(em: EntityManager, level: AreaLevel, parentId: number | null): Promise<void> {
    const wanted = parentLevelOf(level);
    if (wanted === null) {
      if (parentId !== null) throw new AppException('AREA_PARENT_INVALID', '区是最高一级，不能有上级区域');
      return;
    }
    if (parentId === null) throw new AppException('AREA_PARENT_INVALID');
    const parent = await em.getRepository(Area).findOne({ where: { id: parentId }, select: { id: true, level: true } });
    if (!parent || parent.level !== wanted) throw new AppException('AREA_PARENT_INVALID');
  }
}
