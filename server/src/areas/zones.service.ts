import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ResponsibilityZoneDto } from '@sansui/shared';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth/auth-user';
import { AppException } from '../common/errors/app-exception';
import { Transactions } from '../database/transactions';
import { bboxOf, bufferLine, parsePolygon } from './geometry';
import { ZoneDepartments } from './zone-departments';
import { ResponsibilityZone } from './responsibility-zone.entity';

export interface ZoneInput {
  name: string;
  departmentId: number;
  /** A GeoJSON Polygon, or … */
  geometry?: unknown;
  /** … a LineString (包干路段) widened by bufferM metres each side. */
  line?: unknown;
  bufferM?: number;
  categoryCodes?: string[] | null;
  active?: boolean;
}

export function toZoneDto(z: ResponsibilityZone): ResponsibilityZoneDto {
  return {
    id: z.id,
    name: z.name,
    departmentId: z.departmentId,
    geometry: JSON.parse(z.geometry),
    sourceLine: z.sourceLine ? JSON.parse(z.sourceLine) : null,
    bufferM: z.bufferM,
    categoryCodes: z.categoryCodes,
    active: z.active,
  };
}

/** Writes the zone's shape (polygon, or a buffered line) and its bounding box. */
export function applyZoneShape(zone: ResponsibilityZone, input: Pick<ZoneInput, 'geometry' | 'line' | 'bufferM'>): void {
  if (input.line !== undefined && input.line !== null) {
    const bufferM = input.bufferM ?? 15;
    const { line, polygon } = bufferLine(input.line, bufferM);
    zone.sourceLine = JSON.stringify(line);
    zone.bufferM = bufferM;
    zone.geometry = JSON.stringify(polygon);
    Object.assign(zone, bboxOf(polygon));
    return;
  }
  const polygon = parsePolygon(input.geometry);
  zone.geometry = JSON.stringify(polygon);
  zone.sourceLine = null;
  zone.bufferM = null;
  Object.assign(zone, bboxOf(polygon));
}

/** 责任区 / 包干路段 / 门前四包 (docs/domain.md §3): shapes owned by a unit; routing sends reports inside them to it. */
@Injectable()
export class ZonesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: Transactions,
    private readonly audit: AuditService,
    private readonly departments: ZoneDepartments,
  ) {}

  async list(): Promise<ResponsibilityZoneDto[]> {
    const rows = await this.db.getRepository(ResponsibilityZone).find({ order: { id: 'ASC' } });
    return rows.map(toZoneDto);
  }

  async get(id: number): Promise<ResponsibilityZoneDto> {
    const z = await this.db.getRepository(ResponsibilityZone).findOne({ where: { id } });
    if (!z) throw new AppException('ZONE_NOT_FOUND');
    return toZoneDto(z);
  }

  async create(user: AuthUser, input: ZoneInput): Promise<ResponsibilityZoneDto> {
    if (input.geometry == null && input.line == null)
      throw new AppException('GEOMETRY_INVALID', '请提供责任区多边形（geometry）或包干路段线（line）');
    return this.tx.run(async (em) => {
      await this.checkDepartment(em, input.departmentId);
      const repo = em.getRepository(ResponsibilityZone);
      const zone = repo.create({
        name: input.name,
        departmentId: input.departmentId,
        categoryCodes: input.categoryCodes ?? null,
        active: input.active ?? true,
      });
      applyZoneShape(zone, input);
      const saved = await repo.save(zone);
      await this.audit.record(em, {
        actorUserId: user.id,
        action: 'zone.create',
        targetType: 'zone',
        targetId: saved.id,
        data: { name: saved.name, departmentId: saved.departmentId, bufferM: saved.bufferM, categoryCodes: saved.categoryCodes },
      });
      return toZoneDto(saved);
    });
  }

  async update(user: AuthUser, id: number, patch: Partial<ZoneInput>): Promise<ResponsibilityZoneDto> {
    return this.tx.run(async (em) => {
      const repo = em.getRepository(ResponsibilityZone);
      const zone = await repo.findOne({ where: { id }, ...this.tx.forUpdate() });
      if (!zone) throw new AppException('ZONE_NOT_FOUND');
      if (patch.departmentId !== undefined) {
        await this.checkDepartment(em, patch.departmentId);
        zone.departmentId = patch.departmentId;
      }
      if (patch.name !== undefined) zone.name = patch.name;
      if (patch.categoryCodes !== undefined) zone.categoryCodes = patch.categoryCodes;
      if (patch.active !== undefined) zone.active = patch.active;
      const shapeChanged = patch.geometry != null || patch.line != null || (patch.bufferM !== undefined && zone.sourceLine !== null);
      if (patch.geometry != null || patch.line != null) applyZoneShape(zone, patch);
      else if (patch.bufferM !== undefined && zone.sourceLine)
        applyZoneShape(zone, { line: JSON.parse(zone.sourceLine), bufferM: patch.bufferM });
      const saved = await repo.save(zone);
      await this.audit.record(em, {
        actorUserId: user.id,
        action: 'zone.update',
        targetType: 'zone',
        targetId: id,
        data: {
          name: saved.name,
          departmentId: saved.departmentId,
          categoryCodes: saved.categoryCodes,
          active: saved.active,
          shapeChanged,
        },
      });
      return toZoneDto(saved);
    });
  }

  /** How many zones a department is responsible for (its delete is refused while any is). */
  countOfDepartment(em: EntityManager, departmentId: number): Promise<number> {
    return em.getRepository(ResponsibilityZone).count({ where: { departmentId } });
  }

  async remove(user: AuthUser, id: number): Promise<void> {
    await this.tx.run(async (em) => {
      const zone = await em.getRepository(ResponsibilityZone).findOne({ where: { id } });
      if (!zone) throw new AppException('ZONE_NOT_FOUND');
      await em.getRepository(ResponsibilityZone).delete({ id });
      await this.audit.record(em, {
        actorUserId: user.id,
        action: 'zone.delete',
        targetType: 'zone',
        targetId: id,
        data: { name: zone.name, departmentId: zone.departmentId },
      });
    });
  }

  private async checkDepartment(em: EntityManager, departmentId: number): Promise<void> {
    if (!(await this.departments.exists(em, departmentId))) throw new AppException('DEPARTMENT_NOT_FOUND');
  }
}
