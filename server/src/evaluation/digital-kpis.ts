import { chinaMonthPeriod } from '@sansui/shared';
import type { GridKpiCounts } from '../cases/closure-figures.repository';

export type { GridKpiCounts };

/** Adds up the digital-KPI counts of several grids (an area's subtree); the counts come from ClosureFiguresRepository. */
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
