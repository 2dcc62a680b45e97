import { Injectable } from '@nestjs/common';
import type { DispatchQualityDto, DispatchQualityRowDto } from '@sansui/shared';
import { DispatchTimelineRepository } from '../cases/dispatch-timeline.repository';
import { CategoriesService } from '../categories/categories.service';
import type { AuthUser } from '../common/auth/auth-user';
import { DepartmentsService } from '../departments/departments.service';
import { caseDispatchOutcome, groupBy, rates, tally, type CaseDispatchOutcome } from './dispatch-quality';
import type { StatsPeriodQuery } from './dto/kpis.dto';
import { kpiScope } from './kpi-access';
import { parsePeriod } from './stats-period';

const WRONG_CASES_SHOWN = 100;

/**
 * Dispatch quality (docs/domain.md §17), computed from the case timelines — the `dispatch` and `return` events of
 * every case whose first dispatch falls in the period (read by the cases module's DispatchTimelineRepository) — never
 * from a counter. A department manager sees the cases routing sent to their department first.
 */
@Injectable()
export class DispatchQualityService {
  constructor(
    private readonly timelines: DispatchTimelineRepository,
    private readonly departments: DepartmentsService,
    private readonly categories: CategoriesService,
  ) {}

  async get(user: AuthUser, q: StatsPeriodQuery): Promise<DispatchQualityDto> {
    const p = parsePeriod(q.from, q.to);
    let outcomes = await this.outcomes(p);
    const scope = kpiScope(user);
    if (scope.departmentId !== undefined) outcomes = outcomes.filter((o) => o.firstDepartmentId === scope.departmentId);

    const [departments, categories] = await Promise.all([this.departments.list(true), this.categories.list(true)]);
    const deptName = new Map(departments.map((d) => [d.id, d.name]));
    const catName = new Map(categories.map((c) => [c.code, c.name]));
    const rowsOf = <K>(groups: Map<K, CaseDispatchOutcome[]>, name: (k: K) => string): DispatchQualityRowDto[] =>
      [...groups.entries()]
        .map(([k, os]) => ({ key: String(k), name: name(k), ...rates(tally(os)) }))
        .sort((a, b) => (a.firstTimeRightRate ?? 1) - (b.firstTimeRightRate ?? 1) || b.dispatched - a.dispatched);

    return {
      from: p.from.toISOString(),
      to: p.to.toISOString(),
      ...rates(tally(outcomes)),
      byDepartment: rowsOf(
        groupBy(outcomes, (o) => o.firstDepartmentId),
        (id) => deptName.get(id) ?? `#${id}`,
      ),
      byCategory: rowsOf(
        groupBy(outcomes, (o) => o.categoryCode),
        (code) => catName.get(code) ?? code,
      ),
      wrongCases: outcomes
        .filter((o) => !o.firstTimeRight)
        .sort((a, b) => b.caseId - a.caseId)
        .slice(0, WRONG_CASES_SHOWN)
        .map((o) => ({
          caseId: o.caseId,
          categoryCode: o.categoryCode,
          firstDepartmentId: o.firstDepartmentId,
          dispatches: o.dispatches,
          returns: o.returns,
        })),
    };
  }

  /** The dispatch outcome of every case first dispatched in the period (also the department ranking's 首次派准率). */
  async outcomes(p: { from: Date; to: Date }): Promise<CaseDispatchOutcome[]> {
    const timelines = await this.timelines.firstDispatchedIn(p);
    return timelines.map(caseDispatchOutcome).filter((o): o is CaseDispatchOutcome => o !== null);
  }
}
