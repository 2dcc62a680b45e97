import { CASE_STATUSES, DEADLINE_RUNNING_STATUSES, type CaseListSort, type CaseStatus } from '@sansui/shared';
import type { AuthUser } from '../common/auth/auth-user';
import { AppException } from '../common/errors/app-exception';
import { caseScope } from './case-access';
import {
  CASES_BY_CREATION_INDEX,
  CASE_LIST_CATEGORY_INDEXES,
  CASE_LIST_DEPARTMENT_INDEXES,
  CASE_LIST_INDEXES,
  CASE_LIST_NEWEST_FIRST_INDEX,
} from './case.entity';
import { sqlTime } from './case-sql';
import { wordsLike } from './case-text-index';
import type { CaseListQueryDto } from './dto/case-list-query.dto';

/** The exact count of a list stops here: past it, a list says "more than 10,000" (counting 1M rows costs seconds). */
export const CASE_LIST_COUNT_CAP = 10_000;

/**
 * A count with the search box's words, when the text index did not find them few, judges them on at most this many of
 * the cases that meet the other filters: counted up to 10,001 matches, a word in 1 case of 12 read 120,000 rows (0.7 s
 * on SQLite, 3 s on MariaDB at 1M cases). Past it the list answers a lower bound ("more than").
 */
export const CASE_LIST_WORD_COUNT_ROWS = 5_000;

/** One SQL condition with its positional parameters (`?`, the same text on SQLite and MariaDB). */
export interface Condition {
  sql: string;
  params: unknown[];
}

/** What GET /cases filters by, as SQL: the statuses asked for (each one walked apart) and every other condition. */
export interface ListFilter {
  statuses: CaseStatus[];
  /** False when no status was asked for: the count needs no status condition. */
  statusFiltered: boolean;
  conditions: Condition[];
  /** Only cases whose deadline is set can match (overdue): the sort by deadline skips its null part. */
  deadlineSet: boolean;
  /** `overdue=true`: the deadline is before this time. */
  dueBefore: string | null;
  /** A department is asked for (or is the caller's scope): its (departmentId, status, sort column) index may serve. */
  department: boolean;
  /** A category is asked for: its (status, categoryCode, sort column) index serves the walk. */
  category: boolean;
  /**
   * The cases are picked by id (a case number, the pending extensions, the search box's words found few) or by handler (我负责的): a few rows found
   * through the primary key or the (handlerUserId, status) index, which a walk told to follow its sort index would
   * instead look for through the whole status.
   */
  picked: boolean;
  /**
   * The cases are the search box's words' as the text index found them (every asked status): read by primary key. On
   * a few thousand cases both planners preferred a status's sort index for `ORDER BY … LIMIT` over a few dozen ids, a
   * walk that at a million reads the status whole when the ids are old.
   */
  wordIds: boolean;
  /** `overdue=false`: a condition only running states need (a case in another state is never overdue). */
  runningOnly: Condition | null;
  /** Every case the caller may see, at most limited to a period (`from` / `to`): no other filter. */
  unfiltered: boolean;
  /** The search box's words, when not picked by id: their LIKE (also in `conditions`), which a count judges on a bounded number of rows. */
  words: Condition | null;
  /**
   * Statuses whose cases with the words the text index handed over by id while the other statuses walk (`WordMatches`):
   * each of their walks reads those ids by key.
   */
  wordPicked: { statuses: ReadonlySet<CaseStatus>; ids: Condition } | null;
  /**
   * The ids the words' cases of the statuses that walk may have (`WordMatches.walked`), which each of their walks
   * checks, and the words' LIKE on the row `w` (the count reads those rows by key).
   */
  wordWalked: { ids: Condition; like: Condition } | null;
  /**
   * MariaDB, a common word: the ids its cases may have (`WordMatches.counted`) and its LIKE on the row `w`, which the
   * count judges on its bounded rows (not the walks: too many runs to hand to them).
   */
  wordCounted: { ids: Condition; like: Condition } | null;
  /**
   * A department (or the caller's), perhaps a category, and no filter its index ((departmentId, status, deadline) or
   * (departmentId, categoryCode, status, deadline)) does not hold, but the words.
   */
  departmentIndexed: boolean;
}

/** The cases of `statuses` whose text holds the search box's words, found by the text index (CaseQueryService.wordMatches). */
export interface WordMatches {
  ids: number[];
  statuses: readonly CaseStatus[];
  /** The ids the words' cases of the other statuses may have (case-text-index.ts, walkedIdsCondition), if few. */
  walked?: Condition | null;
  /** The same for the count only (case-text-index.ts, countedIdsCondition), when too many for the walks. */
  counted?: Condition | null;
}

export interface SortSpec {
  column: 'deadline' | 'createdAt' | 'updatedAt' | 'meTooCount';
  dir: 'ASC' | 'DESC';
  /** Deadlines may be null; null deadlines come last in both directions. */
  nullable: boolean;
  date: boolean;
}

export function sortSpec(sort: CaseListSort = '-createdAt'): SortSpec {
  const dir = sort.startsWith('-') ? 'DESC' : 'ASC';
  const column = sort.replace(/^-/, '') as SortSpec['column'];
  return { column, dir, nullable: column === 'deadline', date: column !== 'meTooCount' };
}

/**
 * The filters of a list request, scoped to what the caller may see. `wordMatches`: the cases whose text holds the
 * search box's words, when the text index found them few in some statuses (`CaseQueryService.wordMatches`): read by
 * key, the whole list's or those statuses' walks'.
 */
export function listFilter(
  user: AuthUser,
  q: CaseListQueryDto,
  now: Date,
  pendingExtensionCaseIds?: number[],
  wordMatches?: WordMatches,
): ListFilter {
  if (q.extension === 'pending' && !pendingExtensionCaseIds) throw new Error('extension=pending needs the pending case ids');
  const scope = caseScope(user);
  if (!scope) throw new AppException('FORBIDDEN');
  const conditions: Condition[] = [];
  const add = (sql: string, ...params: unknown[]) => conditions.push({ sql, params });
  if ('departmentId' in scope) add('c.departmentId = ?', scope.departmentId);
  let statuses: CaseStatus[] = [...CASE_STATUSES];
  const statusFiltered = Boolean(q.status) || q.overdue === true;
  if (q.status) {
    const asked = askedStatuses(q.status);
    statuses = CASE_STATUSES.filter((s) => asked.includes(s));
  }
  const running = DEADLINE_RUNNING_STATUSES as readonly string[];
  if (q.overdue === true) statuses = statuses.filter((s) => running.includes(s));
  const dueBefore = q.overdue === true ? sqlTime(now) : null;
  if (q.departmentId !== undefined) add('c.departmentId = ?', q.departmentId);
  if (q.categoryCode) add('c.categoryCode = ?', q.categoryCode);
  if (q.gridId !== undefined) add('c.gridId = ?', q.gridId);
  if (q.assignedTo === 'me') add('c.handlerUserId = ?', user.id);
  // Pending requests are few: the caller reads their case ids first, and the cases are read by key.
  const idsIn = (ids: number[]): Condition => ({ sql: `c.id IN (${ids.map(() => '?').join(', ') || 'NULL'})`, params: ids });
  const byIds = (ids: number[]) => conditions.push(idsIn(ids));
  if (pendingExtensionCaseIds) byIds(pendingExtensionCaseIds);
  // The index found the words' cases of every status walked, or of some of them (the others walk).
  const wordCaseIds = wordMatches && statuses.every((s) => wordMatches.statuses.includes(s)) ? wordMatches.ids : undefined;
  const wordsText = wordMatches && !wordCaseIds && !/^\d{1,10}$/.test(q.q?.trim() ?? '');
  const wordWalked = wordsText && wordMatches.walked ? { ids: wordMatches.walked, like: wordsLike(q.q!.trim(), 'w') } : null;
  const wordCounted = wordsText && wordMatches.counted ? { ids: wordMatches.counted, like: wordsLike(q.q!.trim(), 'w') } : null;
  const wordPicked =
    wordsText && wordMatches.statuses.length > 0 ? { statuses: new Set(wordMatches.statuses), ids: idsIn(wordMatches.ids) } : null;
  let words: Condition | null = null;
  if (q.q) {
    const text = q.q.trim();
    if (/^\d{1,10}$/.test(text)) add('c.id = ?', Number(text));
    else {
      if (wordCaseIds) byIds(wordCaseIds);
      // Kept with the ids: a case edited since they were read is judged by its text now.
      const like = wordsLike(text);
      conditions.push(like);
      if (!wordCaseIds) words = like;
    }
  }
  if (q.from) add('c.createdAt >= ?', sqlTime(parseDate(q.from)));
  if (q.to) add('c.createdAt < ?', sqlTime(parseDate(q.to)));
  // overdue=false: a running case is not overdue while its deadline is unset or ahead; other states never are.
  const runningOnly = q.overdue === false ? { sql: '(c.deadline IS NULL OR c.deadline >= ?)', params: [sqlTime(now)] } : null;
  const department = 'departmentId' in scope || q.departmentId !== undefined;
  const picked = q.extension === 'pending' || q.assignedTo === 'me' || /^\d{1,10}$/.test(q.q?.trim() ?? '') || wordCaseIds !== undefined;
  const category = Boolean(q.categoryCode);
  const departmentIndexed =
    department && q.gridId === undefined && q.assignedTo === undefined && q.extension === undefined && !q.from && !q.to;
  const unfiltered =
    !statusFiltered &&
    !department &&
    !category &&
    q.gridId === undefined &&
    q.assignedTo === undefined &&
    q.extension === undefined &&
    !q.q &&
    q.overdue === undefined;
  return {
    statuses,
    statusFiltered,
    conditions,
    deadlineSet: q.overdue === true,
    dueBefore,
    runningOnly,
    department,
    category,
    picked,
    wordIds: wordCaseIds !== undefined,
    unfiltered,
    words,
    wordPicked,
    wordWalked,
    wordCounted,
    departmentIndexed,
  };
}

/** The statuses of `status=a,b` as asked; an empty or unknown one is a 400 naming the valid ones. */
export function askedStatuses(text: string): CaseStatus[] {
  const asked = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (asked.length === 0 || asked.some((s) => !(CASE_STATUSES as readonly string[]).includes(s))) {
    throw new AppException('VALIDATION_FAILED', `状态不正确，可选：${CASE_STATUSES.join(', ')}`);
  }
  return asked as CaseStatus[];
}

/** The condition a status's walk adds for `overdue=false` (none for states whose clock does not run). */
export function statusCondition(filter: ListFilter, status: CaseStatus): Condition[] {
  return filter.runningOnly && (DEADLINE_RUNNING_STATUSES as readonly string[]).includes(status) ? [filter.runningOnly] : [];
}

function parseDate(text: string): Date {
  const d = new Date(text);
  if (Number.isNaN(d.getTime())) throw new AppException('VALIDATION_FAILED', '日期格式不正确');
  return d;
}

/** A position in a sorted list: the last (or first) row's sort value as stored, whether it is null, and its id. */
export interface Cursor {
  sort: CaseListSort;
  /** 1: the row's sort value is null (the null part comes after every set value). */
  n: 0 | 1;
  k: string | number | null;
  id: number;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.sort, c.n, c.k, c.id])).toString('base64url');
}

const STORED_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?$/;

/** A cursor from `after` / `before`; one that is not ours, or of another sort, is a 400 the list screen can act on. */
export function decodeCursor(text: string, sort: CaseListSort): Cursor {
  const bad = () => new AppException('VALIDATION_FAILED', '翻页位置无效（可能来自其他排序），请回到第一页');
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (!Array.isArray(v) || v.length !== 4) throw bad();
  const [s, n, k, id] = v as unknown[];
  const spec = sortSpec(sort);
  if (s !== sort || (n !== 0 && n !== 1) || !Number.isSafeInteger(id) || (id as number) < 1) throw bad();
  if (n === 1 ? k !== null || !spec.nullable : spec.date ? typeof k !== 'string' || !STORED_TIME.test(k) : !Number.isSafeInteger(k))
    throw bad();
  return { sort, n, k: k as Cursor['k'], id: id as number };
}

export type Direction = 'after' | 'before';

export interface PageOptions {
  mysql: boolean;
  /** Rows each walk reads: offset + page size + 1 (the extra row tells whether a next page exists). */
  limit: number;
  offset: number;
  cursor?: Cursor;
  direction: Direction;
  /** Statuses with few matching cases (`fewMatchesSql`): walked down the index that finds them, and sorted. */
  few?: ReadonlySet<CaseStatus>;
  /** False: MariaDB walks newest first backward down (status, createdAt), as before the eighteenth round (a bench compares). */
  newestFirstIndex?: boolean;
}

/**
 * The walks of one page: each status (and, sorting by deadline, its set and its null deadlines) apart, down its own
 * (status, sort column) index, `limit` rows each. One walk per range is what lets both databases stop after a page:
 * an `IN` list or a `CASE` in the ORDER BY makes them sort every matching case first (seconds at 1M cases).
 */
export function pageWalks(filter: ListFilter, spec: SortSpec, opts: PageOptions): Condition[] {
  const back = opts.direction === 'before';
  const dir = back ? flip(spec.dir) : spec.dir;
  const op = dir === 'ASC' ? '>' : '<';
  const col = `c.${spec.column}`;
  // The sort value as stored (MariaDB's datetime(6) as text: a JS Date would lose the microseconds of a tie).
  const key = spec.date && opts.mysql ? `CAST(${col} AS CHAR)` : col;
  const walks: Condition[] = [];
  const cur = opts.cursor;
  const newestFirst = opts.newestFirstIndex !== false && walksNewestFirstIndex(filter, spec, dir, opts.mysql);
  const own = newestFirst ? named(CASE_LIST_NEWEST_FIRST_INDEX, true) : walkIndexHint(filter, spec, opts.mysql);
  const finder = matchIndex(filter, spec);
  for (const status of filter.statuses) {
    // Picked by id (the words' cases found by the index): read by the primary key.
    const picked = filter.wordIds || filter.wordPicked?.statuses.has(status) === true;
    const few = !picked && finder !== null && opts.few?.has(status) === true;
    const hint = picked ? primaryKey(opts.mysql) : few ? named(finder, opts.mysql) : own;
    const backward = dir === 'DESC' && !(newestFirst && !few && !picked);
    const base = [...statusWhere(filter, spec, status, few, backward), ...statusCondition(filter, status)];
    // The part whose sort value is set. Walking forward it is passed once the cursor is in the null part.
    if (!(cur && cur.n === 1 && !back)) {
      const where = [...base];
      if (spec.nullable) where.push({ sql: `${col} IS NOT NULL`, params: [] });
      if (cur && cur.n === 0) where.push({ sql: `${col} ${op}= ? AND (${col} ${op} ? OR c.id ${op} ?)`, params: [cur.k, cur.k, cur.id] });
      walks.push(walk(`${key} AS k, 0 AS n`, where, `${col} ${dir}, c.id ${dir}`, opts.limit, hint));
    }
    // The null part (deadlines only), after every set value: walking back it is reached once the cursor is in it.
    if (spec.nullable && !filter.deadlineSet && !(cur && cur.n === 0 && back)) {
      const where = [...base, { sql: `${col} IS NULL`, params: [] }];
      if (cur && cur.n === 1) where.push({ sql: `c.id ${op} ?`, params: [cur.id] });
      walks.push(walk('NULL AS k, 1 AS n', where, `c.id ${dir}`, opts.limit, hint));
    }
  }
  return walks;
}

/** A status's cases that match the filters; `indexed`: the deadline bound may be read from an index. */
function statusWhere(filter: ListFilter, spec: SortSpec, status: CaseStatus, indexed: boolean, backward = false): Condition[] {
  // A deadline bound not sorted by (`+`: no index) must not lure SQLite into reading every overdue case of a status.
  const plain = indexed || spec.column === 'deadline';
  const due = filter.dueBefore === null ? [] : [{ sql: `${plain ? '' : '+'}c.deadline < ?`, params: [filter.dueBefore] }];
  const picked = filter.wordPicked?.statuses.has(status) ? [filter.wordPicked.ids] : [];
  // Before the words' LIKE: MariaDB checks it on the index entry only walking forward (no index condition on a
  // backward scan), and otherwise judges the row's conditions in this order.
  const walked = !picked.length && !filter.wordIds ? filter.wordWalked : null;
  if (!walked) return [{ sql: 'c.status = ?', params: [status] }, ...filter.conditions, ...picked, ...due];
  // The id check before the words: walking forward MariaDB makes it an index condition and reads the rows that pass.
  // Walking backward it pushes no index condition: the words are judged on the row read by key, only for an id that
  // passes, and the walk needs no more than its index (all + 路45号 at 1M: 51,020 rows read → index entries only).
  const words = backward ? { sql: `(SELECT ${walked.like.sql} FROM cases w WHERE w.id = c.id)`, params: walked.like.params } : null;
  const conditions = words ? filter.conditions.map((c) => (c === filter.words ? words : c)) : filter.conditions;
  return [{ sql: 'c.status = ?', params: [status] }, walked.ids, ...conditions, ...due];
}

/**
 * Under this many matching cases in a status, a walk whose sort index does not hold a filter reads the matching cases
 * through the index that does, and sorts them (at most this many rows). From it on, the walk down the sort index meets
 * a match at least once every (status's cases / this many) rows.
 */
export const CASE_LIST_FEW_MATCHES = 1_000;

/**
 * The index that finds a status's cases by a filter the walk's sort index does not hold, when the panel offers such a
 * list: overdue (a deadline bound) sorted by people affected, a department and a category sorted by update or by
 * people affected (SQLite walks the department's index). Walked down the sort index, a status with no match is read
 * whole: 0.1–1.5 s at 1M cases.
 */
function matchIndex(filter: ListFilter, spec: SortSpec): string | null {
  if (filter.picked || spec.column === 'deadline') return null;
  const both = filter.department && filter.category;
  if (filter.dueBefore !== null) {
    if (both) return CASE_LIST_INDEXES.departmentCategory;
    if (filter.department) return CASE_LIST_INDEXES.department;
    return filter.category ? CASE_LIST_CATEGORY_INDEXES.deadline : CASE_LIST_INDEXES.deadline;
  }
  return both && spec.column !== 'createdAt' ? CASE_LIST_INDEXES.departmentCategory : null;
}

/**
 * How many cases of each status match, counted down the index that finds them and stopped at CASE_LIST_FEW_MATCHES:
 * one row, a column per status. Null when every walk's sort index holds the filters. `few` reads the row into the
 * statuses to walk through that index (`PageOptions.few`).
 */
export function fewMatchesSql(filter: ListFilter, spec: SortSpec, mysql: boolean, cap = CASE_LIST_FEW_MATCHES) {
  const index = matchIndex(filter, spec);
  if (index === null || filter.statuses.length === 0) return null;
  const counts = filter.statuses.map((status) => {
    // Picked by id: walked without a hint whatever this says.
    if (filter.wordPicked?.statuses.has(status)) return { sql: '0', params: [] };
    const where = [...statusWhere(filter, spec, status, true), ...statusCondition(filter, status)];
    return {
      sql: `(SELECT COUNT(*) FROM (SELECT 1 AS x FROM cases c${named(index, mysql)} WHERE ${where.map((w) => w.sql).join(' AND ')} LIMIT ${cap}) t)`,
      params: where.flatMap((w) => w.params),
    };
  });
  return {
    sql: `SELECT ${counts.map((c, i) => `${c.sql} AS n${i}`).join(', ')}`,
    params: counts.flatMap((c) => c.params),
    few: (row: unknown[]): Set<CaseStatus> => new Set(filter.statuses.filter((_, i) => Number(row[i]) < cap)),
  };
}

/** The ids (with their sort values) of one page: the walks merged, in the list's order (reversed walking back). */
export function pageIdsSql(filter: ListFilter, spec: SortSpec, opts: PageOptions): Condition | null {
  const walks = pageWalks(filter, spec, opts);
  if (walks.length === 0) return null;
  const back = opts.direction === 'before';
  const dir = back ? flip(spec.dir) : spec.dir;
  const union = walks.map((w, i) => `SELECT * FROM (${w.sql}) w${i}`).join(' UNION ALL ');
  return {
    sql: `SELECT u.id AS id, u.k AS k, u.n AS n FROM (${union}) u ORDER BY u.n ${back ? 'DESC' : 'ASC'}, u.k ${dir}, u.id ${dir} LIMIT ${opts.limit - opts.offset} OFFSET ${opts.offset}`,
    params: walks.flatMap((w) => w.params),
  };
}

/**
 * The rows of one page in one statement: the page's ids as `pageIdsSql` picks them (`p`), joined to their cases
 * (`c`, plus `joins`) for the `select` list, in the list's order (reversed walking back), followed by the sort key
 * `k` and null flag `n` for the cursors. Only the page's rows (and the one that tells whether a next page exists) are read.
 */
export function pageRowsSql(filter: ListFilter, spec: SortSpec, opts: PageOptions, select: string, joins = ''): Condition | null {
  const ids = pageIdsSql(filter, spec, opts);
  if (!ids) return null;
  const back = opts.direction === 'before';
  const dir = back ? flip(spec.dir) : spec.dir;
  return {
    sql: `SELECT ${select}, p.k AS k, p.n AS n FROM (${ids.sql}) p INNER JOIN cases c ON c.id = p.id${joins ? ` ${joins}` : ''} ORDER BY p.n ${back ? 'DESC' : 'ASC'}, p.k ${dir}, p.id ${dir}`,
    params: ids.params,
  };
}

/**
 * The index a walk follows, named: SQLite without fresh statistics sorted a status by the wrong index (3.5 s), and
 * MariaDB, for `ORDER BY … LIMIT`, takes a ref on the status alone and reads the whole status backwards (3 s for a
 * month at 1M cases). A department's walk has its own index for each order the panel offers with a department
 * (deadline, update, people affected): down the status's sort index, a department with no case of the status was looked
 * for through the whole status (SQLite, 240 ms at 1M cases). With a category too, by deadline it walks (departmentId,
 * categoryCode, status, deadline); by another order the department's, unless few cases match (`matchIndex`).
 * By creation time (no screen asks it with a department) MariaDB is offered the department index next to the sort
 * index and SQLite is left to choose. A category without a department walks (status, categoryCode, sort column): down
 * the status's sort index, a category rare in the status was looked for through the whole status (1–2 s at 1M cases).
 * Cases picked by id or handler are few: no hint.
 */
function walkIndexHint(filter: ListFilter, spec: SortSpec, mysql: boolean): string {
  if (filter.picked) return '';
  if (filter.department) {
    if (filter.category && spec.column === 'deadline') return named(CASE_LIST_INDEXES.departmentCategory, mysql);
    const own = spec.column === 'createdAt' ? null : CASE_LIST_DEPARTMENT_INDEXES[spec.column];
    if (own) return named(own, mysql);
    return mysql ? ` FORCE INDEX (${CASE_LIST_INDEXES[spec.column]}, ${CASE_LIST_INDEXES.department})` : '';
  }
  if (filter.category) return named(CASE_LIST_CATEGORY_INDEXES[spec.column], mysql);
  return named(CASE_LIST_INDEXES[spec.column], mysql);
}

/**
 * MariaDB walks a status newest first forward down (status, createdAt DESC, id DESC): it pushes the walk's conditions
 * on the index entry (the search box's runs) only walking forward, so backward down (status, createdAt) the whole
 * list + 路45号 read 51,020 index entries for a page where this reads 1,653. SQLite judges them either way.
 */
function walksNewestFirstIndex(filter: ListFilter, spec: SortSpec, dir: 'ASC' | 'DESC', mysql: boolean): boolean {
  return mysql && dir === 'DESC' && spec.column === 'createdAt' && !filter.picked && !filter.department && !filter.category;
}

function named(index: string, mysql: boolean): string {
  return mysql ? ` FORCE INDEX (${index})` : ` INDEXED BY ${index}`;
}

/** Cases read by their ids only: SQLite's NOT INDEXED still looks rows up by rowid. */
function primaryKey(mysql: boolean): string {
  return mysql ? ' FORCE INDEX (PRIMARY)' : ' NOT INDEXED';
}

function walk(select: string, where: Condition[], orderBy: string, limit: number, hint: string): Condition {
  return {
    sql: `SELECT c.id AS id, ${select} FROM cases c${hint} WHERE ${where.map((w) => w.sql).join(' AND ')} ORDER BY ${orderBy} LIMIT ${limit}`,
    params: where.flatMap((w) => w.params),
  };
}

/**
 * An offset page deep in the unfiltered list by creation time, as the cursor of the row just before it. The walks
 * would read offset + page rows of every status and sort them all (8 × 10,000 for page 500: 0.1–0.6 s on MariaDB);
 * down the one (createdAt, …) index of every case, the row's place costs offset index entries. That index orders ties
 * of createdAt by other columns, not by id, so three statements: the creation time at that place (the same whatever
 * the order of ties), how many cases come before that time, and which of the cases of that time, by id, is the row.
 */
export function deepOffsetSql(filter: ListFilter, spec: SortSpec, opts: { mysql: boolean; offset: number }) {
  if (!filter.unfiltered || spec.column !== 'createdAt' || opts.offset < 1) return null;
  const cols = ['createdAt', 'status', 'departmentId', 'gridId', 'categoryCode'];
  const where = filter.conditions.map((c) => c.sql);
  const params = filter.conditions.flatMap((c) => c.params);
  const and = (extra: string) => ` WHERE ${[...where, extra].join(' AND ')}`;
  const key = opts.mysql ? 'CAST(c.createdAt AS CHAR)' : 'c.createdAt';
  const before = spec.dir === 'DESC' ? '>' : '<';
  return {
    /** The creation time of the row at 0-based place `offset - 1`, read down the index in its own order. */
    time: {
      sql: `SELECT ${key} AS k FROM cases c${named(CASES_BY_CREATION_INDEX, opts.mysql)}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ${cols.map((c) => `c.${c} ${spec.dir}`).join(', ')} LIMIT 1 OFFSET ${opts.offset - 1}`,
      params,
    },
    /** How many rows come before that creation time. */
    ahead: (k: unknown): Condition => ({
      sql: `SELECT COUNT(*) AS n FROM cases c${and(`c.createdAt ${before} ?`)}`,
      params: [...params, k],
    }),
    /** The row itself: the `skip`-th of the rows of that creation time, by id. */
    row: (k: unknown, skip: number): Condition => ({
      sql: `SELECT c.id AS id FROM cases c${and('c.createdAt = ?')} ORDER BY c.id ${spec.dir} LIMIT 1 OFFSET ${skip}`,
      params: [...params, k],
    }),
  };
}

/**
 * COUNT of the matching cases (`n`), stopped at cap + 1 (the index walk ends there). With the search box's words
 * (`filter.words`) and `wordRows` set, the rows read stop instead: at most wordRows + 1 cases that meet the other
 * filters are read, `n` is how many of them hold the words and `r` how many were read (more than wordRows: `n` is a
 * lower bound).
 */
export function cappedCountSql(
  filter: ListFilter,
  mysql: boolean,
  cap = CASE_LIST_COUNT_CAP,
  wordRows: number | null = CASE_LIST_WORD_COUNT_ROWS,
): Condition | null {
  if (filter.statuses.length === 0) return null;
  const parts: string[] = [];
  const params: unknown[] = [];
  // With a category, every status is named even when none was asked for (the walks read only these too): the count
  // then reads the category's cases down (status, categoryCode, …), not a period of every case (21 → 12 ms on MariaDB).
  if (filter.statusFiltered || filter.category) {
    parts.push(`c.status IN (${filter.statuses.map(() => '?').join(', ')})`);
    params.push(...filter.statuses);
  }
  for (const c of filter.conditions) {
    if (wordRows !== null && c === filter.words) continue;
    parts.push(c.sql);
    params.push(...c.params);
  }
  if (filter.dueBefore !== null) {
    parts.push('c.deadline < ?');
    params.push(filter.dueBefore);
  }
  const running = filter.statuses.filter((s) => statusCondition(filter, s).length > 0);
  if (filter.runningOnly && running.length) {
    parts.push(`(c.status NOT IN (${running.map(() => '?').join(', ')}) OR ${filter.runningOnly.sql})`);
    params.push(...running, ...filter.runningOnly.params);
  }
  const where = parts.length ? ` WHERE ${parts.join(' AND ')}` : '';
  // A department and a category: counted from their index alone, where either one's own index reads each case's row
  // (20,000 rows for a department's 10,001 of one category: 0.2 s on SQLite, 1 s on MariaDB at 1M cases).
  // A department's words counted on MariaDB: its bounded rows named, not left to the planner's statistics (which
  // picked (departmentId, categoryCode, …) on one copy of the 1M fill and (departmentId, status, updatedAt) on another:
  // other rows, "more than 420" or "more than 410"). The department's own index holds every filter then, so the rows
  // outside the words' candidate runs (`wordCounted`) are never read.
  const departmentWords = mysql && filter.departmentIndexed && !filter.picked && wordRows !== null && filter.words !== null;
  const hint = filter.wordIds
    ? primaryKey(mysql)
    : filter.department && filter.category && !filter.picked
      ? named(CASE_LIST_INDEXES.departmentCategory, mysql)
      : departmentWords
        ? named(CASE_LIST_INDEXES.department, mysql)
        : '';
  if (wordRows !== null && filter.words) {
    const words = filter.words;
    const picked = filter.wordPicked;
    // Where the count's index holds every filter (a department's), the words' candidate runs spare it the rows that
    // cannot hold them.
    const walkedIds = filter.wordWalked ?? (departmentWords ? filter.wordCounted : null);
    // The bounded rows' words judged only where the walked statuses' cases may hold them (`wordWalked`, an id check),
    // each such row read by key: the bounded rows come from an index alone (the status and the id) and 5,001 rows are
    // not read for ~100 candidates (MariaDB reads a row for every entry otherwise: 60–120 → 22–38 ms at load 14). A
    // CASE, not AND: SQLite computes both sides of an AND that is a value.
    const walkedWords = walkedIds
      ? {
          sql: `CASE WHEN ${walkedIds.ids.sql} THEN (SELECT ${walkedIds.like.sql} FROM cases w WHERE w.id = c.id) ELSE 0 END`,
          params: [...walkedIds.ids.params, ...walkedIds.like.params],
        }
      : words;
    if (!picked)
      return {
        // COALESCE: no row holds the words (or none was read), the sum is NULL.
        sql: `SELECT COALESCE(SUM(t.m), 0) AS n, COUNT(*) AS r FROM (SELECT ${walkedWords.sql} AS m FROM cases c${hint}${where} LIMIT ${wordRows + 1}) t`,
        params: [...walkedWords.params, ...params],
      };
    // The statuses the index proved few are counted exactly by key (their matches' ids), and only the statuses walked
    // are judged on the bounded rows: a bound read in statuses that hold few of the words would say little.
    const walked = filter.statuses.filter((s) => !picked.statuses.has(s));
    const inList = (list: readonly CaseStatus[]) => `c.status IN (${list.map(() => '?').join(', ')})`;
    const and = (sql: string) => (where ? `${where} AND ${sql}` : ` WHERE ${sql}`);
    return {
      sql:
        `SELECT COALESCE(SUM(t.m), 0) + (SELECT COUNT(*) FROM cases c${primaryKey(mysql)}${and(`${inList([...picked.statuses])} AND ${picked.ids.sql} AND ${words.sql}`)}) AS n,` +
        ` COUNT(*) AS r FROM (SELECT ${walkedWords.sql} AS m FROM cases c${hint}${and(inList(walked))} LIMIT ${wordRows + 1}) t`,
      params: [...params, ...picked.statuses, ...picked.ids.params, ...words.params, ...walkedWords.params, ...params, ...walked],
    };
  }
  return { sql: `SELECT COUNT(*) AS n FROM (SELECT 1 AS x FROM cases c${hint}${where} LIMIT ${cap + 1}) t`, params };
}

/**
 * What a list says when it knows only that at least `seen` cases match: a number below it, rounded down to two
 * significant digits (166 → 160, 12,001 → 12,000), shown as "more than" it.
 */
export function totalBelow(seen: number): number {
  if (seen <= 1) return 0;
  const step = 10 ** Math.max(0, Math.floor(Math.log10(seen - 1)) - 1);
  return Math.floor((seen - 1) / step) * step;
}

function flip(d: 'ASC' | 'DESC'): 'ASC' | 'DESC' {
  return d === 'ASC' ? 'DESC' : 'ASC';
}
