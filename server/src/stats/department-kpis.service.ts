import { Injectable } from '@nestjs/common';
import type { DepartmentKpiDto, GridStatDto, TrendPointDto } from '@sansui/shared';
import { CaseFiguresRepository, type ByDepartment } from '../cases/case-figures.repository';
import { DepartmentsService } from '../departments/departments.service';
import { rates, tallyGroups } from './dispatch-quality';
import { DispatchQualityService } from './dispatch-quality.service';
import { daysOf, type StatsPeriod } from './stats-period';

/** Restricts figures to one department (a dept_manager sees only their own). */
export interface KpiScope {
  departmentId?: number | null;
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
/** A share to four decimals; null when there is nothing to divide by. */
const rate = (part: number, whole: number): number | null => (whole > 0 ? Math.round((part / whole) * 10000) / 10000 : null);
/** The median from the middle one or two values, to two decimals. */
const median = (middle: number[]): number => Math.round((middle.reduce((a, b) => a + b, 0) / middle.length) * 100) / 100;

/**
 * Department KPIs, grid counts and daily trends (docs/domain.md §7), from the cases module's read model
 * (CaseFiguresRepository: one GROUP BY per figure).
 *
 * Attribution: received = dispatch events naming the department (a case returned and re-dispatched
 * counts for each department it reached); returns by the department the return event names (else
 * the returning user's); closed/overdue/handling time, rework (verify_fail and reopen) and
 * resolutions by the case's current department; satisfaction from report_feedback on its cases.
 * Returned cases lose their department and deadline (cases module), so they are nobody's overdue.
 */
@Injectable()
export class DepartmentKpisService {
  constructor(
    private readonly figures: CaseFiguresRepository,
    private readonly departmentList: DepartmentsService,
    private readonly dispatchQuality: DispatchQualityService,
  ) {}

  async departments(p: StatsPeriod, scope: KpiScope = {}, now: Date = new Date()): Promise<DepartmentKpiDto[]> {
    const q = { from: p.from, to: p.to, departmentId: scope.departmentId };
    const [received, closed, overdue, returns, events, middles, feedback, departments, firstDispatched] = await Promise.all([
      this.figures.received(q),
      this.figures.closed(q),
      this.figures.overdue(q, now),
      this.figures.returns(q),
      this.figures.work(q),
      this.figures.middleHandlingHours(q),
      this.figures.feedback(q),
      this.departmentList.list(true),
      this.dispatchQuality.byDepartment(q),
    ]);
    const n = (m: ByDepartment | null, id: number, key: string) => num(m?.get(id)?.[key]);
    return departments
      .filter((d) => !scope.departmentId || d.id === scope.departmentId)
      .map((d) => {
        const id = d.id;
        const closedN = n(closed, id, 'n');
        const verified = n(closed, id, 'verified');
        const resolvedN = n(events, id, 'resolved');
        const reworks = n(events, id, 'reworks');
        const fbTotal = n(feedback, id, 'total');
        const fbSat = n(feedback, id, 'satisfied');
        const middle = middles.get(id);
        const quality = rates(firstDispatched.get(id) ?? tallyGroups([]));
        return {
          departmentId: id,
          departmentName: String(d.name),
          received: n(received, id, 'n'),
          closed: closedN,
          onTimeRate: rate(n(closed, id, 'onTime'), closedN),
          closedVerified: verified,
          unverifiedRate: rate(closedN - verified, closedN),
          overdue: n(overdue, id, 'n'),
          returns: n(returns, id, 'n'),
          reworks,
          resolved: resolvedN,
          reworkRate: rate(reworks, resolvedN),
          firstTimeRight: quality.firstTimeRight,
          firstTimeRightRate: quality.firstTimeRightRate,
          medianHandlingHours: middle ? median(middle) : null,
          feedbackTotal: fbTotal,
          feedbackSatisfied: fbSat,
          satisfactionRate: rate(fbSat, fbTotal),
        };
      });
  }

  /** Cases reported in the period per grid and category (rejected reports are not problems). */
  grids(p: StatsPeriod, categoryCode: string | undefined, scope: KpiScope = {}): Promise<GridStatDto[]> {
    return this.figures.byGridAndCategory({ from: p.from, to: p.to, departmentId: scope.departmentId, categoryCode });
  }

  /**
   * Per UTC+8 day: cases reported, cases closed, and cases that went overdue (deadline on that day,
   * already past, and not resolved by it).
   */
  async trends(p: StatsPeriod, scope: KpiScope = {}, now: Date = new Date()): Promise<TrendPointDto[]> {
    const { reported, closed, overdue } = await this.figures.daily({ from: p.from, to: p.to, departmentId: scope.departmentId }, now);
    return daysOf(p).map((day) => ({
      day,
      reported: reported.get(day) ?? 0,
      closed: closed.get(day) ?? 0,
      overdue: overdue.get(day) ?? 0,
    }));
  }
}
