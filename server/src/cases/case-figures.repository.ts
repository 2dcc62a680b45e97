import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { chinaDay } from '@sansui/shared';
import { DataSource } from 'typeorm';
import { sqlTime } from './case-sql';
import { eventDepartmentSql, handlingMinutesSql } from './day-figures.repository';

/** One aggregate row; drivers hand numbers back as strings or numbers. */
export type FigureRow = Record<string, unknown>;
/** Aggregate rows by department id. */
export type ByDepartment = Map<number, FigureRow>;

/** A half-open period [from, to), optionally restricted to one department. */
export interface FigureQuery {
  from: Date;
  to: Date;
  departmentId?: number | null;
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const OPEN_DEPARTMENT_STATUSES = "('dispatched', 'in_progress')";
/**
 * A department filter no index can serve: the period's range on a covering KPI index is the part to read. Given
 * `departmentId = ?`, MariaDB read every case the department ever had through (departmentId, status), with a row
 * lookup each (a department manager's overdue, rework and grid counts: 1.6–2.7 s at 1M against 0.3–0.5 s).
 */
const IN_DEPARTMENT = ' AND c.departmentId + 0 = ?';

/**
 * The read model behind the department KPIs, the grid counts and the daily trends (docs/domain.md §7): aggregate
 * SQL over the cases module's tables (cases, case_events, case_evidence, report_feedback) that runs unchanged on
 * MySQL/MariaDB and SQLite; only day bucketing and durations differ by dialect. Nothing loads all rows: every
 * figure is a GROUP BY, and medians come back as one or two rows per department. `areas` (grid names) is joined
 * read-only. Whole past days of these figures come from the daily roll-up (DayFiguresRepository) instead. The rules that turn these into KPIs are in stats/.
 */
@Injectable()
export class CaseFiguresRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private get mysql(): boolean {
    return this.db.options.type === 'mysql' || this.db.options.type === 'mariadb';
  }

  /**
   * The UTC hour of a datetime column, as 'YYYY-MM-DD HH'. Daily figures group by it and fold the hours into UTC+8
   * days in JS (a whole-hour offset, so exact): cutting the stored text is several times cheaper per row than
   * shifting and formatting every datetime (strftime / DATE_FORMAT of DATE_ADD), which dominated the trends at 1M.
   */
  private hour(col: string): string {
    return this.mysql ? `DATE_FORMAT(${col}, '%Y-%m-%d %H')` : `substr(${col}, 1, 13)`;
  }

  /** The department an event names in its data (dispatch and return events carry `departmentId`). */
  private eventDept(): string {
    return eventDepartmentSql(String(this.db.options.type));
  }

  private async grouped(sql: string, params: unknown[]): Promise<ByDepartment> {
    const rows: FigureRow[] = await this.db.query(sql, params);
    return new Map(rows.filter((r) => r.d !== null).map((r) => [num(r.d), r]));
  }

  private scope(q: FigureQuery) {
    return {
      range: [sqlTime(q.from), sqlTime(q.to)],
      dep: q.departmentId ? IN_DEPARTMENT : '',
      depParams: q.departmentId ? [q.departmentId] : [],
    };
  }

  /** Dispatch events per department they name: `n`. */
  received(q: FigureQuery): Promise<ByDepartment> {
    const { range, depParams } = this.scope(q);
    return this.grouped(
      `SELECT ${this.eventDept()} AS d, COUNT(*) AS n FROM case_events e
       WHERE e.action = 'dispatch' AND e.createdAt >= ? AND e.createdAt < ?${q.departmentId ? ` AND ${this.eventDept()} = ?` : ''} GROUP BY ${this.eventDept()}`,
      [...range, ...depParams],
    );
  }

  /** Cases closed in the period per current department: `n`, `onTime` (by the deadline), `verified` (evidence verified). */
  closed(q: FigureQuery): Promise<ByDepartment> {
    const { range, dep, depParams } = this.scope(q);
    return this.grouped(
      `SELECT c.departmentId AS d, COUNT(*) AS n, SUM(CASE WHEN c.deadline IS NOT NULL AND c.closedAt <= c.deadline THEN 1 ELSE 0 END) AS onTime,
       SUM(CASE WHEN ev.verified = 1 OR EXISTS (SELECT 1 FROM case_evidence v WHERE v.caseId = c.id AND v.purpose = 'verify'
         AND v.verified = 1 AND v.id > COALESCE(ev.id, 0)) THEN 1 ELSE 0 END) AS verified
       FROM cases c LEFT JOIN case_evidence ev ON ev.caseId = c.id AND ev.current = 1
       WHERE c.status = 'closed' AND c.closedAt >= ? AND c.closedAt < ?${dep} GROUP BY c.departmentId`,
      [...range, ...depParams],
    );
  }

  /** Cases with a department, still running and past their deadline at `now` (a deadline from `since` on, when given): `n`. */
  overdue(q: Pick<FigureQuery, 'departmentId'>, now: Date, since?: Date): Promise<ByDepartment> {
    const dep = q.departmentId ? IN_DEPARTMENT : '';
    return this.grouped(
      `SELECT c.departmentId AS d, COUNT(*) AS n FROM cases c WHERE c.status IN ${OPEN_DEPARTMENT_STATUSES} AND c.deadline < ?${since ? ' AND c.deadline >= ?' : ''}${dep} GROUP BY c.departmentId`,
      [sqlTime(now), ...(since ? [sqlTime(since)] : []), ...(q.departmentId ? [q.departmentId] : [])],
    );
  }

  /** Cases resolved in the period per department and whole minutes of handling (as the daily roll-up counts them). */
  async handlingMinutes(q: FigureQuery): Promise<[number, number, number][]> {
    const { range, dep, depParams } = this.scope(q);
    const minutes = handlingMinutesSql(String(this.db.options.type));
    const rows: FigureRow[] = await this.db.query(
      `SELECT c.departmentId AS d, ${minutes} AS m, COUNT(*) AS n FROM cases c
       WHERE c.resolvedAt >= ? AND c.resolvedAt < ? AND c.dispatchedAt IS NOT NULL AND c.resolvedAt >= c.dispatchedAt AND c.departmentId IS NOT NULL${dep}
       GROUP BY c.departmentId, ${minutes}`,
      [...range, ...depParams],
    );
    return rows.map((r) => [num(r.d), num(r.m), num(r.n)]);
  }

  /** Return events per department they name (every return names the department it leaves): `n`. */
  returns(q: FigureQuery): Promise<ByDepartment> {
    const { range, depParams } = this.scope(q);
    return this.grouped(
      `SELECT ${this.eventDept()} AS d, COUNT(*) AS n FROM case_events e
       WHERE e.action = 'return' AND e.createdAt >= ? AND e.createdAt < ?${q.departmentId ? ` AND ${this.eventDept()} = ?` : ''}
       GROUP BY ${this.eventDept()}`,
      [...range, ...depParams],
    );
  }

  /** Resolve events and rework (verify_fail, reopen) events per current department: `resolved`, `reworks`. */
  work(q: FigureQuery): Promise<ByDepartment> {
    const { range, dep, depParams } = this.scope(q);
    return this.grouped(
      `SELECT c.departmentId AS d, SUM(CASE WHEN e.action = 'resolve' THEN 1 ELSE 0 END) AS resolved, SUM(CASE WHEN e.action IN ('verify_fail', 'reopen') THEN 1 ELSE 0 END) AS reworks
       FROM case_events e JOIN cases c ON c.id = e.caseId
       WHERE e.action IN ('resolve', 'verify_fail', 'reopen') AND e.createdAt >= ? AND e.createdAt < ?${dep} GROUP BY c.departmentId`,
      [...range, ...depParams],
    );
  }

  /** Residents' verdicts on the departments' cases (`total`, `satisfied`); null when the feedback table is not there (older schema). */
  async feedback(q: FigureQuery): Promise<ByDepartment | null> {
    const { range, dep, depParams } = this.scope(q);
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

  /** Cases reported in the period per grid (with its name) and category, rejected ones left out, most first. */
  async byGridAndCategory(
    q: FigureQuery & { categoryCode?: string },
  ): Promise<{ gridId: number | null; gridName: string | null; categoryCode: string; count: number }[]> {
    const params: unknown[] = [sqlTime(q.from), sqlTime(q.to)];
    let where = '';
    if (q.categoryCode) {
      where += ' AND c.categoryCode = ?';
      params.push(q.categoryCode);
    }
    if (q.departmentId) {
      where += IN_DEPARTMENT;
      params.push(q.departmentId);
    }
    // Counted first, then the few groups named: joining areas per case cost a primary-key lookup per row.
    const rows: FigureRow[] = await this.db.query(
      `SELECT g.gridId AS gridId, a.name AS gridName, g.categoryCode AS categoryCode, g.n AS n FROM (
         SELECT c.gridId AS gridId, c.categoryCode AS categoryCode, COUNT(*) AS n FROM cases c
         WHERE c.createdAt >= ? AND c.createdAt < ? AND c.status <> 'rejected'${where} GROUP BY c.gridId, c.categoryCode
       ) g LEFT JOIN areas a ON a.id = g.gridId
       ORDER BY g.n DESC, g.gridId`,
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
   * Per UTC+8 day (YYYY-MM-DD → count): cases reported, cases closed, and cases that went overdue (deadline on that
   * day, already past at `now`, and not resolved by it; rejected and merged ones left out).
   */
  async daily(
    q: FigureQuery,
    now: Date,
  ): Promise<{ reported: Map<string, number>; closed: Map<string, number>; overdue: Map<string, number> }> {
    const { range, dep, depParams } = this.scope(q);
    const byDay = async (col: string, where: string, params: unknown[]) => {
      const rows: FigureRow[] = await this.db.query(
        `SELECT ${this.hour(col)} AS h, COUNT(*) AS n FROM cases c WHERE ${where}${dep} GROUP BY ${this.hour(col)}`,
        [...params, ...depParams],
      );
      const days = new Map<string, number>();
      for (const r of rows) {
        const h = String(r.h);
        const day = chinaDay(new Date(`${h.slice(0, 10)}T${h.slice(11, 13)}:00:00Z`));
        days.set(day, (days.get(day) ?? 0) + num(r.n));
      }
      return days;
    };
    const [reported, closed, overdue] = await Promise.all([
      byDay('c.createdAt', 'c.createdAt >= ? AND c.createdAt < ?', range),
      byDay('c.closedAt', "c.closedAt >= ? AND c.closedAt < ? AND c.status = 'closed'", range),
      // The status test is written so that no index on status is tried: the deadline range is the selective part.
      byDay(
        'c.deadline',
        "c.deadline >= ? AND c.deadline < ? AND c.deadline < ? AND (c.resolvedAt IS NULL OR c.resolvedAt > c.deadline) AND (CASE WHEN c.status IN ('rejected', 'merged') THEN 0 ELSE 1 END) = 1",
        [...range, sqlTime(now)],
      ),
    ]);
    return { reported, closed, overdue };
  }
}
