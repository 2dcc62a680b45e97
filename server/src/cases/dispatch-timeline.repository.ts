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

  /**
   * Timelines of the cases first dispatched in [from, to), in case id order. Found from the period's dispatch events
   * (the (action, createdAt, caseId) index) that have no earlier dispatch of their case, not by grouping every
   * dispatch ever made: that read all 2M events at 1M cases (4–6 s on SQLite, 30–60 s on MariaDB). A tie on the
   * time goes to the lower id, so each case is found once.
   */
  async firstDispatchedIn(p: { from: Date; to: Date }): Promise<DispatchTimeline[]> {
    const rows: EventRow[] = await this.db.query(
      `SELECT e.caseId AS caseId, e.action AS action, e.data AS data, e.createdAt AS createdAt, c.categoryCode AS categoryCode
         FROM case_events f
         JOIN cases c ON c.id = f.caseId
         JOIN case_events e ON e.caseId = f.caseId AND e.action IN ('dispatch', 'return')
        WHERE f.action = 'dispatch' AND f.createdAt >= ? AND f.createdAt < ?
          AND NOT EXISTS (SELECT 1 FROM case_events b WHERE b.caseId = f.caseId AND b.action = 'dispatch'
                           AND (b.createdAt < f.createdAt OR (b.createdAt = f.createdAt AND b.id < f.id)))
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
