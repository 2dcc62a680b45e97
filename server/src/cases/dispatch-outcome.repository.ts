import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { sqlTime } from './case-sql';

/** Cases first dispatched in a period to one department, in one category: the sums dispatch quality is made of. */
export interface DispatchOutcomeGroup {
  departmentId: number;
  categoryCode: string;
  /** Cases. */
  dispatched: number;
  /** Cases dispatched once and never returned. */
  firstTimeRight: number;
  /** Dispatches of those cases (1 per case = no hand-off). */
  dispatches: number;
  /** Cases whose first dispatch took the routing suggestion. */
  suggestionTaken: number;
}

/** A case that was not first-time-right. */
export interface WrongDispatch {
  caseId: number;
  categoryCode: string;
  firstDepartmentId: number;
  dispatches: number;
  returns: number;
}

type Db = Pick<DataSource | EntityManager, 'query'>;
const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const isMysql = (type: string) => type === 'mysql' || type === 'mariadb';
const FIRST_TIME_RIGHT = '(c.dispatchCount = 1 AND c.returnCount = 0)';

/**
 * The dispatch outcome stored on each case (firstDispatchedAt, firstDepartmentId, suggestionTaken, dispatchCount,
 * returnCount; docs/domain.md §17): read per period from the (firstDispatchedAt, …) covering index as one grouped
 * range, written by CaseLifecycle with each dispatch and return, and recounted from case_events by
 * `recountDispatchOutcomes` (the rebuild command, the migration's backfill, test factories that write events).
 */
@Injectable()
export class DispatchOutcomeRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Cases first dispatched in [from, to) per (first department, category); one department's only when given. */
  async groups(p: { from: Date; to: Date; departmentId?: number | null }): Promise<DispatchOutcomeGroup[]> {
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT c.firstDepartmentId AS d, c.categoryCode AS k, COUNT(*) AS n,
              SUM(CASE WHEN ${FIRST_TIME_RIGHT} THEN 1 ELSE 0 END) AS ftr,
              SUM(c.dispatchCount) AS dispatches, SUM(CASE WHEN c.suggestionTaken THEN 1 ELSE 0 END) AS taken
         FROM cases c
        WHERE c.firstDispatchedAt >= ? AND c.firstDispatchedAt < ? AND c.firstDepartmentId IS NOT NULL${p.departmentId ? ' AND c.firstDepartmentId = ?' : ''}
        GROUP BY c.firstDepartmentId, c.categoryCode`,
      [sqlTime(p.from), sqlTime(p.to), ...(p.departmentId ? [p.departmentId] : [])],
    );
    return rows.map((r) => ({
      departmentId: num(r.d),
      categoryCode: String(r.k),
      dispatched: num(r.n),
      firstTimeRight: num(r.ftr),
      dispatches: num(r.dispatches),
      suggestionTaken: num(r.taken),
    }));
  }

  /** The newest `limit` cases first dispatched in [from, to) that were not first-time-right. */
  async wrong(p: { from: Date; to: Date; departmentId?: number | null }, limit: number): Promise<WrongDispatch[]> {
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT c.id AS id, c.categoryCode AS k, c.firstDepartmentId AS d, c.dispatchCount AS dispatches, c.returnCount AS returns
         FROM cases c
        WHERE c.firstDispatchedAt >= ? AND c.firstDispatchedAt < ? AND c.firstDepartmentId IS NOT NULL AND NOT ${FIRST_TIME_RIGHT}${p.departmentId ? ' AND c.firstDepartmentId = ?' : ''}
        ORDER BY c.id DESC LIMIT ${Math.trunc(limit)}`,
      [sqlTime(p.from), sqlTime(p.to), ...(p.departmentId ? [p.departmentId] : [])],
    );
    return rows.map((r) => ({
      caseId: num(r.id),
      categoryCode: String(r.k),
      firstDepartmentId: num(r.d),
      dispatches: num(r.dispatches),
      returns: num(r.returns),
    }));
  }
}

/**
 * Adds one dispatch or return event (already inserted, id `eventId`) to its case's stored outcome, in the caller's
 * transaction, on the row the caller holds locked. The first dispatch also sets the time (copied from the event row,
 * so it equals what a recount reads), the department and whether the suggestion was taken. MySQL evaluates SET
 * left to right with the new values, so the columns that test `firstDispatchedAt IS NULL` come before it.
 * `updatedAt = updatedAt`: the move that wrote the event has already stamped the row.
 */
export async function addDispatchEvent(
  em: EntityManager,
  caseId: number,
  event: { id: number; action: 'dispatch' | 'return'; departmentId: number | null; suggested: boolean },
): Promise<void> {
  if (event.action === 'return') {
    await em.query('UPDATE cases SET returnCount = returnCount + 1, updatedAt = updatedAt WHERE id = ?', [caseId]);
    return;
  }
  await em.query(
    `UPDATE cases SET
       firstDepartmentId = CASE WHEN firstDispatchedAt IS NULL THEN ? ELSE firstDepartmentId END,
       suggestionTaken = CASE WHEN firstDispatchedAt IS NULL THEN ? ELSE suggestionTaken END,
       firstDispatchedAt = COALESCE(firstDispatchedAt, (SELECT e.createdAt FROM case_events e WHERE e.id = ?)),
       dispatchCount = dispatchCount + 1,
       updatedAt = updatedAt
     WHERE id = ?`,
    [event.departmentId, event.suggested ? 1 : 0, event.id, caseId],
  );
}

/**
 * Recomputes the stored outcome of the cases with ids in [fromId, toId] from their `dispatch` and `return` events:
 * the first dispatch is the earliest (a tie on the time goes to the lower event id); its department counts only
 * when the event names one as a number, and the suggestion only when `suggested` is JSON true, as in
 * stats/dispatch-quality.ts. One statement; the case rows' versions and updatedAt are left alone.
 */
export async function recountDispatchOutcomes(db: Db, dbType: string, fromId: number, toId: number): Promise<void> {
  const mysql = isMysql(dbType);
  const first = (expr: string) =>
    `(SELECT ${expr} FROM case_events e WHERE e.caseId = cases.id AND e.action = 'dispatch' ORDER BY e.createdAt, e.id LIMIT 1)`;
  const count = (action: string) => `(SELECT COUNT(*) FROM case_events e WHERE e.caseId = cases.id AND e.action = '${action}')`;
  const dept = mysql
    ? `CASE WHEN JSON_TYPE(JSON_EXTRACT(e.data, '$.departmentId')) = 'INTEGER' THEN CAST(JSON_VALUE(e.data, '$.departmentId') AS SIGNED) END`
    : `CASE WHEN json_type(e.data, '$.departmentId') = 'integer' THEN json_extract(e.data, '$.departmentId') END`;
  const suggested = mysql
    ? `CASE WHEN JSON_EXTRACT(e.data, '$.suggested') = 'true' THEN 1 ELSE 0 END`
    : `CASE WHEN json_type(e.data, '$.suggested') = 'true' THEN 1 ELSE 0 END`;
  await db.query(
    `UPDATE cases SET
       firstDispatchedAt = ${first('e.createdAt')},
       firstDepartmentId = ${first(dept)},
       suggestionTaken = COALESCE(${first(suggested)}, 0),
       dispatchCount = ${count('dispatch')},
       returnCount = ${count('return')},
       updatedAt = updatedAt
     WHERE id >= ? AND id <= ?`,
    [fromId, toId],
  );
}

/** `recountDispatchOutcomes` over every case, `batch` ids per statement; reports progress as it goes. */
export async function rebuildDispatchOutcomes(
  db: Db,
  dbType: string,
  opts: { batch?: number; progress?: (doneUpToId: number, lastId: number) => void } = {},
): Promise<number> {
  const [{ hi }] = (await db.query('SELECT MAX(id) AS hi FROM cases')) as { hi: unknown }[];
  const last = num(hi);
  const batch = opts.batch ?? 5000;
  for (let from = 1; from <= last; from += batch) {
    await recountDispatchOutcomes(db, dbType, from, Math.min(last, from + batch - 1));
    opts.progress?.(Math.min(last, from + batch - 1), last);
  }
  return last;
}
