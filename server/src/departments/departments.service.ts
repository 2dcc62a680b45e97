import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DepartmentType } from '@sansui/shared';
import { DataSource, EntityManager, In } from 'typeorm';
import { AreasService, rethrowTaken } from '../areas/areas.service';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth/auth-user';
import { AppException } from '../common/errors/app-exception';
import { Transactions } from '../database/transactions';
import { ZonesService } from '../areas/zones.service';
import { Department } from './department.entity';
import { DepartmentReferenceChecks } from './department-reference-checks';
import type { DepartmentResponse } from './dto/department.dto';

export interface DepartmentInput {
  code: string;
  name: string;
  type: DepartmentType;
  areaId?: number | null;
  contactPhone?: string | null;
  active?: boolean;
}

export function toDepartmentDto(d: Department): DepartmentResponse {
  return { id: d.id, code: d.code, name: d.name, type: d.type, areaId: d.areaId, active: d.active, contactPhone: d.contactPhone };
}

/** Departments (城管、环卫、街道办 …) and units owning zones. Admin edits are audited. */
@Injectable()
export class DepartmentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: Transactions,
    private readonly audit: AuditService,
    private readonly zones: ZonesService,
    private readonly areas: AreasService,
    private readonly references: DepartmentReferenceChecks,
  ) {}

  async list(includeInactive = false): Promise<DepartmentResponse[]> {
    const rows = await this.db.getRepository(Department).find({ where: includeInactive ? {} : { active: true }, order: { id: 'ASC' } });
    return rows.map(toDepartmentDto);
  }

  /** Whether the department exists, read in the caller's transaction. */
  exists(em: EntityManager, id: number): Promise<boolean> {
    return em.getRepository(Department).exists({ where: { id } });
  }

  /** The department row read in the caller's transaction, or null (a dispatch checks it is still active). */
  inTransaction(em: EntityManager, id: number): Promise<Department | null> {
    return em.getRepository(Department).findOneBy({ id });
  }

  /** Whether the department exists and is active, read in the caller's transaction. */
  isActive(em: EntityManager, id: number): Promise<boolean> {
    return em.getRepository(Department).exists({ where: { id, active: true } });
  }

  /** Names by id, in one read; an unknown id is absent from the map. */
  async namesOf(ids: readonly number[]): Promise<Map<number, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.getRepository(Department).find({ where: { id: In([...ids]) }, select: { id: true, name: true } });
    return new Map(rows.map((d) => [d.id, d.name]));
  }

  /** The department row, or null (for names and labels; `get` answers 404 instead). */
  findById(id: number): Promise<Department | null> {
    return this.db.getRepository(Department).findOneBy({ id });
  }

  /** The department rows of these ids, in one read (names and labels of a page or a timeline). */
  async byIds(ids: readonly number[]): Promise<Department[]> {
    const wanted = [...new Set(ids)];
    return wanted.length ? this.db.getRepository(Department).find({ where: { id: In(wanted) } }) : [];
  }

  async get(id: number): Promise<DepartmentResponse> {
    const d = await this.db.getRepository(Department).findOne({ where: { id } });
    if (!d) throw new AppException('DEPARTMENT_MISSING');
    return toDepartmentDto(d);
  }

  async create(user: AuthUser, input: DepartmentInput): Promise<DepartmentResponse> {
    return this.tx
      .run(async (em) => {
        const repo = em.getRepository(Department);
        if (await repo.exists({ where: { code: input.code } })) throw new AppException('DEPARTMENT_CODE_TAKEN');
        await this.checkArea(em, input.areaId);
        const saved = await repo.save(
          repo.create({
            code: input.code,
            name: input.name,
            type: input.type,
            areaId: input.areaId ?? null,
            contactPhone: input.contactPhone ?? null,
            active: input.active ?? true,
          }),
        );
        await this.audit.record(em, {
          actorUserId: user.id,
          action: 'department.create',
          targetType: 'department',
          targetId: saved.id,
          data: { ...toDepartmentDto(saved) },
        });
        return toDepartmentDto(saved);
      })
      .catch(rethrowTaken('DEPARTMENT_CODE_TAKEN'));
  }

  async update(user: AuthUser, id: number, patch: Partial<DepartmentInput>): Promise<DepartmentResponse> {
    return this.tx
      .run(async (em) => {
        const repo = em.getRepository(Department);
        const d = await repo.findOne({ where: { id }, ...this.tx.forUpdate() });
        if (!d) throw new AppException('DEPARTMENT_MISSING');
        if (patch.code !== undefined && patch.code !== d.code) {
          if (await repo.exists({ where: { code: patch.code } })) throw new AppException('DEPARTMENT_CODE_TAKEN');
          d.code = patch.code;
        }
        if (patch.areaId !== undefined) {
          await this.checkArea(em, patch.areaId);
          d.areaId = patch.areaId;
        }
        if (patch.name !== undefined) d.name = patch.name;
        if (patch.type !== undefined) d.type = patch.type;
        if (patch.contactPhone !== undefined) d.contactPhone = patch.contactPhone;
        if (patch.active !== undefined) d.active = patch.active;
        const saved = await repo.save(d);
        await this.audit.record(em, {
          actorUserId: user.id,
          action: 'department.update',
          targetType: 'department',
          targetId: id,
          data: { ...toDepartmentDto(saved) },
        });
        return toDepartmentDto(saved);
      })
      .catch(rethrowTaken('DEPARTMENT_CODE_TAKEN'));
  }

  /** Deletes a department nothing refers to (no zone, nothing registered in DepartmentReferenceChecks); else it can only be deactivated. */
  async remove(user: AuthUser, id: number): Promise<void> {
    await this.tx.run(async (em) => {
      const d = await em.getRepository(Department).findOne({ where: { id } });
      if (!d) throw new AppException('DEPARTMENT_MISSING');
      const zones = await this.zones.countOfDepartment(em, id);
      const referring = [...(await this.references.referring(em, id)), ...(zones > 0 ? ['责任区'] : [])];
      if (referring.length > 0) throw new AppException('DEPARTMENT_IN_USE', `该部门还有${referring.join('、')}，不能删除，可改为停用`);
      await em.getRepository(Department).delete({ id });
      await this.audit.record(em, {
        actorUserId: user.id,
        action: 'department.delete',
        targetType: 'department',
        targetId: id,
        data: { code: d.code, name: d.name },
      });
    });
  }

  private async checkArea(em: EntityManager, areaId: number | null | undefined): Promise<void> {
    if (areaId && !(await this.areas.exists(em, areaId))) throw new AppException('AREA_NOT_FOUND');
  }
}
