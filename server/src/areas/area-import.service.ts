import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  AREA_LEVELS,
  AREA_LEVEL_LABELS,
  type AreaImportIssue,
  type AreaImportOverlap,
  type AreaImportPreview,
  type AreaLevel,
} from '@sansui/shared';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth/auth-user';
import { AppException } from '../common/errors/app-exception';
import { Transactions } from '../database/transactions';
import { Area } from './area.entity';
import { parentLevelOf } from './areas.service';
import { AreaGeometry, Bbox, bboxesIntersect, bboxOf, overlapM2, polygonProblem } from './geometry';

/** A feature that passed the checks, ready to write. */
interface Planned {
  index: number;
  code: string;
  name: string;
  level: AreaLevel;
  parentCode: string | null;
  geometry: AreaGeometry | null;
  bbox: Bbox | null;
  existingId: number | null;
}

const CODE_PATTERN = /^[\p{L}\p{N}_.:-]{1,64}$/u;
/** Overlaps smaller than this (m²) are rounding noise along shared edges. */
const OVERLAP_TOLERANCE_M2 = 1;
const MAX_OVERLAPS_REPORTED = 200;
export const MAX_FEATURES = 20000;

/**
 * GeoJSON import of the area tree (admin). Each feature is one area: properties `code`, `name`,
 * `parentCode` and optionally `level` (default `grid`). Whole levels can be imported in one file;
 * parents may come from the same file or the database. Existing codes are updated, new ones created.
 * A dry run returns the preview (counts, invalid features with reasons, overlapping grids); a real
 * import refuses a file with any problem, so the tree never holds half an import.
 */
@Injectable()
export class AreaImportService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: Transactions,
    private readonly audit: AuditService,
  ) {}

  async import(user: AuthUser, features: unknown[], dryRun: boolean): Promise<AreaImportPreview> {
    if (dryRun) {
      const { preview } = await this.plan(this.db.manager, features);
      return { ...preview, dryRun: true, imported: false };
    }
    const result = await this.tx.run(async (em) => {
      const { preview, planned } = await this.plan(em, features);
      if (preview.invalid.length || preview.overlaps.length) {
        const details = [
          ...preview.invalid.map((i) => ({
            field: `features[${i.index}]`,
            code: 'INVALID_FEATURE',
            message: `${i.code ?? '（无编码）'}：${i.reason}`,
          })),
          ...preview.overlaps.map((o) => ({
            field: `${o.a}/${o.b}`,
            code: 'OVERLAP',
            message: `网格 ${o.a} 与 ${o.b} 重叠约 ${o.areaM2} 平方米`,
          })),
        ];
        throw new AppException('AREA_IMPORT_INVALID', undefined, details);
      }
      await this.write(em, planned);
      await this.audit.record(em, {
        actorUserId: user.id,
        action: 'area.import',
        targetType: 'area',
        targetId: null,
        data: { counts: preview.counts, total: preview.total },
      });
      return { ...preview, dryRun: false, imported: true };
    });
    return result;
  }

  /** The same import from an uploaded .geojson file (for files beyond the 1 MB JSON body limit). */
  async importFile(user: AuthUser, file: Buffer | undefined, dryRun: boolean): Promise<AreaImportPreview> {
    if (!file || file.length === 0) throw new AppException('VALIDATION_FAILED', '请选择 GeoJSON 文件（字段名 file）');
    let parsed: { type?: unknown; features?: unknown };
    try {
      parsed = JSON.parse(file.toString('utf8').replace(/^\uFEFF/, ''));
    } catch {
      throw new AppException('VALIDATION_FAILED', '文件不是有效的 JSON，请导出为 GeoJSON 后再上传');
    }
    if (!parsed || parsed.type !== 'FeatureCollection' || !Array.isArray(parsed.features))
      throw new AppException('VALIDATION_FAILED', '请上传 GeoJSON FeatureCollection');
    if (parsed.features.length > MAX_FEATURES) throw new AppException('VALIDATION_FAILED', `一次最多导入 ${MAX_FEATURES} 个要素`);
    return this.import(user, parsed.features, dryRun);
  }

  private async plan(em: EntityManager, features: unknown[]): Promise<{ preview: AreaImportPreview; planned: Planned[] }> {
    const existing = await em.getRepository(Area).find({ select: { id: true, code: true, level: true } });
    const existingByCode = new Map(existing.map((a) => [a.code, a]));
    const invalid: AreaImportIssue[] = [];
    const candidates: Planned[] = [];
    const seen = new Set<string>();

    features.forEach((raw, index) => {
      const f = (raw ?? {}) as { type?: unknown; properties?: unknown; geometry?: unknown };
      const props = (f.properties && typeof f.properties === 'object' ? f.properties : {}) as Record<string, unknown>;
      const code = typeof props.code === 'string' ? props.code.trim() : null;
      const fail = (reason: string) => invalid.push({ index, code, reason });
      if (f.type !== 'Feature') return fail('不是 GeoJSON Feature');
      if (!code || !CODE_PATTERN.test(code)) return fail('缺少编码（properties.code），或编码含空格等非法字符，长度不超过 64');
      if (seen.has(code)) return fail(`编码 ${code} 在文件中重复`);
      seen.add(code);
      const name = typeof props.name === 'string' ? props.name.trim() : '';
      if (!name || name.length > 100) return fail('缺少名称（properties.name），或名称超过 100 字');
      const level = (props.level ?? 'grid') as AreaLevel;
      if (!(AREA_LEVELS as readonly string[]).includes(level))
        return fail(`层级 ${String(props.level)} 无效，应为 district、street、community 或 grid`);
      const parentCode = typeof props.parentCode === 'string' && props.parentCode.trim() ? props.parentCode.trim() : null;
      if (parentLevelOf(level) === null && parentCode) return fail('区是最高一级，不能有上级编码');
      if (parentLevelOf(level) !== null && !parentCode) return fail(`${AREA_LEVEL_LABELS[level]}需要上级编码（properties.parentCode）`);
      const old = existingByCode.get(code);
      if (old && old.level !== level) return fail(`编码 ${code} 已是${AREA_LEVEL_LABELS[old.level]}，不能改为${AREA_LEVEL_LABELS[level]}`);
      let geometry: AreaGeometry | null = null;
      if (f.geometry !== null && f.geometry !== undefined) {
        const problem = polygonProblem(f.geometry);
        if (problem) return fail(problem);
        geometry = f.geometry as AreaGeometry;
      } else if (level === 'grid') return fail('网格缺少边界（geometry）');
      candidates.push({
        index,
        code,
        name,
        level,
        parentCode,
        geometry,
        bbox: geometry ? bboxOf(geometry) : null,
        existingId: old?.id ?? null,
      });
    });

    // Parents: from this file (valid features only) or the database, one level up.
    const fileByCode = new Map(candidates.map((c) => [c.code, c]));
    const invalidCodes = new Set(invalid.map((i) => i.code).filter((c): c is string => !!c));
    const resolved = new Map<string, boolean>();
    const parentOk = (c: Planned, depth = 0): boolean => {
      if (resolved.has(c.code)) return resolved.get(c.code)!;
      let ok = true;
      const wanted = parentLevelOf(c.level);
      if (wanted !== null && c.parentCode) {
        const inFile = fileByCode.get(c.parentCode);
        const inDb = existingByCode.get(c.parentCode);
        if (inFile) {
          ok = inFile.level === wanted && depth < 5 && parentOk(inFile, depth + 1);
          if (!ok)
            invalid.push({
              index: c.index,
              code: c.code,
              reason: inFile.level !== wanted ? `上级 ${c.parentCode} 不是${AREA_LEVEL_LABELS[wanted]}` : `上级 ${c.parentCode} 无效`,
            });
        } else if (invalidCodes.has(c.parentCode)) {
          ok = false;
          invalid.push({ index: c.index, code: c.code, reason: `上级 ${c.parentCode} 无效` });
        } else if (inDb) {
          ok = inDb.level === wanted;
          if (!ok) invalid.push({ index: c.index, code: c.code, reason: `上级 ${c.parentCode} 不是${AREA_LEVEL_LABELS[wanted]}` });
        } else {
          ok = false;
          invalid.push({ index: c.index, code: c.code, reason: `上级编码 ${c.parentCode} 不存在` });
        }
      }
      resolved.set(c.code, ok);
      return ok;
    };
    const planned = candidates.filter((c) => parentOk(c));
    invalid.sort((a, b) => a.index - b.index);

    const overlaps = await this.overlaps(em, planned);
    const counts = Object.fromEntries(AREA_LEVELS.map((l) => [l, { create: 0, update: 0 }])) as AreaImportPreview['counts'];
    for (const p of planned) counts[p.level][p.existingId ? 'update' : 'create']++;
    return { preview: { dryRun: true, counts, total: features.length, invalid, overlaps, imported: false }, planned };
  }

  /** Grids of the file that overlap each other or a grid already stored (and not replaced by the file). */
  private async overlaps(em: EntityManager, planned: Planned[]): Promise<AreaImportOverlap[]> {
    const grids = planned.filter((p) => p.level === 'grid' && p.geometry);
    if (!grids.length) return [];
    const replaced = new Set(grids.map((g) => g.code));
    const stored = (
      await em.getRepository(Area).find({
        where: { level: 'grid' },
        select: { id: true, code: true, geometry: true, minLat: true, minLng: true, maxLat: true, maxLng: true },
      })
    )
      .filter((a) => a.geometry && !replaced.has(a.code))
      .map((a) => ({
        code: a.code,
        geometry: JSON.parse(a.geometry!) as AreaGeometry,
        bbox: { minLat: a.minLat!, minLng: a.minLng!, maxLat: a.maxLat!, maxLng: a.maxLng! },
      }));
    const all = [...grids.map((g) => ({ code: g.code, geometry: g.geometry!, bbox: g.bbox! })), ...stored];
    const found: AreaImportOverlap[] = [];
    for (let i = 0; i < grids.length && found.length < MAX_OVERLAPS_REPORTED; i++) {
      for (let j = i + 1; j < all.length && found.length < MAX_OVERLAPS_REPORTED; j++) {
        if (!bboxesIntersect(all[i].bbox, all[j].bbox)) continue;
        const m2 = overlapM2(all[i].geometry, all[j].geometry);
        if (m2 > OVERLAP_TOLERANCE_M2) found.push({ a: all[i].code, b: all[j].code, areaM2: Math.round(m2) });
      }
    }
    return found;
  }

  private async write(em: EntityManager, planned: Planned[]): Promise<void> {
    const repo = em.getRepository(Area);
    const idByCode = new Map((await repo.find({ select: { id: true, code: true } })).map((a) => [a.code, a.id]));
    for (const level of AREA_LEVELS) {
      for (const p of planned.filter((x) => x.level === level)) {
        const values = {
          code: p.code,
          name: p.name,
          level: p.level,
          parentId: p.parentCode ? idByCode.get(p.parentCode)! : null,
          geometry: p.geometry ? JSON.stringify({ type: p.geometry.type, coordinates: p.geometry.coordinates }) : null,
          ...(p.bbox ?? { minLat: null, minLng: null, maxLat: null, maxLng: null }),
        };
        if (p.existingId) await repo.update({ id: p.existingId }, values);
        else idByCode.set(p.code, (await repo.save(repo.create(values))).id);
      }
    }
  }
}
