import { chinaMonthPeriod } from '@sansui/shared';
import type { DataSource } from 'typeorm';
import { sqlTime } from '../stats/stats-period';

export interface GridKpiCounts {
  closed: number;
  closedOnTime: number;
  closedWithEvidence: number;
  feedback: number;
  satisfied: number;
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

/**
 * The raw counts behind the digital component, per grid, for cases closed (and feedback given) in the
 * period: closed on time (by the deadline), closed with resolution evidence (a 处置后 / 清理后 photo on
 * the case), and residents' satisfied verdicts. Summed up the area tree by the caller.
 */
export async function gridKpiCounts(db: DataSource, from: Date, to: Date): Promise<Map<number, GridKpiCounts>> {
  const range = [sqlTime(from), sqlTime(to)];
  const [closed, feedback] = await Promise.all([
    db.query(
      `SELECT c.gridId AS g, COUNT(*) AS n,
              SUM(CASE WHEN c.deadline IS NOT NULL AND c.closedAt <= c.deadline THEN 1 ELSE 0 END) AS onTime,
              SUM(CASE WHEN EXISTS (SELECT 1 FROM photos p WHERE p.caseId = c.id AND p.role IN ('resolution', 'after')) THEN 1 ELSE 0 END) AS evidence
       FROM cases c WHERE c.status = 'closed' AND c.closedAt >= ? AND c.closedAt < ? AND c.gridId IS NOT NULL GROUP BY c.gridId`,
      range,
    ) as Promise<Record<string, unknown>[]>,
    db.query(
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

export function sumCounts(list: GridKpiCounts[]): GridKpiCounts {
  return list.reduce(
    (s, c) => ({
      closed: s.closed + c.closed,
      closedOnTime: s.closedOnTime + c.closedOnTime,
      closedWithEvidence: s.closedWithEvidence + c.closedWithEvidence,
      feedback: s.feedback + c.feedback,
      satisfied: s.satisfied + c.satisfied,
    }),
    { closed: 0, closedOnTime: 0, closedWithEvidence: 0, feedback: 0, satisfied: 0 },
  );
}

/** Month `YYYY-MM` as a half-open UTC period of China Standard Time days. */
export function monthPeriod(month: string): { from: Date; to: Date } {
  const [from, to] = chinaMonthPeriod(month);
  return { from, to };
}
