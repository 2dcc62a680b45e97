import { Injectable } from '@nestjs/common';
import type { DispatchQualityDto, DispatchQualityRowDto } from '@sansui/shared';
import { DayFiguresRepository } from '../cases/day-figures.repository';
import { DispatchOutcomeRepository, type DispatchOutcomeGroup } from '../cases/dispatch-outcome.repository';
import { CategoriesService } from '../categories/categories.service';
import type { AuthUser } from '../common/auth/auth-user';
import { DepartmentsService } from '../departments/departments.service';
import { groupBy, rates, tallyGroups, type DispatchTally } from './dispatch-quality';
import type { StatsPeriodQuery } from './dto/kpis.dto';
import { kpiScope } from './kpi-access';
import { parsePeriod, splitAtWholeDays } from './stats-period';

type OutcomePeriod = { from: Date; to: Date; departmentId?: number | null };

const WRONG_CASES_SHOWN = 100;

/**
 * Dispatch quality (docs/domain.md §17) of the cases first dispatched in the period, from the outcome each case keeps
 * of its own dispatch and return events (cases module's DispatchOutcomeRepository: one grouped range of the
 * (firstDispatchedAt, …) index; whole past days from the daily roll-up). A department manager sees the cases routing
 * sent to their department first.
 */
@Injectable()
export class DispatchQualityService {
  constructor(
    private readonly outcomes: DispatchOutcomeRepository,
    private readonly dayFigures: DayFiguresRepository,
    private readonly departments: DepartmentsService,
    private readonly categories: CategoriesService,
  ) {}

  async get(user: AuthUser, q: StatsPeriodQuery, now: Date = new Date()): Promise<DispatchQualityDto> {
    const p = { ...parsePeriod(q.from, q.to), departmentId: kpiScope(user).departmentId };
    const [groups, wrong, departments, categories] = await Promise.all([
      this.groups(p, now),
      this.outcomes.wrong(p, WRONG_CASES_SHOWN),
      this.departments.list(true),
      this.categories.list(true),
    ]);
    const deptName = new Map(departments.map((d) => [d.id, d.name]));
    const catName = new Map(categories.map((c) => [c.code, c.name]));
    const rowsOf = <K>(by: Map<K, DispatchOutcomeGroup[]>, name: (k: K) => string): DispatchQualityRowDto[] =>
      [...by.entries()]
        .map(([k, gs]) => ({ key: String(k), name: name(k), ...rates(tallyGroups(gs)) }))
        .sort((a, b) => (a.firstTimeRightRate ?? 1) - (b.firstTimeRightRate ?? 1) || b.dispatched - a.dispatched);

    return {
      from: p.from.toISOString(),
      to: p.to.toISOString(),
      ...rates(tallyGroups(groups)),
      byDepartment: rowsOf(
        groupBy(groups, (g) => g.departmentId),
        (id) => deptName.get(id) ?? `#${id}`,
      ),
      byCategory: rowsOf(
        groupBy(groups, (g) => g.categoryCode),
        (code) => catName.get(code) ?? code,
      ),
      wrongCases: wrong,
    };
  }

  /** The dispatch sums per first department of the cases first dispatched in the period (the ranking's 首次派准率). */
  async byDepartment(p: OutcomePeriod, now: Date = new Date()): Promise<Map<number, DispatchTally>> {
    const by = groupBy(await this.groups(p, now), (g) => g.departmentId);
    return new Map([...by.entries()].map(([id, gs]) => [id, tallyGroups(gs)]));
  }

  /**
   * The outcome groups of the cases first dispatched in the period: whole past days from the daily roll-up, the rest
   * (today, a period's partial ends) from the cases' stored outcomes. Groups may repeat a (department, category).
   */
  private async groups(p: OutcomePeriod, now: Date): Promise<DispatchOutcomeGroup[]> {
    const { days, rest } = splitAtWholeDays(p, now);
    const parts = await Promise.all([
      ...(days ? [this.dayFigures.dispatchGroups(days, p.departmentId)] : []),
      ...rest.map((r) => this.outcomes.groups({ ...r, departmentId: p.departmentId })),
    ]);
    return parts.flat();
  }
}
