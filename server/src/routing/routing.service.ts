import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { RoutingRuleDto, RoutingSuggestionDto } from '@sansui/shared';
import { Brackets, DataSource, EntityManager, In, IsNull } from 'typeorm';
import { AreasService } from '../areas/areas.service';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth/auth-user';
import { AppException } from '../common/errors/app-exception';
import { Category } from '../categories/category.entity';
import { Transactions } from '../database/transactions';
import { Department } from '../departments/department.entity';
import { Area } from '../areas/area.entity';
import { assertLatLng } from '../areas/geometry';
import { decideRoute } from './routing-decision';
import { RoutingRule } from './routing-rule.entity';

export interface SuggestInput {
  categoryCode: string;
  lat: number;
  lng: number;
  /** The grid if already known (triage located it); otherwise it is looked up from lat/lng. */
  gridId?: number | null;
}

export interface RoutingRuleInput {
  categoryCode?: string | null;
  areaId?: number | null;
  departmentId: number;
  priority?: number;
  active?: boolean;
  note?: string | null;
}

export function toRuleDto(r: RoutingRule): RoutingRuleDto {
  return {
    id: r.id,
    categoryCode: r.categoryCode,
    areaId: r.areaId,
    departmentId: r.departmentId,
    priority: r.priority,
    active: r.active,
    note: r.note,
  };
}

/**
 * Routing suggestions (docs/domain.md §6 step 5) and the rule table behind them. `suggest` gathers the facts
 * (category, the grid's chain of areas, rules, zones, candidate departments) and leaves the decision
 * to the pure `decideRoute`.
 */
@Injectable()
export class RoutingService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: Transactions,
    private readonly audit: AuditService,
    private readonly areas: AreasService,
  ) {}

  async suggest(input: SuggestInput, em: EntityManager = this.db.manager): Promise<RoutingSuggestionDto> {
    assertLatLng(input.lat, input.lng);
    const category = await em.getRepository(Category).findOne({ where: { code: input.categoryCode } });
    const gridId = input.gridId ?? (await this.areas.locateGrid(input.lat, input.lng))?.id ?? null;
    const chain = gridId !== null ? await this.areas.ancestors(gridId, em) : [];
    const areaIds = chain.map((a) => a.id);
    const rules = await em
      .getRepository(RoutingRule)
      .createQueryBuilder('r')
      .where('r.active = :active', { active: true })
      .andWhere(
        new Brackets((q) =>
          areaIds.length ? q.where('r.areaId IN (:...areaIds)', { areaIds }).orWhere('r.areaId IS NULL') : q.where('r.areaId IS NULL'),
        ),
      )
      .andWhere(new Brackets((q) => q.where('r.categoryCode = :code', { code: input.categoryCode }).orWhere('r.categoryCode IS NULL')))
      .getMany();
    const zones = await this.areas.zonesCovering(input.lat, input.lng, em);
    const deptRepo = em.getRepository(Department);
    const byId = [...new Set([...rules.map((r) => r.departmentId), ...zones.map((z) => z.departmentId)])];
    const departments = [
      ...(byId.length ? await deptRepo.find({ where: { id: In(byId) } }) : []),
      ...(category
        ? await deptRepo.find({
            where: [
              { type: category.defaultDepartmentType, areaId: IsNull() },
              ...(areaIds.length ? [{ type: category.defaultDepartmentType, areaId: In(areaIds) }] : []),
            ],
          })
        : []),
    ];
    return decideRoute({ categoryCode: input.categoryCode, category, chain, rules, zones, departments });
  }

  async listRules(): Promise<RoutingRuleDto[]> {
    const rows = await this.db.getRepository(RoutingRule).find({ order: { id: 'ASC' } });
    return rows.map(toRuleDto);
  }

  async createRule(user: AuthUser, input: RoutingRuleInput): Promise<RoutingRuleDto> {
    return this.tx.run(async (em) => {
      await this.checkRefs(em, input);
      const repo = em.getRepository(RoutingRule);
      const saved = await repo.save(
        repo.create({
          categoryCode: input.categoryCode ?? null,
          areaId: input.areaId ?? null,
          departmentId: input.departmentId,
          priority: input.priority ?? 0,
          active: input.active ?? true,
          note: input.note ?? null,
        }),
      );
      await this.audit.record(em, {
        actorUserId: user.id,
        action: 'routing_rule.create',
        targetType: 'routing_rule',
        targetId: saved.id,
        data: { ...toRuleDto(saved) },
      });
      return toRuleDto(saved);
    });
  }

  async updateRule(user: AuthUser, id: number, patch: Partial<RoutingRuleInput>): Promise<RoutingRuleDto> {
    return this.tx.run(async (em) => {
      const repo = em.getRepository(RoutingRule);
      const rule = await repo.findOne({ where: { id }, ...this.tx.forUpdate() });
      if (!rule) throw new AppException('ROUTING_RULE_NOT_FOUND');
      await this.checkRefs(em, patch);
      if (patch.categoryCode !== undefined) rule.categoryCode = patch.categoryCode;
      if (patch.areaId !== undefined) rule.areaId = patch.areaId;
      if (patch.departmentId !== undefined) rule.departmentId = patch.departmentId;
      if (patch.priority !== undefined) rule.priority = patch.priority;
      if (patch.active !== undefined) rule.active = patch.active;
      if (patch.note !== undefined) rule.note = patch.note;
      const saved = await repo.save(rule);
      await this.audit.record(em, {
        actorUserId: user.id,
        action: 'routing_rule.update',
        targetType: 'routing_rule',
        targetId: id,
        data: { ...toRuleDto(saved) },
      });
      return toRuleDto(saved);
    });
  }

  async removeRule(user: AuthUser, id: number): Promise<void> {
    await this.tx.run(async (em) => {
      const rule = await em.getRepository(RoutingRule).findOne({ where: { id } });
      if (!rule) throw new AppException('ROUTING_RULE_NOT_FOUND');
      await em.getRepository(RoutingRule).delete({ id });
      await this.audit.record(em, {
        actorUserId: user.id,
        action: 'routing_rule.delete',
        targetType: 'routing_rule',
        targetId: id,
        data: { ...toRuleDto(rule) },
      });
    });
  }

  private async checkRefs(em: EntityManager, input: Partial<RoutingRuleInput>): Promise<void> {
    if (input.categoryCode && !(await em.getRepository(Category).exists({ where: { code: input.categoryCode } })))
      throw new AppException('CATEGORY_UNKNOWN');
    if (input.areaId && !(await em.getRepository(Area).exists({ where: { id: input.areaId } }))) throw new AppException('AREA_NOT_FOUND');
    if (input.departmentId !== undefined && !(await em.getRepository(Department).exists({ where: { id: input.departmentId } })))
      throw new AppException('DEPARTMENT_NOT_FOUND');
  }
}
