import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { sqlTime } from './case-sql';

/** Closed cases and residents' verdicts of one grid in a period: the raw counts behind the evaluation's digital KPIs. */
export interface GridKpiCounts {
  closed: number;
  closedOnTime: number;
  closedWithEvidence: number;
  feedback: number;
  satisfied: number;
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

/**
 * Counts of closed cases over the cases module's tables (cases, report_feedback; `photos` of uploads joined
 * read-only for the resolution evidence): the public board's total and the per-grid counts that the evaluation
 * (docs/domain.md §16) turns into its digital component.
 */
@Injectable()
export class ClosureFiguresRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Every case closed so far (merged cases are not closed: they count under their master). */
  async closedCount(): Promise<number> {
    const [row] = await this.db.query(`SELECT COUNT(*) AS n FROM cases c WHERE c.status = 'closed'`);
    return num(row?.n);
  }

  /**
   * Per grid, for cases closed (and feedback given) in [from, to): closed on time (by the deadline), closed with
   * resolution evidence (a 处置后 / 清理后 photo on the case), and residents' satisfied verdicts. Grids without a
   * closure or a verdict are absent; the caller sums them up the area tree.
   */
  async perGrid(from: Date, to: Date): Promise<Map<number, GridKpiCounts>> {
    const range = [sqlTime(from), sqlTime(to)];
    const [closed, feedback] = await Promise.all([
      this.db.query(
        `SELECT c.gridId AS g, COUNT(*) AS n,
                SUM(CASE WHEN c.deadline IS NOT NULL AND c.closedAt <= c.deadline THEN 1 ELSE 0 END) AS onTime,
                SUM(CASE WHEN EXISTS (SELECT 1 FROM photos p WHERE p.caseId = c.id AND p.role IN ('resolution', 'after')) THEN 1 ELSE 0 END) AS evidence
         FROM cases c WHERE c.status = 'closed' AND c.closedAt >= ? AND c.closedAt < ? AND c.gridId IS NOT NULL GROUP BY c.gridId`,
        range,
      ) as Promise<Record<string, unknown>[]>,
      this.db.query(
        `SELECT c.gridId AS g, COUNT(*) AS n, SUM(CASE WHEN f.satisfied = 1 THEN 1 ELSE 0 END) AS satisfied
         FROM report_feedback f JOIN cases c ON c.id = f.caseId WHERE f.createdAt >= ? AND f.createdAt < ? AND c.gridId IS NOT NULL GROUP BY c.gridId`,
        range,
      ) as Promise<Record<string, unknown>[]>,
    ]);
    const out = new Map<number, GridKpiCounts>();
    const at = (g: number) =>
      out.get(g) ?? out.set(g, { closed: 0, closedOnTime: 0, closedWithEvidence: 0, feedback: 0, satisfied: 0 }).get(g)!;
    for (const r of closed)
      Object.assign(at(num(r.g)), { closed: num(r.n), closedOnTime: num(r.onTime), closedWithEvidence: num(r.evidence) });
    for (const r of feedback) Object.assign(at(num(r.g)), { feedback: num(r.n), satisfied: num(r.satisfied) });
    return out;
  }
}
