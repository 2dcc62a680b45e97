import { Injectable } from '@nestjs/common';
import { chinaDay, chinaDayStart, type DepartmentKpiDto, type GridStatDto, type TrendPointDto } from '@sansui/shared';
import { CaseFiguresRepository, type ByDepartment, type FigureQuery } from '../cases/case-figures.repository';
import { countsOf, DayFiguresRepository, type DepartmentCounts } from '../cases/day-figures.repository';
import { DepartmentsService } from '../departments/departments.service';
import { rates, tallyGroups } from './dispatch-quality';
import { DispatchQualityService } from './dispatch-quality.service';
import { daysOf, splitAtWholeDays, type StatsPeriod } from './stats-period';

/** Restricts figures to one department (a dept_manager sees only their own). */
export interface KpiScope {
  departmentId?: number | null;
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
/** A share to four decimals; null when there is nothing to divide by. */
const rate = (part: number, whole: number): number | null => (whole > 0 ? Math.round((part / whole) * 10000) / 10000 : null);
/** Adds `more` into `into`, key by key. */
const addInto = <K>(into: Map<K, number>, more: Map<K, number>): Map<K, number> => {
  for (const [k, n] of more) into.set(k, (into.get(k) ?? 0) + n);
  return into;
};

/** The median in hours, to two decimals, of handling times given as (minutes → cases): the middle one or two values. */
function medianHours(counts: Map<number, number>): number | null {
  const sorted = [...counts].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const total = sorted.reduce((a, [, n]) => a + n, 0);
  if (total === 0) return null;
  const at = (rank: number) => {
    let seen = 0;
    for (const [m, n] of sorted) if ((seen += n) >= rank) return m;
    return sorted[sorted.length - 1][0];
  };
  const middle = [at(Math.floor((total + 1) / 2)), at(Math.floor(total / 2) + 1)];
  return Math.round(((middle[0] + middle[1]) / 2 / 60) * 100) / 100;
}

/**
 * Department KPIs, grid counts and daily trends (docs/domain.md §7), from the cases module's read model
 * (CaseFiguresRepository: one GROUP BY per figure).
 *
 * Attribution: received = dispatch events naming the department (a case returned and re-dispatched
 * counts for each department it reached); returns by the department the return event names (every
 * return names the department it leaves); closed/overdue/handling time, rework (verify_fail and reopen) and
 * resolutions by the case's current department; satisfaction from report_feedback on its cases.
 * Returned cases lose their department and deadline (cases module), so they are nobody's overdue.
 *
 * Every figure reads the daily roll-up (DayFiguresRepository, kept by CaseLifecycle) for whole days before today and
 * the cases and events only for today and a period's partial ends: at a million cases a scan of a month's cases
 * cannot answer in time (docs/performance.md).
 */
@Injectable()
export class DepartmentKpisService {
  constructor(
    private readonly figures: CaseFiguresRepository,
    private readonly dayFigures: DayFiguresRepository,
    private readonly departmentList: DepartmentsService,
    private readonly dispatchQuality: DispatchQualityService,
  ) {}

  async departments(p: StatsPeriod, scope: KpiScope = {}, now: Date = new Date()): Promise<DepartmentKpiDto[]> {
    const [counts, overdue, handling, departments, firstDispatched] = await Promise.all([
      this.counts(p, scope, now),
      this.overdue(scope, now),
      this.handlingMinutes(p, scope, now),
      this.departmentList.list(true),
      this.dispatchQuality.byDepartment({ ...p, departmentId: scope.departmentId }, now),
    ]);
    return departments
      .filter((d) => !scope.departmentId || d.id === scope.departmentId)
      .map((d) => {
        const id = d.id;
        const c = counts.get(id) ?? countsOf(new Map(), id);
        const quality = rates(firstDispatched.get(id) ?? tallyGroups([]));
        return {
          departmentId: id,
          departmentName: String(d.name),
          received: c.received,
          closed: c.closed,
          onTimeRate: rate(c.onTime, c.closed),
          closedVerified: c.verified,
          unverifiedRate: rate(c.closed - c.verified, c.closed),
          overdue: overdue.get(id) ?? 0,
          returns: c.returns,
          reworks: c.reworks,
          resolved: c.resolved,
          reworkRate: rate(c.reworks, c.resolved),
          firstTimeRight: quality.firstTimeRight,
          firstTimeRightRate: quality.firstTimeRightRate,
          medianHandlingHours: medianHours(handling.get(id) ?? new Map()),
          feedbackTotal: c.feedbackTotal,
          feedbackSatisfied: c.feedbackSatisfied,
          satisfactionRate: rate(c.feedbackSatisfied, c.feedbackTotal),
        };
      });
  }

  /**
   * Per department: received, closed (on time, verified), returns, resolved, reworks and verdicts. Whole past days
   * from the roll-up, the rest (today, a period's partial ends) counted from the cases and their events.
   */
  private async counts(p: StatsPeriod, scope: KpiScope, now: Date): Promise<Map<number, DepartmentCounts>> {
    const { days, rest } = splitAtWholeDays(p, now);
    const [rolled, ...scanned] = await Promise.all([
      days ? this.dayFigures.departmentCounts(days, scope.departmentId) : new Map<number, DepartmentCounts>(),
      ...rest.map((r) => this.scanCounts({ from: r.from, to: r.to, departmentId: scope.departmentId })),
    ]);
    for (const part of scanned)
      for (const [id, c] of part) {
        const into = countsOf(rolled, id);
        for (const k of Object.keys(c) as (keyof DepartmentCounts)[]) into[k] += c[k];
      }
    return rolled;
  }

  /** The same counts of a period straight from the cases, their events and verdicts (CaseFiguresRepository). */
  private async scanCounts(q: FigureQuery): Promise<Map<number, DepartmentCounts>> {
    const [received, closed, returns, work, feedback] = await Promise.all([
      this.figures.received(q),
      this.figures.closed(q),
      this.figures.returns(q),
      this.figures.work(q),
      this.figures.feedback(q),
    ]);
    const out = new Map<number, DepartmentCounts>();
    const add = (m: ByDepartment | null, fill: (c: DepartmentCounts, row: Record<string, unknown>) => void) => {
      for (const [id, row] of m ?? []) fill(countsOf(out, id), row);
    };
    add(received, (c, r) => (c.received += num(r.n)));
    add(closed, (c, r) => {
      c.closed += num(r.n);
      c.onTime += num(r.onTime);
      c.verified += num(r.verified);
    });
    add(returns, (c, r) => (c.returns += num(r.n)));
    add(work, (c, r) => {
      c.resolved += num(r.resolved);
      c.reworks += num(r.reworks);
    });
    add(feedback, (c, r) => {
      c.feedbackTotal += num(r.total);
      c.feedbackSatisfied += num(r.satisfied);
    });
    return out;
  }

  /** Cases reported in the period per grid and category (rejected reports are not problems), most first. */
  async grids(p: StatsPeriod, categoryCode: string | undefined, scope: KpiScope = {}, now: Date = new Date()): Promise<GridStatDto[]> {
    const { days, rest } = splitAtWholeDays(p, now);
    const q = { departmentId: scope.departmentId, categoryCode };
    const parts = await Promise.all([
      ...(days ? [this.dayFigures.grids(days, q)] : []),
      ...rest.map((r) => this.figures.byGridAndCategory({ ...q, from: r.from, to: r.to })),
    ]);
    const merged = new Map<string, GridStatDto>();
    for (const g of parts.flat()) {
      const key = `${g.gridId ?? ''}|${g.categoryCode}`;
      const seen = merged.get(key);
      if (seen) seen.count += g.count;
      else merged.set(key, { ...g });
    }
    return [...merged.values()]
      .filter((g) => g.count > 0)
      .sort((a, b) => b.count - a.count || (a.gridId ?? 0) - (b.gridId ?? 0) || a.categoryCode.localeCompare(b.categoryCode));
  }

  /**
   * Per UTC+8 day: cases reported, cases closed, and cases that went overdue (deadline on that day,
   * already past, and not resolved by it).
   */
  async trends(p: StatsPeriod, scope: KpiScope = {}, now: Date = new Date()): Promise<TrendPointDto[]> {
    const { days, rest } = splitAtWholeDays(p, now);
    const parts = await Promise.all([
      ...(days ? [this.dayFigures.daily(days, scope.departmentId)] : []),
      ...rest.map((r) => this.figures.daily({ from: r.from, to: r.to, departmentId: scope.departmentId }, now)),
    ]);
    const reported = new Map<string, number>();
    const closed = new Map<string, number>();
    const overdue = new Map<string, number>();
    for (const part of parts) {
      addInto(reported, part.reported);
      addInto(closed, part.closed);
      addInto(overdue, part.overdue);
    }
    return daysOf(p).map((day) => ({
      day,
      reported: reported.get(day) ?? 0,
      closed: closed.get(day) ?? 0,
      overdue: overdue.get(day) ?? 0,
    }));
  }

  /** Running cases per department past their deadline at `now`: whole days from the roll-up, today's from the cases. */
  private async overdue(scope: KpiScope, now: Date): Promise<Map<number, number>> {
    const today = chinaDay(now);
    const [before, sinceToday] = await Promise.all([
      this.dayFigures.openDueBefore(today, scope.departmentId),
      this.figures.overdue(scope, now, chinaDayStart(today)),
    ]);
    const result = new Map(before);
    for (const [d, row] of sinceToday) result.set(d, (result.get(d) ?? 0) + num(row.n));
    return result;
  }

  /** Per department: cases resolved in the period by whole minutes of handling (minutes → cases). */
  private async handlingMinutes(p: StatsPeriod, scope: KpiScope, now: Date): Promise<Map<number, Map<number, number>>> {
    const { days, rest } = splitAtWholeDays(p, now);
    const parts = await Promise.all([
      ...(days ? [this.dayFigures.handled(days, scope.departmentId)] : []),
      ...rest.map((r) => this.figures.handlingMinutes({ from: r.from, to: r.to, departmentId: scope.departmentId })),
    ]);
    const result = new Map<number, Map<number, number>>();
    for (const [d, minutes, cases] of parts.flat()) {
      const counts = result.get(d) ?? new Map<number, number>();
      counts.set(minutes, (counts.get(minutes) ?? 0) + cases);
      result.set(d, counts);
    }
    return result;
  }
}
