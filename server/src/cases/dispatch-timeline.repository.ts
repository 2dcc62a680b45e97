import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { sqlTime } from './case-sql';

/** One case's dispatch and return events, oldest first (from case_events). */
export interface DispatchTimeline {
  caseId: number;
  categoryCode: string;
  events: { action: 'dispatch' | 'return'; departmentId: number | null; suggested: boolean; at: Date }[];
}

interface EventRow {
  caseId: number;
  action: 'dispatch' | 'return';
  data: string | Record<string, unknown> | null;
  createdAt: Date | string;
  categoryCode: string;
}

/**
 * The timelines behind dispatch quality (docs/domain.md §17): the `dispatch` and `return` events of every case
 * whose first dispatch falls in the period, read from the cases module's own tables. stats/ turns them into
 * first-time-right rates and hand-offs.
 */
@Injectable()
export class DispatchTimelineRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Timelines of the cases first dispatched in [from, to), in case id order. */
  async firstDispatchedIn(p: { from: Date; to: Date }): Promise<DispatchTimeline[]> {
    const rows: EventRow[] = await this.db.query(
      `SELECT e.caseId AS caseId, e.action AS action, e.data AS data, e.createdAt AS createdAt, c.categoryCode AS categoryCode
         FROM case_events e JOIN cases c ON c.id = e.caseId
        WHERE e.action IN ('dispatch', 'return')
          AND e.caseId IN (SELECT f.caseId FROM case_events f WHERE f.action = 'dispatch' GROUP BY f.caseId
                            HAVING MIN(f.createdAt) >= ? AND MIN(f.createdAt) < ?)
        ORDER BY e.caseId, e.id`,
      [sqlTime(p.from), sqlTime(p.to)],
    );
    return [...timelines(rows).values()];
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
