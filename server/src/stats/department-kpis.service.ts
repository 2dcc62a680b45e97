import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DepartmentKpiDto, GridStatDto, TrendPointDto } from '@sansui/shared';
import { DataSource } from 'typeorm';
import { daysOf, sqlTime, STATS_TZ_OFFSET_HOURS, type StatsPeriod } from './stats-period';

/** Restricts figures to one department (a dept_manager sees only their own). */
export interface KpiScope {
  departmentId?: number | null;
}

type Row = Record<string, unknown>;
const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const rate = (part: number, whole: number): number | null => (whole > 0 ? Math.round((part / whole) * 10000) / 10000 : null);
const OPEN_DEPARTMENT_STATUSES = "('dispatched', 'in_progress')";

/**
 * Department KPIs, grid counts and daily trends (docs/domain.md §7) with aggregate SQL that runs unchanged on
 * MySQL/MariaDB and SQLite; only day bucketing and durations differ by dialect. Nothing loads all
 * rows: every figure is a GROUP BY, and medians come back as one or two rows per department.
 *
 * Attribution: received = dispatch events naming the department (a case returned and re-dispatched
 * counts for each department it reached); returns by the department the return event names (else
 * the returning user's); closed/overdue/handling time, rework (verify_fail and reopen) and
 * resolutions by the case's current department; satisfaction from report_feedback on its cases.
 * Returned cases lose their department and deadline (cases module), so they are nobody's overdue.
 */
@Injectable()
export class DepartmentKpisService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private get mysql(): boolean {
    return this.db.options.type === 'mysql' || this.db.options.type === 'mariadb';
  }

  /** Day (UTC+8) of a datetime column, as YYYY-MM-DD. */
  private day(col: string): string {
    return this.mysql
      ? `DATE_FORMAT(DATE_ADD(${col}, INTERVAL ${STATS_TZ_OFFSET_HOURS} HOUR), '%Y-%m-%d')`
      : `strftime('%Y-%m-%d', ${col}, '+${STATS_TZ_OFFSET_HOURS} hours')`;
  }

  /** The department an event names in its data (dispatch and return events carry `departmentId`). */
  private eventDept(): string {
    return this.mysql ? `CAST(JSON_EXTRACT(e.data, '$.departmentId') AS UNSIGNED)` : `json_extract(e.data, '$.departmentId')`;
  }

  /** Hours between two datetime columns. */
  private hours(from: string, to: string): string {
    return this.mysql ? `(TIMESTAMPDIFF(MICROSECOND, ${from}, ${to}) / 3600000000.0)` : `((julianday(${to}) - julianday(${from})) * 24.0)`;
  }

  private async grouped(sql: string, params: unknown[]): Promise<Map<number, Row>> {
    const rows: Row[] = await this.db.query(sql, params);
    return new Map(rows.filter((r) => r.d !== null).map((r) => [num(r.d), r]));
  }

  async departments(p: StatsPeriod, scope: KpiScope = {}, now: Date = new Date()): Promise<DepartmentKpiDto[]> {
    const range = [sqlTime(p.from), sqlTime(p.to)];
    const dep = scope.departmentId ? ' AND c.departmentId = ?' : '';
    const depParams = scope.departmentId ? [scope.departmentId] : [];
    const [received, closed, overdue, returns, events, medians, feedback, departments] = await Promise.all([
      this.grouped(
        `SELECT ${this.eventDept()} AS d, COUNT(*) AS n FROM case_events e
         WHERE e.action = 'dispatch' AND e.createdAt >= ? AND e.createdAt < ?${scope.departmentId ? ` AND ${this.eventDept()} = ?` : ''} GROUP BY ${this.eventDept()}`,
        [...range, ...depParams],
      ),
      this.grouped(
        `SELECT c.departmentId AS d, COUNT(*) AS n, SUM(CASE WHEN c.deadline IS NOT NULL AND c.closedAt <= c.deadline THEN 1 ELSE 0 END) AS onTime,
         SUM(CASE WHEN ev.verified = 1 OR EXISTS (SELECT 1 FROM case_evidence v WHERE v.caseId = c.id AND v.purpose = 'verify'
           AND v.verified = 1 AND v.id > COALESCE(ev.id, 0)) THEN 1 ELSE 0 END) AS verified
         FROM cases c LEFT JOIN case_evidence ev ON ev.caseId = c.id AND ev.current = 1
         WHERE c.status = 'closed' AND c.closedAt >= ? AND c.closedAt < ?${dep} GROUP BY c.departmentId`,
        [...range, ...depParams],
      ),
      this.grouped(
        `SELECT c.departmentId AS d, COUNT(*) AS n FROM cases c WHERE c.status IN ${OPEN_DEPARTMENT_STATUSES} AND c.deadline < ?${dep} GROUP BY c.departmentId`,
        [sqlTime(now), ...depParams],
      ),
      this.grouped(
        `SELECT COALESCE(${this.eventDept()}, u.departmentId) AS d, COUNT(*) AS n FROM case_events e LEFT JOIN users u ON u.id = e.actorUserId
         WHERE e.action = 'return' AND e.createdAt >= ? AND e.createdAt < ?${scope.departmentId ? ` AND COALESCE(${this.eventDept()}, u.departmentId) = ?` : ''}
         GROUP BY COALESCE(${this.eventDept()}, u.departmentId)`,
        [...range, ...depParams],
      ),
      this.grouped(
        `SELECT c.departmentId AS d, SUM(CASE WHEN e.action = 'resolve' THEN 1 ELSE 0 END) AS resolved, SUM(CASE WHEN e.action IN ('verify_fail', 'reopen') THEN 1 ELSE 0 END) AS reworks
         FROM case_events e JOIN cases c ON c.id = e.caseId
         WHERE e.action IN ('resolve', 'verify_fail', 'reopen') AND e.createdAt >= ? AND e.createdAt < ?${dep} GROUP BY c.departmentId`,
        [...range, ...depParams],
      ),
      this.medians(range, dep, depParams),
      this.feedback(range, dep, depParams),
      this.db.query(
        `SELECT d.id, d.name FROM departments d${scope.departmentId ? ' WHERE d.id = ?' : ''} ORDER BY d.id`,
        depParams,
      ) as Promise<Row[]>,
    ]);
    const items: DepartmentKpiDto[] = [];
    for (const d of departments) {
      const id = num(d.id);
      const closedN = num(closed.get(id)?.n);
      const resolvedN = num(events.get(id)?.resolved);
      const reworks = num(events.get(id)?.reworks);
      const fbTotal = num(feedback?.get(id)?.total);
      const fbSat = num(feedback?.get(id)?.satisfied);
      items.push({
        departmentId: id,
        departmentName: String(d.name),
        received: num(received.get(id)?.n),
        closed: closedN,
        onTimeRate: rate(num(closed.get(id)?.onTime), closedN),
        closedVerified: num(closed.get(id)?.verified),
        unverifiedRate: rate(closedN - num(closed.get(id)?.verified), closedN),
        overdue: num(overdue.get(id)?.n),
        returns: num(returns.get(id)?.n),
        reworks,
        resolved: resolvedN,
        reworkRate: rate(reworks, resolvedN),
        medianHandlingHours: medians.get(id) ?? null,
        feedbackTotal: fbTotal,
        feedbackSatisfied: fbSat,
        satisfactionRate: rate(fbSat, fbTotal),
      });
    }
    return items;
  }

  /** Residents' verdicts on the departments' cases; null when the feedback table is not there (older schema). */
  private async feedback(range: string[], dep: string, depParams: unknown[]): Promise<Map<number, Row> | null> {
    try {
      return await this.grouped(
        `SELECT c.departmentId AS d, COUNT(*) AS total, SUM(CASE WHEN f.satisfied = 1 THEN 1 ELSE 0 END) AS satisfied
         FROM report_feedback f JOIN cases c ON c.id = f.caseId WHERE f.createdAt >= ? AND f.createdAt < ?${dep} GROUP BY c.departmentId`,
        [...range, ...depParams],
      );
    } catch {
      return null;
    }
  }

  /**
   * Median dispatch → resolve hours per department, of the cases resolved in the period, in one pass:
   * window functions (MySQL 8 / MariaDB 10.2 / SQLite 3.25 / TiDB) number each department's durations
   * and only the middle one or two rows come back.
   */
  private async medians(range: string[], dep: string, depParams: unknown[]): Promise<Map<number, number>> {
    const rows: Row[] = await this.db.query(
      `SELECT t.d AS d, t.h AS h FROM (
         SELECT c.departmentId AS d, ${this.hours('c.dispatchedAt', 'c.resolvedAt')} AS h,
                ROW_NUMBER() OVER (PARTITION BY c.departmentId ORDER BY ${this.hours('c.dispatchedAt', 'c.resolvedAt')}) AS rn,
                COUNT(*) OVER (PARTITION BY c.departmentId) AS cnt
         FROM cases c
         WHERE c.resolvedAt >= ? AND c.resolvedAt < ? AND c.dispatchedAt IS NOT NULL AND c.resolvedAt >= c.dispatchedAt AND c.departmentId IS NOT NULL${dep}
       ) t WHERE t.rn = FLOOR((t.cnt + 1) / 2) OR t.rn = FLOOR(t.cnt / 2) + 1`,
      [...range, ...depParams],
    );
    const acc = new Map<number, number[]>();
    for (const r of rows) acc.set(num(r.d), [...(acc.get(num(r.d)) ?? []), num(r.h)]);
    return new Map([...acc].map(([d, hs]) => [d, Math.round((hs.reduce((a, b) => a + b, 0) / hs.length) * 100) / 100]));
  }

  /** Cases reported in the period per grid and category (rejected reports are not problems). */
  async grids(p: StatsPeriod, categoryCode: string | undefined, scope: KpiScope = {}): Promise<GridStatDto[]> {
    const params: unknown[] = [sqlTime(p.from), sqlTime(p.to)];
    let where = '';
    if (categoryCode) {
      where += ' AND c.categoryCode = ?';
      params.push(categoryCode);
    }
    if (scope.departmentId) {
      where += ' AND c.departmentId = ?';
      params.push(scope.departmentId);
    }
    const rows: Row[] = await this.db.query(
      `SELECT c.gridId AS gridId, a.name AS gridName, c.categoryCode AS categoryCode, COUNT(*) AS n
       FROM cases c LEFT JOIN areas a ON a.id = c.gridId
       WHERE c.createdAt >= ? AND c.createdAt < ? AND c.status <> 'rejected'${where}
       GROUP BY c.gridId, a.name, c.categoryCode ORDER BY n DESC, c.gridId`,
      params,
    );
    return rows.map((r) => ({
      gridId: r.gridId === null ? null : num(r.gridId),
      gridName: (r.gridName as string | null) ?? null,
      categoryCode: String(r.categoryCode),
      count: num(r.n),
    }));
  }

  /**
   * Per UTC+8 day: cases reported, cases closed, and cases that went overdue (deadline on that day,
   * already past, and not resolved by it).
   */
  async trends(p: StatsPeriod, scope: KpiScope = {}, now: Date = new Date()): Promise<TrendPointDto[]> {
    const range = [sqlTime(p.from), sqlTime(p.to)];
    const dep = scope.departmentId ? ' AND c.departmentId = ?' : '';
    const depParams = scope.departmentId ? [scope.departmentId] : [];
    const byDay = async (sql: string, params: unknown[]) =>
      new Map(((await this.db.query(sql, params)) as Row[]).map((r) => [String(r.day), num(r.n)]));
    const [reported, closed, overdue] = await Promise.all([
      byDay(
        `SELECT ${this.day('c.createdAt')} AS day, COUNT(*) AS n FROM cases c WHERE c.createdAt >= ? AND c.createdAt < ?${dep} GROUP BY ${this.day('c.createdAt')}`,
        [...range, ...depParams],
      ),
      byDay(
        `SELECT ${this.day('c.closedAt')} AS day, COUNT(*) AS n FROM cases c WHERE c.status = 'closed' AND c.closedAt >= ? AND c.closedAt < ?${dep} GROUP BY ${this.day('c.closedAt')}`,
        [...range, ...depParams],
      ),
      byDay(
        `SELECT ${this.day('c.deadline')} AS day, COUNT(*) AS n FROM cases c
         WHERE c.deadline >= ? AND c.deadline < ? AND c.deadline < ? AND (c.resolvedAt IS NULL OR c.resolvedAt > c.deadline) AND c.status NOT IN ('rejected', 'merged')${dep}
         GROUP BY ${this.day('c.deadline')}`,
        [...range, sqlTime(now), ...depParams],
      ),
    ]);
    return daysOf(p).map((day) => ({
      day,
      reported: reported.get(day) ?? 0,
      closed: closed.get(day) ?? 0,
      overdue: overdue.get(day) ?? 0,
    }));
  }
}
