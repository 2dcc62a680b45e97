import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DispatchQualityDto, DispatchQualityRowDto } from '@sansui/shared';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { caseDispatchOutcome, groupBy, rates, tally, type CaseDispatchOutcome, type DispatchTimeline } from './dispatch-quality';
import type { StatsPeriodQuery } from './dto/kpis.dto';
import { kpiScope } from './kpi-access';
import { parsePeriod, sqlTime } from './stats-period';

interface EventRow {
  caseId: number;
  action: 'dispatch' | 'return';
  data: string | Record<string, unknown> | null;
  createdAt: Date | string;
  categoryCode: string;
}

const WRONG_CASES_SHOWN = 100;

/**
 * Dispatch quality (docs/domain.md §17), computed from the case timelines — the `dispatch` and `return` events of
 * every case whose first dispatch falls in the period — never from a counter. A department manager sees the cases
 * routing sent to their department first.
 */
@Injectable()
export class DispatchQualityService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async get(user: AuthUser, q: StatsPeriodQuery): Promise<DispatchQualityDto> {
    const p = parsePeriod(q.from, q.to);
    let outcomes = await this.outcomes(p);
    const scope = kpiScope(user);
    if (scope.departmentId !== undefined) outcomes = outcomes.filter((o) => o.firstDepartmentId === scope.departmentId);

    const [departments, categories] = await Promise.all([
      this.db.query(`SELECT id, name FROM departments`) as Promise<{ id: number; name: string }[]>,
      this.db.query(`SELECT code, name FROM categories`) as Promise<{ code: string; name: string }[]>,
    ]);
    const deptName = new Map(departments.map((d) => [Number(d.id), d.name]));
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
    const rows: EventRow[] = await this.db.query(
      `SELECT e.caseId AS caseId, e.action AS action, e.data AS data, e.createdAt AS createdAt, c.categoryCode AS categoryCode
         FROM case_events e JOIN cases c ON c.id = e.caseId
        WHERE e.action IN ('dispatch', 'return')
          AND e.caseId IN (SELECT f.caseId FROM case_events f WHERE f.action = 'dispatch' GROUP BY f.caseId
                            HAVING MIN(f.createdAt) >= ? AND MIN(f.createdAt) < ?)
        ORDER BY e.caseId, e.id`,
      [sqlTime(p.from), sqlTime(p.to)],
    );
    return [...timelines(rows).values()].map(caseDispatchOutcome).filter((o): o is CaseDispatchOutcome => o !== null);
  }
}

function timelines(rows: EventRow[]): Map<number, DispatchTimeline> {
  const out = new Map<number, DispatchTimeline>();
  for (const r of rows) {
    const caseId = Number(r.caseId);
    const data = (typeof r.data === 'string' ? JSON.parse(r.data) : r.data) as { departmentId?: number; suggested?: boolean } | null;
    const t = out.get(caseId) ?? { caseId, categoryCode: r.categoryCode, events: [] };
    t.events.push({
      action: r.action,
      departmentId: typeof data?.departmentId === 'number' ? data.departmentId : null,
      suggested: data?.suggested === true,
      at: new Date(r.createdAt),
    });
    out.set(caseId, t);
  }
  return out;
}
