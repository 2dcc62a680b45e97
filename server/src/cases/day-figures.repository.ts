import { Injectable } from '@nestjs/common';
import { CHINA_OFFSET_MS } from '@sansui/shared';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AreasService } from '../areas/areas.service';
import type { DispatchOutcomeGroup } from './dispatch-outcome.repository';

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
  'firstDispatchedAt',
  'firstDepartmentId',
  'suggestionTaken',
  'dispatchCount',
  'returnCount',
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

/** The department a dispatch or return event names in its data (null when it names none). */
export function eventDepartmentSql(dbType: string): string {
  return isMysql(dbType) ? `CAST(JSON_EXTRACT(e.data, '$.departmentId') AS UNSIGNED)` : `json_extract(e.data, '$.departmentId')`;
}

/**
 * 1 when the case's closure stands on verified evidence (docs/domain.md §14): its current evidence is verified, or an
 * on-site verification recorded after it is. The same rule as CaseFiguresRepository.closed.
 */
export function verifiedClosureSql(): string {
  return `CASE WHEN EXISTS (SELECT 1 FROM case_evidence ev WHERE ev.caseId = c.id AND ev.verified = 1 AND (ev.current = 1 OR (ev.purpose = 'verify'
       AND ev.id > COALESCE((SELECT MAX(cur.id) FROM case_evidence cur WHERE cur.caseId = c.id AND cur.current = 1), 0)))) THEN 1 ELSE 0 END`;
}

/**
 * The `dispatched` figure's bucket: the case's dispatches × 4, + 2 when it was ever returned, + 1 when its first
 * dispatch took the routing suggestion (dispatch quality, docs/domain.md §17: first-time-right = 1 dispatch, no return).
 */
export function dispatchBucket(b: number): { dispatches: number; returned: boolean; suggestionTaken: boolean } {
  return { dispatches: Math.floor(b / 4), returned: (b & 2) !== 0, suggestionTaken: (b & 1) !== 0 };
}

/**
 * How many rows share one key of the reported figure: a case counts there in slot `id % REPORTED_SLOTS`, in slot 0 in
 * every other figure (readers sum the slots). The reported figure is the one every new case writes, inside its INSERT
 * (newCaseTriggerSql): on MariaDB that row stays locked until the COMMIT, so with one row per key the submissions of a
 * burst of one category in one grid on one day ran one at a time. Consecutive case ids (how the cases of concurrent
 * submissions are numbered) land in different slots while fewer than this many are open at once (the pool has 20
 * connections). The other figures change on staff actions, a few a second, and keep one row per key: the KPI pages
 * read far more of them. Per case, not per writer, so a case's later moves take away from the row it added to, and a
 * recount gives the same rows.
 */
export const REPORTED_SLOTS = 16;

/** The roll-up's primary key. */
const KEY_COLUMNS = ['figure', 'day', 'departmentId', 'gridId', 'categoryCode', 'bucket', 'slot'];

/** The reported figure's row of case `c` (an alias, or NEW in a trigger): the key's values, in KEY's order. */
function reportedRow(dbType: string, c: string): string[] {
  return [
    `'reported'`,
    chinaDaySql(dbType, `${c}.createdAt`),
    `COALESCE(${c}.departmentId, 0)`,
    `COALESCE(${c}.gridId, 0)`,
    `${c}.categoryCode`,
    `CASE WHEN ${c}.status = 'rejected' THEN 1 ELSE 0 END`,
    `${c}.id % ${REPORTED_SLOTS}`,
  ];
}

/**
 * One row per figure a case meets, a pure function of the case row, selected from the cases matching `where` (on
 * alias `c`; its parameters repeat once per part). The rules are those of CaseFiguresRepository's and
 * DispatchOutcomeRepository's scans:
 * - reported: the day it was reported, department / grid / category; bucket 1 when rejected;
 * - closed: the day it was closed (status closed), department; bucket +1 when by the deadline, +2 on verified evidence;
 * - went_overdue: the day of its deadline, when not resolved by it (rejected and merged ones left out);
 * - open_due: the day of its deadline while it runs (dispatched, in progress) in a department;
 * - handled: the day it was resolved, bucket = whole minutes since its dispatch;
 * - dispatched: the day of its first dispatch, first department, category; bucket as `dispatchBucket` reads it.
 */
function caseParts(dbType: string, where: string, source = 'cases c'): string[] {
  const day = (col: string) => chinaDaySql(dbType, col);
  const from = `FROM ${source} WHERE ${where}`;
  return [
    `SELECT ${reportedRow(dbType, 'c')
      .map((value, i) => `${value} AS ${KEY_COLUMNS[i]}`)
      .join(', ')} ${from}`,
    // Named too: evidence reads this part alone (withCaseFigures `only: 'closed'`).
    `SELECT 'closed' AS figure, ${day('c.closedAt')} AS day, COALESCE(c.departmentId, 0) AS departmentId, 0 AS gridId, '' AS categoryCode,
       CASE WHEN c.deadline IS NOT NULL AND c.closedAt <= c.deadline THEN 1 ELSE 0 END + 2 * ${verifiedClosureSql()} AS bucket, 0 AS slot
       ${from} AND c.status = 'closed' AND c.closedAt IS NOT NULL`,
    `SELECT 'went_overdue', ${day('c.deadline')}, COALESCE(c.departmentId, 0), 0, '', 0, 0 ${from}
       AND c.deadline IS NOT NULL AND (c.resolvedAt IS NULL OR c.resolvedAt > c.deadline) AND c.status NOT IN ('rejected', 'merged')`,
    `SELECT 'open_due', ${day('c.deadline')}, c.departmentId, 0, '', 0, 0 ${from}
       AND c.status IN ('dispatched', 'in_progress') AND c.deadline IS NOT NULL AND c.departmentId IS NOT NULL`,
    `SELECT 'handled', ${day('c.resolvedAt')}, c.departmentId, 0, '', ${handlingMinutesSql(dbType)}, 0 ${from}
       AND c.resolvedAt IS NOT NULL AND c.dispatchedAt IS NOT NULL AND c.resolvedAt >= c.dispatchedAt AND c.departmentId IS NOT NULL`,
    `SELECT 'dispatched', ${day('c.firstDispatchedAt')}, c.firstDepartmentId, 0, c.categoryCode,
       c.dispatchCount * 4 + CASE WHEN c.returnCount > 0 THEN 2 ELSE 0 END + CASE WHEN c.suggestionTaken THEN 1 ELSE 0 END, 0 ${from}
       AND c.firstDispatchedAt IS NOT NULL AND c.firstDepartmentId IS NOT NULL`,
  ];
}

/**
 * The rows a case's timeline events and residents' verdicts add (the same rules as CaseFiguresRepository's scans):
 * - received / returned: per dispatch / return event, on its day, for the department the event names;
 * - resolved / reworked: per resolve / (verify_fail, reopen) event, on its day, for the case's current department;
 * - feedback: per verdict (report_feedback), on its day, the case's current department and grid; bucket 1 = satisfied.
 * Part of the case's contribution, so a move of its department moves them; CaseLifecycle takes the contribution away
 * before it writes an event or a verdict and adds it back after.
 */
function relatedParts(dbType: string, ofCases: (caseIdColumn: string) => string): string[] {
  const day = (col: string) => chinaDaySql(dbType, col);
  // Read through the (caseId, id) index (the action is wrapped so that no index on it is tried): MariaDB's locking read
  // of a case then holds the case's own index range, not a range of the (action, createdAt) index at whose end every
  // new event is inserted (that made concurrent moves of different cases deadlock).
  const events = (actions: string) =>
    `FROM case_events e JOIN cases c ON c.id = e.caseId WHERE ${ofCases('e.caseId')} AND TRIM(e.action) IN (${actions})`;
  return [
    `SELECT 'received', ${day('e.createdAt')}, COALESCE(${eventDepartmentSql(dbType)}, 0), 0, '', 0, 0 ${events("'dispatch'")}`,
    `SELECT 'returned', ${day('e.createdAt')}, COALESCE(${eventDepartmentSql(dbType)}, 0), 0, '', 0, 0 ${events("'return'")}`,
    `SELECT 'resolved', ${day('e.createdAt')}, COALESCE(c.departmentId, 0), 0, '', 0, 0 ${events("'resolve'")}`,
    `SELECT 'reworked', ${day('e.createdAt')}, COALESCE(c.departmentId, 0), 0, '', 0, 0 ${events("'verify_fail', 'reopen'")}`,
    `SELECT 'feedback', ${day('f.createdAt')}, COALESCE(c.departmentId, 0), COALESCE(c.gridId, 0), '', CASE WHEN f.satisfied = 1 THEN 1 ELSE 0 END, 0
       FROM report_feedback f JOIN cases c ON c.id = f.caseId WHERE ${ofCases('f.caseId')}`,
  ];
}

/**
 * A case's whole contribution (its row, events and verdicts) as one SELECT of the cases `ofCases` picks (given a
 * case id column, the condition; its parameters repeat once per part), and how many parts there are.
 */
function contributions(dbType: string, ofCases: (caseIdColumn: string) => string): { sql: string; parts: number } {
  const parts = [...caseParts(dbType, ofCases('c.id')), ...relatedParts(dbType, ofCases)];
  return { sql: parts.join('\nUNION ALL '), parts: parts.length };
}

const KEY = KEY_COLUMNS.join(', ');
const SELECTED_KEY = 'f.figure, f.day, f.departmentId, f.gridId, f.categoryCode, f.bucket, f.slot';

/** The roll-up's rows (with `k` cases each) of the cases `ofCases` picks, and how many times its parameters repeat. */
export function countedContributions(dbType: string, ofCases: (caseIdColumn: string) => string): { sql: string; parts: number } {
  const { sql, parts } = contributions(dbType, ofCases);
  return {
    sql: `SELECT ${SELECTED_KEY}, COUNT(*) AS k FROM (${sql}) f GROUP BY ${SELECTED_KEY}`,
    parts,
  };
}

/** INSERT … SELECT that adds the selected `k` to existing rows (an increment: no read-modify-write). */
function upsert(dbType: string, select: string): string {
  return isMysql(dbType)
    ? `INSERT INTO case_day_figures (${KEY}, n) ${select} ON DUPLICATE KEY UPDATE n = case_day_figures.n + VALUES(n)`
    : `INSERT INTO case_day_figures (${KEY}, n) ${select} ON CONFLICT (${KEY}) DO UPDATE SET n = n + excluded.n`;
}

/**
 * The trigger that counts a new case in the roll-up inside its INSERT (both drivers; created by the CaseDayFigures
 * migration and again by CaseDayFiguresEvents, which write this text out). A trigger and not a statement of
 * CaseLifecycle.open: report intake is held to 12 statements (issue 12) and a new case's row would be a 13th. It
 * reads the NEW values (a new case has no events or verdicts yet; its evidence, if any, is looked up by id).
 */
export function newCaseTriggerSql(dbType: string): string {
  const columns = ['id', ...DAY_FIGURE_COLUMNS];
  const source = `(SELECT ${columns.map((col) => `NEW.${col} AS ${col}`).join(', ')}) c`;
  const insert = upsert(
    dbType,
    `SELECT ${SELECTED_KEY}, 1 AS k FROM (${caseParts(dbType, '1 = 1', source).join('\nUNION ALL ')}) f WHERE 1 = 1`,
  );
  if (!isMysql(dbType)) return `CREATE TRIGGER case_day_figures_new_case AFTER INSERT ON cases BEGIN ${insert}; END`;
  // A case without deadline, first dispatch, resolve or close meets only the reported figure (see caseParts): every
  // case a submission opens. For it MariaDB upserts one row instead of planning the six-part UNION over derived tables
  // (6.5 % of mariadbd's CPU under the submission bench, docs/performance.md, fourteenth round).
  const reported = `INSERT INTO case_day_figures (${KEY}, n) VALUES (${reportedRow(dbType, 'NEW').join(', ')}, 1) ON DUPLICATE KEY UPDATE n = case_day_figures.n + 1`;
  return (
    `CREATE TRIGGER case_day_figures_new_case AFTER INSERT ON cases FOR EACH ROW ` +
    `IF NEW.deadline IS NULL AND NEW.firstDispatchedAt IS NULL AND NEW.resolvedAt IS NULL AND NEW.closedAt IS NULL ` +
    `THEN ${reported}; ELSE ${insert}; END IF`
  );
}

/**
 * Adds (`sign` 1) or takes away (-1) one case's contribution to the roll-up (its row, events and verdicts as they read
 * now), in the caller's transaction on the row it holds locked. A writer takes it away before changing anything the
 * figures read and adds it back after, so concurrent writes to other cases only ever increment shared rows.
 */
export async function addCaseToDayFigures(em: Db, dbType: string, caseId: number, sign: 1 | -1): Promise<void> {
  const { sql, parts } = contributions(dbType, (col) => `${col} = ?`);
  // `WHERE 1 = 1` keeps SQLite from reading ON CONFLICT as a join constraint of the SELECT.
  await em.query(
    upsert(dbType, `SELECT ${SELECTED_KEY}, ${sign} AS k FROM (${sql}) f WHERE 1 = 1`),
    Array.from({ length: parts }, () => caseId),
  );
}

/**
 * A case's contribution as rows (key → cases), read with the locks an INSERT … SELECT would take (MariaDB: shared
 * locks on what it reads, so it sees the latest committed rows whatever snapshot the transaction holds).
 */
async function contributionOf(em: Db, dbType: string, caseId: number, only?: 'closed'): Promise<Map<string, number>> {
  const parts =
    only === 'closed'
      ? caseParts(dbType, 'c.id = ?').filter((part) => part.startsWith("SELECT 'closed'"))
      : [...caseParts(dbType, 'c.id = ?'), ...relatedParts(dbType, (col) => `${col} = ?`)];
  const sql = isMysql(dbType) ? parts.map((part) => `(${part} LOCK IN SHARE MODE)`).join('\nUNION ALL ') : parts.join('\nUNION ALL ');
  const rows: Row[] = await em.query(
    sql,
    parts.map(() => caseId),
  );
  const out = new Map<string, number>();
  for (const r of rows) {
    const key = JSON.stringify([
      String(r.figure),
      String(r.day),
      num(r.departmentId),
      num(r.gridId),
      String(r.categoryCode),
      num(r.bucket),
      num(r.slot),
    ]);
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

/**
 * Runs `write` and moves the case's contribution to the roll-up from what it was before to what it is after: the
 * difference only, in one INSERT … ON CONFLICT / ON DUPLICATE KEY UPDATE n = n + k with the rows in key order. Rows
 * whose count does not change are not touched, so concurrent moves of other cases contend only on the rows they
 * really change, and always lock them in the same order (no deadlock between two such writes over roll-up rows).
 * Writes inside must not move the same case's contribution themselves (saveCase with `{ figures: false }`).
 * `only: 'closed'`: the write can change the closed figure only (evidence: its verdict), so only that is read.
 */
export async function withCaseFigures<T>(
  em: EntityManager,
  caseId: number,
  write: () => Promise<T>,
  opts: { only?: 'closed' } = {},
): Promise<T> {
  const dbType = String(em.connection.options.type);
  const before = await contributionOf(em, dbType, caseId, opts.only);
  const result = await write();
  const after = await contributionOf(em, dbType, caseId, opts.only);
  const diff = new Map(after);
  for (const [key, k] of before) diff.set(key, (diff.get(key) ?? 0) - k);
  const changed = [...diff].filter(([, k]) => k !== 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (changed.length === 0) return result;
  const values = changed.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ');
  await em.query(
    isMysql(dbType)
      ? `INSERT INTO case_day_figures (${KEY}, n) VALUES ${values} ON DUPLICATE KEY UPDATE n = case_day_figures.n + VALUES(n)`
      : `INSERT INTO case_day_figures (${KEY}, n) VALUES ${values} ON CONFLICT (${KEY}) DO UPDATE SET n = n + excluded.n`,
    changed.flatMap(([key, k]) => [...(JSON.parse(key) as unknown[]), k]),
  );
  return result;
}

/**
 * Counts a resident's verdict (report_feedback, just inserted for `reportId`) in the roll-up, for the case's department
 * and grid as they are: an insert changes nothing else of the case's contribution. Read by the verdict's unique report
 * id and the case's primary key, so no other case's rows are locked (concurrent verdicts on other cases never wait).
 */
export async function addVerdictToDayFigures(em: Db, dbType: string, reportId: number): Promise<void> {
  await em.query(
    upsert(
      dbType,
      `SELECT 'feedback', ${chinaDaySql(dbType, 'f.createdAt')}, COALESCE(c.departmentId, 0), COALESCE(c.gridId, 0), '',
         CASE WHEN f.satisfied = 1 THEN 1 ELSE 0 END, 0, 1 FROM report_feedback f JOIN cases c ON c.id = f.caseId WHERE f.reportId = ?`,
    ),
    [reportId],
  );
}

/**
 * Recounts the whole roll-up from the cases in one transaction (the command `node dist/cases/rebuild-figures.js`,
 * the migrations' backfill, test factories that write cases directly): wipes it, then adds the cases `batch` ids at
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
    const { sql, parts } = countedContributions(dbType, (col) => `${col} >= ? AND ${col} <= ?`);
    const statement = upsert(dbType, sql);
    for (let from = 1; from <= last; from += batch) {
      const to = Math.min(last, from + batch - 1);
      await em.query(statement, Array.from({ length: parts }, () => [from, to]).flat());
      opts.progress?.(to, last);
    }
    return last;
  });
}

/** A department's KPI counts over a period (the ranking's figures that are not a day series). */
export interface DepartmentCounts {
  received: number;
  closed: number;
  onTime: number;
  verified: number;
  returns: number;
  resolved: number;
  reworks: number;
  feedbackTotal: number;
  feedbackSatisfied: number;
}

/** The department's entry of `m`, created empty. */
export function countsOf(m: Map<number, DepartmentCounts>, departmentId: number): DepartmentCounts {
  let c = m.get(departmentId);
  if (!c) {
    c = { received: 0, closed: 0, onTime: 0, verified: 0, returns: 0, resolved: 0, reworks: 0, feedbackTotal: 0, feedbackSatisfied: 0 };
    m.set(departmentId, c);
  }
  return c;
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

  /**
   * Per department, the counts of the department KPIs that are not a day series: dispatches received, closures (on
   * time, on verified evidence), returns, resolutions, reworks and residents' verdicts.
   */
  async departmentCounts(days: DayRange, departmentId?: number | null): Promise<Map<number, DepartmentCounts>> {
    const rows: Row[] = await this.db.query(
      `SELECT figure, departmentId AS d, bucket AS b, SUM(n) AS n FROM case_day_figures
        WHERE figure IN ('received', 'closed', 'returned', 'resolved', 'reworked', 'feedback') AND day >= ? AND day <= ?${departmentId ? ' AND departmentId = ?' : ''}
        GROUP BY figure, departmentId, bucket`,
      [days.first, days.last, ...(departmentId ? [departmentId] : [])],
    );
    const out = new Map<number, DepartmentCounts>();
    for (const r of rows) {
      const counts = countsOf(out, num(r.d));
      const n = num(r.n);
      const b = num(r.b);
      switch (String(r.figure)) {
        case 'received':
          counts.received += n;
          break;
        case 'closed':
          counts.closed += n;
          if (b & 1) counts.onTime += n;
          if (b & 2) counts.verified += n;
          break;
        case 'returned':
          counts.returns += n;
          break;
        case 'resolved':
          counts.resolved += n;
          break;
        case 'reworked':
          counts.reworks += n;
          break;
        case 'feedback':
          counts.feedbackTotal += n;
          if (b === 1) counts.feedbackSatisfied += n;
          break;
      }
    }
    return out;
  }

  /** Cases first dispatched on the days per (first department, category): the sums dispatch quality is made of. */
  async dispatchGroups(days: DayRange, departmentId?: number | null): Promise<DispatchOutcomeGroup[]> {
    const { where, params } = this.scoped('dispatched', days, departmentId);
    const rows: Row[] = await this.db.query(
      `SELECT departmentId AS d, categoryCode AS k, bucket AS b, SUM(n) AS n FROM case_day_figures WHERE ${where} GROUP BY departmentId, categoryCode, bucket`,
      params,
    );
    const groups = new Map<string, DispatchOutcomeGroup>();
    for (const r of rows) {
      const n = num(r.n);
      if (n === 0) continue;
      const key = `${num(r.d)}|${String(r.k)}`;
      const g = groups.get(key) ?? {
        departmentId: num(r.d),
        categoryCode: String(r.k),
        dispatched: 0,
        firstTimeRight: 0,
        dispatches: 0,
        suggestionTaken: 0,
      };
      const b = dispatchBucket(num(r.b));
      g.dispatched += n;
      if (b.dispatches === 1 && !b.returned) g.firstTimeRight += n;
      g.dispatches += n * b.dispatches;
      if (b.suggestionTaken) g.suggestionTaken += n;
      groups.set(key, g);
    }
    return [...groups.values()];
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
