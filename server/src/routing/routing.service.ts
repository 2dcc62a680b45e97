import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { RoutingRuleDto, RoutingSuggestionDto } from '@sansui/shared';
import { DataSource, EntityManager } from 'typeorm';
import { AreasService } from '../areas/areas.service';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth/auth-user';
import { AppException } from '../common/errors/app-exception';
import { CategoriesService } from '../categories/categories.service';
import { TableCache } from '../database/table-cache';
import { Transactions } from '../database/transactions';
import { cachedCategory } from '../categories/category-catalogue';
import { cachedDepartments } from '../departments/department-catalogue';
import type { Department } from '../departments/department.entity';
import { DepartmentsService } from '../departments/departments.service';
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
    private readonly cache: TableCache,
    private readonly categories: CategoriesService,
    private readonly departmentRows: DepartmentsService,
  ) {}

  /**
   * The facts come from the TableCache (categories, areas, zones, rules and departments change rarely and
   * are dropped from it on every write), so a suggestion costs no query once they are warm. `em` is
   * accepted for callers inside a transaction; the cached tables are read outside it.
   */
  async suggest(input: SuggestInput, _em?: EntityManager): Promise<RoutingSuggestionDto> {
    assertLatLng(input.lat, input.lng);
    const category = await cachedCategory(this.cache, this.db, input.categoryCode);
    const gridId = input.gridId ?? (await this.areas.locateGrid(input.lat, input.lng))?.id ?? null;
    const chain = gridId !== null ? await this.areas.ancestors(gridId) : [];
    const areaIds = new Set(chain.map((a) => a.id));
    const rules = (await this.activeRules()).filter(
      (r) => (r.areaId === null || areaIds.has(r.areaId)) && (r.categoryCode === null || r.categoryCode === input.categoryCode),
    );
    const zones = await this.areas.zonesCovering(input.lat, input.lng);
    const allDepartments = await this.departments();
    const byId = new Set([...rules.map((r) => r.departmentId), ...zones.map((z) => z.departmentId)]);
    const departments = [
      ...allDepartments.filter((d) => byId.has(d.id)),
      ...(category
        ? allDepartments.filter((d) => d.type === category.defaultDepartmentType && (d.areaId === null || areaIds.has(d.areaId)))
        : []),
    ];
    return decideRoute({ categoryCode: input.categoryCode, category, chain, rules, zones, departments });
  }

  private activeRules(): Promise<RoutingRule[]> {
    return this.cache.get('routing_rules:active', ['routing_rules'], () =>
      this.db.getRepository(RoutingRule).find({ where: { active: true }, order: { id: 'ASC' } }),
    );
  }

  private departments(): Promise<Department[]> {
    return cachedDepartments(this.cache, this.db);
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
    if (input.categoryCode && !(await this.categories.exists(em, input.categoryCode))) throw new AppException('CATEGORY_UNKNOWN');
    if (input.areaId && !(await this.areas.exists(em, input.areaId))) throw new AppException('AREA_NOT_FOUND');
    if (input.departmentId !== undefined && !(await this.departmentRows.exists(em, input.departmentId)))
      throw new AppException('DEPARTMENT_NOT_FOUND');
  }
}
