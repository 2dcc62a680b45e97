import { Injectable } from '@nestjs/common';
import { CHINA_OFFSET_MS } from '@sansui/shared';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AreasService } from '../areas/areas.service';

type Db = Pick<DataSource | EntityManager, 'query'>;
type Row = Record<string, unknown>;
const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const isMysql = (type: string) => type === 'mysql' || type === 'mariadb';

/** The case columns a figure of the roll-up depends on: a write that touches none of them leaves it alone. */
export const DAY_FIGURE_COLUMNS = [
  'status',
  'departmentId',
  'gridId',
  'categoryCode',
  'createdAt',
  'dispatchedAt',
  'deadline',
  'resolvedAt',
  'closedAt',
] as const;

const CHINA_OFFSET_HOURS = CHINA_OFFSET_MS / 3600_000;

/** The China (UTC+8) day of a stored (UTC) datetime, as YYYY-MM-DD. */
export function chinaDaySql(dbType: string, col: string): string {
  return isMysql(dbType)
    ? `DATE_FORMAT(DATE_ADD(${col}, INTERVAL ${CHINA_OFFSET_HOURS} HOUR), '%Y-%m-%d')`
    : `date(${col}, '+${CHINA_OFFSET_HOURS} hours')`;
}

/**
 * Whole minutes from dispatch to resolve (rounded down). The median handling time is taken over these, both from
 * the roll-up and from the cases of the day still running, so the two agree exactly.
 */
export function handlingMinutesSql(dbType: string): string {
  return isMysql(dbType)
    ? 'TIMESTAMPDIFF(MINUTE, c.dispatchedAt, c.resolvedAt)'
    : 'CAST(ROUND((julianday(c.resolvedAt) - julianday(c.dispatchedAt)) * 86400000) AS INTEGER) / 60000';
}

/**
 * One row per figure a case meets, selected from the cases matching `where` (on alias `c`; its parameters are
 * repeated for each figure). The rules are those of CaseFiguresRepository's scans:
 * - reported: the day it was reported, department / grid / category; bucket 1 when rejected;
 * - closed: the day it was closed (status closed); bucket 1 when by the deadline;
 * - went_overdue: the day of its deadline, when not resolved by it (rejected and merged ones left out);
 * - open_due: the day of its deadline while it runs (dispatched, in progress) in a department;
 * - handled: the day it was resolved, bucket = whole minutes since its dispatch.
 */
function contributions(dbType: string, where: string, source = 'cases c'): string {
  const day = (col: string) => chinaDaySql(dbType, col);
  const from = `FROM ${source} WHERE ${where}`;
  return [
    `SELECT 'reported' AS figure, ${day('c.createdAt')} AS day, COALESCE(c.departmentId, 0) AS departmentId, COALESCE(c.gridId, 0) AS gridId,
       c.categoryCode AS categoryCode, CASE WHEN c.status = 'rejected' THEN 1 ELSE 0 END AS bucket ${from}`,
    `SELECT 'closed', ${day('c.closedAt')}, COALESCE(c.departmentId, 0), 0, '',
       CASE WHEN c.deadline IS NOT NULL AND c.closedAt <= c.deadline THEN 1 ELSE 0 END ${from} AND c.status = 'closed' AND c.closedAt IS NOT NULL`,
    `SELECT 'went_overdue', ${day('c.deadline')}, COALESCE(c.departmentId, 0), 0, '', 0 ${from}
       AND c.deadline IS NOT NULL AND (c.resolvedAt IS NULL OR c.resolvedAt > c.deadline) AND c.status NOT IN ('rejected', 'merged')`,
    `SELECT 'open_due', ${day('c.deadline')}, c.departmentId, 0, '', 0 ${from}
       AND c.status IN ('dispatched', 'in_progress') AND c.deadline IS NOT NULL AND c.departmentId IS NOT NULL`,
    `SELECT 'handled', ${day('c.resolvedAt')}, c.departmentId, 0, '', ${handlingMinutesSql(dbType)} ${from}
       AND c.resolvedAt IS NOT NULL AND c.dispatchedAt IS NOT NULL AND c.resolvedAt >= c.dispatchedAt AND c.departmentId IS NOT NULL`,
  ].join('\nUNION ALL ');
}

const KEY = 'figure, day, departmentId, gridId, categoryCode, bucket';

/** The roll-up's rows (with `k` cases each) of the cases matching `where`; its parameters repeat five times. */
export function countedContributions(dbType: string, where: string): string {
  return `SELECT f.figure, f.day, f.departmentId, f.gridId, f.categoryCode, f.bucket, COUNT(*) AS k FROM (${contributions(dbType, where)}) f
       GROUP BY f.figure, f.day, f.departmentId, f.gridId, f.categoryCode, f.bucket`;
}

/** INSERT … SELECT that adds the selected `k` to existing rows (an increment: no read-modify-write). */
function upsert(dbType: string, select: string): string {
  return isMysql(dbType)
    ? `INSERT INTO case_day_figures (${KEY}, n) ${select} ON DUPLICATE KEY UPDATE n = case_day_figures.n + VALUES(n)`
    : `INSERT INTO case_day_figures (${KEY}, n) ${select} ON CONFLICT (${KEY}) DO UPDATE SET n = n + excluded.n`;
}

/**
 * The trigger that counts a new case in the roll-up inside its INSERT (both drivers; created by the CaseDayFigures
 * migration, which writes this text out). A trigger and not a statement of CaseLifecycle.open: report intake is held
 * to 12 statements (issue 12) and a new case's row would be a 13th. It reads the NEW values, not the table.
 */
export function newCaseTriggerSql(dbType: string): string {
  const columns = ['id', ...DAY_FIGURE_COLUMNS];
  const source = `(SELECT ${columns.map((col) => `NEW.${col} AS ${col}`).join(', ')}) c`;
  const insert = upsert(
    dbType,
    `SELECT f.figure, f.day, f.departmentId, f.gridId, f.categoryCode, f.bucket, 1 AS k FROM (${contributions(dbType, '1 = 1', source)}) f WHERE 1 = 1`,
  );
  return isMysql(dbType)
    ? `CREATE TRIGGER case_day_figures_new_case AFTER INSERT ON cases FOR EACH ROW ${insert}`
    : `CREATE TRIGGER case_day_figures_new_case AFTER INSERT ON cases BEGIN ${insert}; END`;
}

/**
 * Adds (`sign` 1) or takes away (-1) one case's contribution to the roll-up, as the case row reads now, in the
 * caller's transaction on the row it holds locked. CaseLifecycle takes it away before a write that changes a figure
 * column and adds it back after, so concurrent writes to other cases only ever increment shared rows.
 */
export async function addCaseToDayFigures(em: Db, dbType: string, caseId: number, sign: 1 | -1): Promise<void> {
  const parts = contributions(dbType, 'c.id = ?');
  // `WHERE 1 = 1` keeps SQLite from reading ON CONFLICT as a join constraint of the SELECT.
  await em.query(
    upsert(
      dbType,
      `SELECT f.figure, f.day, f.departmentId, f.gridId, f.categoryCode, f.bucket, ${sign} AS k FROM (${parts}) f WHERE 1 = 1`,
    ),
    [caseId, caseId, caseId, caseId, caseId],
  );
}

/**
 * Recounts the whole roll-up from the cases in one transaction (the command `node dist/cases/rebuild-figures.js`,
 * the migration's backfill, test factories that write cases directly): wipes it, then adds the cases `batch` ids at
 * a time. Case writes wait for it (SQLite: the write lock; MariaDB: the rows it read), so the result is exact.
 */
export async function rebuildDayFigures(
  ds: DataSource,
  opts: { batch?: number; progress?: (doneUpToId: number, lastId: number) => void } = {},
): Promise<number> {
  const dbType = String(ds.options.type);
  const batch = opts.batch ?? 100_000;
  return ds.transaction(async (em) => {
    await em.query('DELETE FROM case_day_figures');
    const [{ hi }] = (await em.query('SELECT MAX(id) AS hi FROM cases')) as { hi: unknown }[];
    const last = num(hi);
    const sql = upsert(dbType, countedContributions(dbType, 'c.id >= ? AND c.id <= ?'));
    for (let from = 1; from <= last; from += batch) {
      const to = Math.min(last, from + batch - 1);
      await em.query(sql, Array.from({ length: 5 }, () => [from, to]).flat());
      opts.progress?.(to, last);
    }
    return last;
  });
}

/** A range of whole UTC+8 days, first and last inclusive (YYYY-MM-DD). */
export interface DayRange {
  first: string;
  last: string;
}

/**
 * Reads of the daily roll-up (case_day_figures) for whole past days; the KPI service adds the cases of the days
 * not yet whole (today, a period's partial ends) from CaseFiguresRepository's scans.
 */
@Injectable()
export class DayFiguresRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly areas: AreasService,
  ) {}

  private scoped(figure: string, days: DayRange, departmentId?: number | null): { where: string; params: unknown[] } {
    return {
      where: `figure = ? AND day >= ? AND day <= ?${departmentId ? ' AND departmentId = ?' : ''}`,
      params: [figure, days.first, days.last, ...(departmentId ? [departmentId] : [])],
    };
  }

  /** Per day: cases reported, closed, and gone overdue (the trends). */
  async daily(
    days: DayRange,
    departmentId?: number | null,
  ): Promise<{ reported: Map<string, number>; closed: Map<string, number>; overdue: Map<string, number> }> {
    const byDay = async (figure: string) => {
      const { where, params } = this.scoped(figure, days, departmentId);
      const rows: Row[] = await this.db.query(`SELECT day, SUM(n) AS n FROM case_day_figures WHERE ${where} GROUP BY day`, params);
      return new Map(rows.map((r) => [String(r.day), num(r.n)]));
    };
    const [reported, closed, overdue] = await Promise.all([byDay('reported'), byDay('closed'), byDay('went_overdue')]);
    return { reported, closed, overdue };
  }

  /** Cases reported (not rejected) per grid and category, with the grid's name (from the areas module). */
  async grids(
    days: DayRange,
    q: { departmentId?: number | null; categoryCode?: string },
  ): Promise<{ gridId: number | null; gridName: string | null; categoryCode: string; count: number }[]> {
    const { where, params } = this.scoped('reported', days, q.departmentId);
    const rows: Row[] = await this.db.query(
      `SELECT gridId, categoryCode, SUM(n) AS n FROM case_day_figures WHERE ${where} AND bucket = 0${q.categoryCode ? ' AND categoryCode = ?' : ''}
       GROUP BY gridId, categoryCode`,
      [...params, ...(q.categoryCode ? [q.categoryCode] : [])],
    );
    const counted = rows.filter((r) => num(r.n) !== 0);
    const names = await this.areas.namesOf([...new Set(counted.map((r) => num(r.gridId)).filter((id) => id !== 0))]);
    return counted.map((r) => ({
      gridId: num(r.gridId) === 0 ? null : num(r.gridId),
      gridName: names.get(num(r.gridId)) ?? null,
      categoryCode: String(r.categoryCode),
      count: num(r.n),
    }));
  }

  /** Running cases per department whose deadline falls on a day before `day` (all of them overdue by now). */
  async openDueBefore(day: string, departmentId?: number | null): Promise<Map<number, number>> {
    const rows: Row[] = await this.db.query(
      `SELECT departmentId AS d, SUM(n) AS n FROM case_day_figures WHERE figure = 'open_due' AND day < ?${departmentId ? ' AND departmentId = ?' : ''} GROUP BY departmentId`,
      [day, ...(departmentId ? [departmentId] : [])],
    );
    return new Map(rows.map((r) => [num(r.d), num(r.n)]));
  }

  /** Cases resolved per department and whole minutes of handling: `[departmentId, minutes, cases]`. */
  async handled(days: DayRange, departmentId?: number | null): Promise<[number, number, number][]> {
    const { where, params } = this.scoped('handled', days, departmentId);
    const rows: Row[] = await this.db.query(
      `SELECT departmentId AS d, bucket AS m, SUM(n) AS n FROM case_day_figures WHERE ${where} GROUP BY departmentId, bucket`,
      params,
    );
    return rows.map((r) => [num(r.d), num(r.m), num(r.n)]);
  }
}
