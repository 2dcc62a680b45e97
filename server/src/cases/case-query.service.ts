import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  isOverdue,
  minutesLeft,
  type CaseExtensionDto,
  type CaseListItemDto,
  type CaseListPage,
  type CaseStatus,
  type CircularCaseDto,
  type Page,
  type PhotoDto,
} from '@sansui/shared';
import { Brackets, DataSource, In, type SelectQueryBuilder } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { AppException } from '../common/errors/app-exception';
import { Photo } from '../uploads/photo.entity';
import { PhotosService } from '../uploads/photos.service';
import { caseThumbSql } from '../uploads/photo-sql';
import { queryArrays } from '../database/array-rows';
import { sqlDateIso } from '../database/sql-date';
import type { Answer } from '../database/answer-cache';
import { ANY_WRITE, caseListScopes, type ReadScope } from '../database/read-scopes';
import { TableCache } from '../database/table-cache';
import { caseScope } from './case-access';
import {
  CASE_LIST_COUNT_CAP,
  CASE_LIST_WORD_COUNT_ROWS,
  CASE_LIST_FEW_MATCHES,
  askedStatuses,
  cappedCountSql,
  totalBelow,
  decodeCursor,
  deepOffsetSql,
  encodeCursor,
  fewMatchesSql,
  listFilter,
  pageRowsSql,
  sortSpec,
} from './case-list-sql';
import type { Cursor, ListFilter, SortSpec, WordMatches } from './case-list-sql';
import { CaseEscalation } from './case-escalation.entity';
import { CaseExtension } from './case-extension.entity';
import { RUNNING_SQL, sqlTime } from './case-sql';
import {
  CASE_TEXT_BLOCK,
  CASE_TEXT_PENDING,
  CASE_TEXT_RUN,
  CASE_TEXT_SCAN_BLOCKS,
  CASE_TEXT_TAIL,
  CASE_TEXT_WALK_RUNS,
  bitmapIdsCondition,
  candidateBlocksSql,
  countedIdsCondition,
  moreRunsThan,
  provedStatuses,
  runBitmap,
  textPieces,
  walkedIdsCondition,
  walkedRuns,
  wordMatchesSql,
} from './case-text-index';
import { Case } from './case.entity';
import type { CaseListQueryDto, CircularListQueryDto } from './dto/case-list-query.dto';

/** The columns of `cases` a list row needs (`items`). */
const LIST_COLUMNS = [
  'id',
  'status',
  'kind',
  'source',
  'categoryCode',
  'departmentId',
  'gridId',
  'lat',
  'lng',
  'address',
  'meTooCount',
  'description',
  'handlerUserId',
  'deadline',
  'dispatchedAt',
  'version',
  'createdAt',
  'updatedAt',
] as const;

/**
 * What a list row reads besides the case, in the same statement, each through an index: the handler's name (users
 * joined), whether a 延期申请 is pending (then `items` reads it whole, which is rare), the reports standing behind the
 * case (its own; those of cases merged into it) and its thumbnail (the first evidence or before photo). One statement
 * for the page instead of three is one round trip instead of three on MariaDB.
 */
const rowExtras = (mysql: boolean) => ({
  handlerName: 'h.displayName',
  hasPending: "CASE WHEN EXISTS (SELECT 1 FROM case_extensions x WHERE x.caseId = c.id AND x.status = 'pending') THEN 1 ELSE 0 END",
  ownReportIds: '(SELECT GROUP_CONCAT(r.id) FROM reports r WHERE r.caseId = c.id)',
  mergedReportIds: '(SELECT GROUP_CONCAT(r.id) FROM cases m INNER JOIN reports r ON r.caseId = m.id WHERE m.masterCaseId = c.id)',
  thumbId: caseThumbSql('c.id', mysql),
});
const ROW_FIELDS = [...LIST_COLUMNS, ...(Object.keys(rowExtras(false)) as (keyof ReturnType<typeof rowExtras>)[])];
/** Where each field is in a row of ROW_SELECT read as an array (queryArrays). */
const AT = Object.fromEntries(ROW_FIELDS.map((f, i) => [f, i])) as Record<(typeof ROW_FIELDS)[number], number>;
const rowSelect = (mysql: boolean): string => {
  const extras = rowExtras(mysql);
  return [...LIST_COLUMNS.map((c) => `c.${c}`), ...Object.entries(extras).map(([name, sql]) => `${sql} AS ${name}`)].join(', ');
};
const ROW_SELECT = { sqlite: rowSelect(false), mysql: rowSelect(true) };
const ROW_JOINS = 'LEFT JOIN users h ON h.id = c.handlerUserId';

/** A list row: the LIST_COLUMNS of a case. */
export type CaseListRow = Pick<
  Case,
  | 'id'
  | 'status'
  | 'kind'
  | 'source'
  | 'categoryCode'
  | 'departmentId'
  | 'gridId'
  | 'lat'
  | 'lng'
  | 'address'
  | 'meTooCount'
  | 'description'
  | 'handlerUserId'
  | 'deadline'
  | 'dispatchedAt'
  | 'version'
  | 'createdAt'
  | 'updatedAt'
>;

const intOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const isoOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : sqlDateIso(v as Date | string));

/**
 * A list row as `items` takes it: the case's columns, its dates as the answer's ISO texts (sqlDateIso: a Date made and
 * formatted again per date was ~9 % of the board's CPU), and what rowExtras read with them.
 */
type ListRowRead = Omit<CaseListRow, 'deadline' | 'dispatchedAt' | 'createdAt' | 'updatedAt'> & {
  deadline: string | null;
  dispatchedAt: string | null;
  createdAt: string;
  updatedAt: string;
  handlerName: string | null;
  hasPending: boolean;
  reportIds: number[];
  thumbId: number | null;
};

/** A GROUP_CONCAT of ids (MariaDB may answer it as a Buffer), as numbers. */
const idList = (v: unknown): number[] => (v === null || v === undefined ? [] : String(v).split(',').map(Number));

/** The case's own report ids and those of the cases merged into it, ascending (as CaseQueryService.reportIds). */
function reportIdsOf(own: unknown, merged: unknown): number[] {
  return [...idList(own), ...idList(merged)].sort((a, b) => a - b);
}

/** A row of ROW_SELECT as an array (mysql2 answers Dates, SQLite UTC text). */
function listRow(r: unknown[]): ListRowRead {
  return {
    id: Number(r[AT.id]),
    status: r[AT.status] as Case['status'],
    kind: r[AT.kind] as Case['kind'],
    source: r[AT.source] as Case['source'],
    categoryCode: r[AT.categoryCode] as string,
    departmentId: intOrNull(r[AT.departmentId]),
    gridId: intOrNull(r[AT.gridId]),
    lat: Number(r[AT.lat]),
    lng: Number(r[AT.lng]),
    address: (r[AT.address] as string | null) ?? null,
    meTooCount: Number(r[AT.meTooCount]),
    description: (r[AT.description] as string | null) ?? null,
    handlerUserId: intOrNull(r[AT.handlerUserId]),
    deadline: isoOrNull(r[AT.deadline]),
    dispatchedAt: isoOrNull(r[AT.dispatchedAt]),
    version: Number(r[AT.version]),
    createdAt: sqlDateIso(r[AT.createdAt] as Date | string),
    updatedAt: sqlDateIso(r[AT.updatedAt] as Date | string),
    handlerName: (r[AT.handlerName] as string | null) ?? null,
    hasPending: Number(r[AT.hasPending]) === 1,
    reportIds: reportIdsOf(r[AT.ownReportIds], r[AT.mergedReportIds]),
    thumbId: intOrNull(r[AT.thumbId]),
  };
}

const SORTS: Record<string, [string, 'ASC' | 'DESC']> = {
  deadline: ['c.deadline', 'ASC'],
  '-deadline': ['c.deadline', 'DESC'],
  createdAt: ['c.createdAt', 'ASC'],
  '-createdAt': ['c.createdAt', 'DESC'],
  updatedAt: ['c.updatedAt', 'ASC'],
  '-updatedAt': ['c.updatedAt', 'DESC'],
  meTooCount: ['c.meTooCount', 'ASC'],
  '-meTooCount': ['c.meTooCount', 'DESC'],
};

/**
 * The reports standing behind these cases, as (report id, case id) ascending by report: two index walks, one per way
 * a report stands behind a case (its own case; a case merged into it). The same condition written with OR made
 * SQLite scan every report.
 */
export function reportIdsSql(caseIds: readonly number[]): { sql: string; params: number[] } {
  const list = caseIds.map(() => '?').join(', ');
  return {
    sql: `SELECT r.id AS id, r.caseId AS caseId FROM reports r WHERE r.caseId IN (${list})
      UNION ALL SELECT r.id AS id, m.masterCaseId AS caseId FROM cases m INNER JOIN reports r ON r.caseId = m.id WHERE m.masterCaseId IN (${list})
      ORDER BY id ASC`,
    params: [...caseIds, ...caseIds],
  };
}

/** Read side of cases for staff: the filtered queue, the circular list, and the pieces the detail view shares. */
@Injectable()
export class CaseQueryService {
  /** Where the list's count stops (a test lowers it). */
  countCap = CASE_LIST_COUNT_CAP;
  /** How many rows a count judges the search box's words on, when they walk (a test lowers it); null: every row, as before. */
  wordCountRows: number | null = CASE_LIST_WORD_COUNT_ROWS;
  /**
   * From this offset on, a page of the unfiltered list by creation time is found through the cursor of the row before
   * it (deepOffsetSql): below it, the walks' offset + page rows per status cost less than its three statements.
   */
  deepOffset = 1_000;
  /** Below this many matching cases, a status's walk reads them through the index that finds them (a test changes it). */
  fewMatches = CASE_LIST_FEW_MATCHES;
  /** The search box's words are looked for in at most this many indexed blocks' ids by key; -1 walks as before (a test changes it). */
  textScanBlocks = CASE_TEXT_SCAN_BLOCKS;
  /** False: the index hands over the words' cases of every status walked or of none (a bench compares). */
  textSomeStatuses = true;
  /** False: a candidate block is read whole, not by its runs (a bench compares). */
  textRuns = true;
  /** False: the statuses that walk read every row of their index, not only those of the words' candidate runs (a bench compares). */
  textWalkRuns = true;
  /** At most this many candidate runs are handed to the walks (CASE_TEXT_WALK_RUNS; a test lowers it). */
  walkRuns = CASE_TEXT_WALK_RUNS;
  /** False: MariaDB's walks get the candidate runs as `IN` lists, not as a bitmap literal (a bench compares). */
  textWalkBitmap = true;
  /** False: MariaDB walks newest first backward down (status, createdAt), not forward down its descending index (a bench compares). */
  newestFirstIndex = true;
  /**
   * False: MariaDB's count of a common word (too many candidate runs for the walks) judges it on every bounded row, not
   * only on those of its candidate runs (a bench compares).
   */
  textCountBitmap = true;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly photos: PhotosService,
    private readonly cache: TableCache,
  ) {}

  /**
   * A page of the staff case list: by cursor (`after` / `before`, any depth at the cost of a first page) or by offset
   * (`page`). Each status is walked down its own index and the walks merged (case-list-sql.ts); the total is counted
   * up to CASE_LIST_COUNT_CAP (with the search box's words, on CASE_LIST_WORD_COUNT_ROWS rows), and not at all when
   * the first page is not full.
   */
  async list(user: AuthUser, q: CaseListQueryDto, now = new Date()): Promise<CaseListPage> {
    const pageSize = q.pageSize ?? 20;
    const sort = q.sort ?? '-createdAt';
    if (q.after && q.before) throw new AppException('VALIDATION_FAILED', 'after 与 before 不能同时使用');
    const cursorText = q.after ?? q.before;
    if (cursorText && (q.page ?? 1) > 1) throw new AppException('VALIDATION_FAILED', 'after/before 与 page 不能同时使用');
    const cursor = cursorText ? decodeCursor(cursorText, sort) : undefined;
    const direction = q.before ? 'before' : 'after';
    const page = cursor ? null : (q.page ?? 1);
    const offset = page ? (page - 1) * pageSize : 0;
    const pending =
      q.extension === 'pending'
        ? (
            (await this.db.query("SELECT DISTINCT caseId FROM case_extensions WHERE status = 'pending'")) as { caseId: number | string }[]
          ).map((r) => Number(r.caseId))
        : undefined;
    const plain = listFilter(user, q, now, pending);
    // A department's count reads its index alone (cappedCountSql): only there the words' runs may spare it rows.
    const filter = listFilter(user, q, now, pending, await this.wordMatches(q.q, plain.statuses, plain.departmentIndexed && !plain.picked));
    const spec = sortSpec(sort);
    const mysql = this.isMysql();
    // A deep offset page walks on from the row before it, found down one index (the page and its total stay the offset's).
    const before = !cursor && offset >= this.deepOffset ? await this.rowBefore(filter, spec, mysql, offset) : undefined;
    const walkFrom = before === undefined ? { cursor, offset } : { cursor: before ?? undefined, offset: 0 };
    // Statuses where few cases match a filter the walk's sort index lacks: read through the index that finds them.
    const probe = before === null ? null : fewMatchesSql(filter, spec, mysql, this.fewMatches);
    const few = probe ? probe.few((await queryArrays(this.db, probe.sql, probe.params))[0]) : undefined;
    // The page's keys and its rows in one statement: the walks pick the ids, the cases (and the extras) are joined to them.
    const rowsSql =
      before === null
        ? null
        : pageRowsSql(
            filter,
            spec,
            {
              mysql,
              limit: walkFrom.offset + pageSize + 1,
              offset: walkFrom.offset,
              cursor: walkFrom.cursor,
              direction,
              few,
              newestFirstIndex: this.newestFirstIndex,
            },
            mysql ? ROW_SELECT.mysql : ROW_SELECT.sqlite,
            ROW_JOINS,
          );
    // Each row: ROW_FIELDS, then the sort key and the null flag (pageRowsSql).
    let keys = rowsSql ? await queryArrays(this.db, rowsSql.sql, rowsSql.params) : [];
    const more = keys.length > pageSize;
    keys = keys.slice(0, pageSize);
    if (direction === 'before') keys.reverse();
    const at = (i: number): string => {
      const r = keys[i];
      const [rk, rn] = [r[ROW_FIELDS.length], r[ROW_FIELDS.length + 1]];
      const k = rk === null ? null : spec.date ? String(rk) : Number(rk);
      return encodeCursor({ sort, n: Number(rn) === 1 ? 1 : 0, k, id: Number(r[AT.id]) });
    };
    const last = keys.length - 1;
    const next = keys.length > 0 && (direction === 'before' || more) ? at(last) : null;
    const prev = keys.length > 0 && (direction === 'before' ? more : cursor !== undefined || offset > 0) ? at(0) : null;
    const rows = keys.map(listRow);
    let total = offset + keys.length;
    let totalCapped = false;
    // An offset page that is neither full nor past the end is the last one: it tells the total without counting.
    if (cursor || more || (keys.length === 0 && offset > 0)) {
      const counted = await this.count(filter, mysql, this.wordCountRows);
      // The rows the words were judged on ran out: at least the matches they hold, or this page and those before it
      // (with the next page's first row); none seen: counted in full.
      const seen = Math.max(counted.n, keys.length > 0 ? offset + keys.length + (more ? 1 : 0) : 0);
      if (counted.partial && seen > 0) {
        totalCapped = true;
        total = Math.min(totalBelow(seen), this.countCap);
      } else {
        const n = counted.partial ? (await this.count(filter, mysql, null)).n : counted.n;
        totalCapped = n > this.countCap;
        total = Math.min(n, this.countCap);
      }
    }
    return { items: await this.items(rows, now), total, totalCapped, page, pageSize, next, prev };
  }

  /** The list's count (`cappedCountSql`); `partial`: the rows the words were judged on ran out, `n` is a lower bound. */
  private async count(filter: ListFilter, mysql: boolean, wordRows: number | null): Promise<{ n: number; partial: boolean }> {
    const count = cappedCountSql(filter, mysql, this.countCap, wordRows);
    if (!count) return { n: 0, partial: false };
    const [row] = (await this.db.query(count.sql, count.params)) as { n: number | string; r?: number | string }[];
    return { n: Number(row.n), partial: wordRows !== null && Number(row.r ?? 0) > wordRows };
  }

  /**
   * The cases of the statuses the index proves few whose text holds the search box's words: the statuses whose
   * indexed blocks holding all the words' pieces in a case of that status have few runs holding them all
   * (case-text-index.ts), and of those statuses the cases of these runs, of the ids above the index's watermark and of the cases changed (a text or the
   * status) since they were indexed, judged by the words' LIKE. For the statuses that walk, the ids their cases with
   * the words may have (`walked`: the candidate runs, the tail, the changed cases) while those runs are at most
   * CASE_TEXT_WALK_RUNS. Undefined for a case number, while the index has not caught up, or when no status is proved
   * (or its cases are too many) and the runs are more: the list walks as before.
   */
  private async wordMatches(
    q: string | undefined,
    statuses: readonly CaseStatus[],
    departmentCounted = false,
  ): Promise<WordMatches | undefined> {
    const text = q?.trim();
    if (!text || /^\d{1,10}$/.test(text) || this.textScanBlocks < 0 || statuses.length === 0) return undefined;
    const [[done, last]] = await queryArrays(
      this.db,
      'SELECT s.blocks, (SELECT MAX(id) FROM cases) FROM case_text_index s WHERE s.id = 1',
      [],
    );
    const tailFrom = Number(done) * CASE_TEXT_BLOCK;
    if (Number(last ?? 0) - tailFrom >= CASE_TEXT_TAIL) return undefined;
    const changed = (
      await queryArrays(this.db, `SELECT DISTINCT caseId FROM case_text_changes WHERE caseId < ? LIMIT ${CASE_TEXT_PENDING + 1}`, [
        tailFrom,
      ])
    ).map((r) => Number(r[0]));
    if (changed.length > CASE_TEXT_PENDING) return undefined;
    const candidates = candidateBlocksSql(textPieces(text), Number(done), statuses);
    const blocks = await queryArrays(this.db, candidates.sql, candidates.params);
    const proved = provedStatuses(
      blocks,
      statuses,
      (this.textScanBlocks * CASE_TEXT_BLOCK) / CASE_TEXT_RUN,
      this.textSomeStatuses,
      this.textRuns,
    );
    let picked: { ids: number[]; statuses: readonly CaseStatus[] } = { ids: [], statuses: [] };
    if (proved.statuses.length > 0) {
      const matches = wordMatchesSql(text, proved.ranges, tailFrom, changed, this.fewMatches + 1, proved.statuses, this.isMysql());
      // A changed case may also be in its block's range: counted twice here, read once by the list.
      const rows = await queryArrays(this.db, matches.sql, matches.params);
      if (rows.length <= this.fewMatches) picked = { ids: [...new Set(rows.map((r) => Number(r[0])))], statuses: proved.statuses };
    }
    const walked = statuses.filter((s) => !picked.statuses.includes(s));
    const walks = walked.length > 0 && this.textRuns && this.textWalkRuns;
    // Too many runs for the walks: on MariaDB a department's count may still judge the words only where they may be.
    const tooMany = walks && moreRunsThan(blocks, walked, this.walkRuns);
    const countable = tooMany && departmentCounted && this.textCountBitmap && this.isMysql();
    // MariaDB: the walked statuses' runs as one bitmap, written from the blocks' run columns.
    const bitmap = walks && this.isMysql() && ((!tooMany && this.textWalkBitmap) || countable) ? runBitmap(blocks, walked) : null;
    let walkedIds = bitmap && !tooMany ? bitmapIdsCondition(bitmap, tailFrom, changed) : null;
    if (!walkedIds && walks && !tooMany)
      walkedIds = walkedIdsCondition(walkedRuns(blocks, walked, this.walkRuns)!, tailFrom, changed, this.textWalkBitmap && this.isMysql());
    const counted = countable ? countedIdsCondition(bitmap, tailFrom, changed) : null;
    if (picked.statuses.length === 0 && !walkedIds && !counted) return undefined;
    return { ...picked, walked: walkedIds, counted };
  }

  /**
   * Who `listAnswer` depends on: the caller's scope (city-wide or one department), and the caller with `assignedTo=me`.
   * Callers of one scope share their answers (every dispatcher reads one board).
   */
  listAnswerCaller(user: AuthUser, q: CaseListQueryDto): string {
    const scope = caseScope(user);
    return `${scope === null ? 'none' : 'all' in scope ? 'all' : `dept:${scope.departmentId}`}${q.assignedTo === 'me' ? ` user:${user.id}` : ''}`;
  }

  /**
   * The read scopes of `listAnswer` (read-scopes.ts): the asked statuses in the caller's department (or the asked one,
   * or any). A text search reads the text index as well, and a list of every status changes with nearly every write:
   * both end with any write.
   */
  listAnswerScopes(user: AuthUser, q: CaseListQueryDto): ReadScope[] {
    if (q.q !== undefined || !q.status) return [ANY_WRITE];
    const scope = caseScope(user);
    const department = scope !== null && 'departmentId' in scope ? scope.departmentId : (q.departmentId ?? 'any');
    return caseListScopes(askedStatuses(q.status), department);
  }

  /**
   * GET /cases as an answer kept across requests (AnswerCache): true until a row's minutes left change (and with them
   * its overdue flag) or its photo links' hour ends. With `overdue` asked, which cases match moves with the clock: not
   * kept.
   */
  async listAnswer(user: AuthUser, q: CaseListQueryDto, now: Date): Promise<Answer<CaseListPage>> {
    const page = await this.list(user, q, now);
    let validUntil = q.overdue === undefined ? this.photos.signer.sameUntil(now.getTime()) : now.getTime();
    for (const item of page.items)
      if (item.timeLeftMinutes !== null && item.deadline !== null)
        // minutesLeft = floor((deadline - now) / 1 min) holds until 1 ms past deadline - minutesLeft minutes.
        validUntil = Math.min(validUntil, Date.parse(item.deadline) - item.timeLeftMinutes * 60_000 + 1);
    return { value: page, validUntil };
  }

  /**
   * The cursor of the row at `offset - 1` of an unfiltered list by creation time, null past the end, undefined when the
   * list is not one deepOffsetSql serves.
   */
  private async rowBefore(filter: ListFilter, spec: SortSpec, mysql: boolean, offset: number): Promise<Cursor | null | undefined> {
    const deep = deepOffsetSql(filter, spec, { mysql, offset });
    if (!deep) return undefined;
    const [at] = (await this.db.query(deep.time.sql, deep.time.params)) as { k: unknown }[];
    if (!at) return null;
    const k = String(at.k);
    const ahead = deep.ahead(k);
    const [{ n }] = (await this.db.query(ahead.sql, ahead.params)) as { n: number | string }[];
    const row = deep.row(k, offset - 1 - Number(n));
    const [hit] = (await this.db.query(row.sql, row.params)) as { id: number | string }[];
    // Cases written between the statements moved the place: the walks read it the long way.
    if (!hit) return undefined;
    return { sort: spec.column === 'createdAt' && spec.dir === 'ASC' ? 'createdAt' : '-createdAt', n: 0, k, id: Number(hit.id) };
  }

  /** List rows by id, in the order of `ids`. */
  private async rowsById(ids: number[]): Promise<ListRowRead[]> {
    if (ids.length === 0) return [];
    const raw = await queryArrays(
      this.db,
      `SELECT ${this.isMysql() ? ROW_SELECT.mysql : ROW_SELECT.sqlite} FROM cases c ${ROW_JOINS} WHERE c.id IN (${ids.map(() => '?').join(', ')})`,
      ids,
    );
    const byId = new Map(raw.map((r) => [Number(r[AT.id]), listRow(r)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** The filtered, scoped and sorted query behind GET /cases (without paging). */
  listQuery(user: AuthUser, q: CaseListQueryDto, now: Date): SelectQueryBuilder<Case> {
    const qb = this.scoped(user);
    if (q.status) qb.andWhere('c.status IN (:...statuses)', { statuses: askedStatuses(q.status) });
    if (q.departmentId !== undefined) qb.andWhere('c.departmentId = :departmentId', { departmentId: q.departmentId });
    if (q.categoryCode) qb.andWhere('c.categoryCode = :categoryCode', { categoryCode: q.categoryCode });
    if (q.gridId !== undefined) qb.andWhere('c.gridId = :gridId', { gridId: q.gridId });
    if (q.overdue === true) qb.andWhere(`c.status IN ${RUNNING_SQL} AND c.deadline < :now`, { now: sqlTime(now) });
    if (q.overdue === false) {
      qb.andWhere(
        new Brackets((w) =>
          w
            .where(`c.status NOT IN ${RUNNING_SQL}`)
            .orWhere('c.deadline IS NULL')
            .orWhere('c.deadline >= :now', { now: sqlTime(now) }),
        ),
      );
    }
    if (q.assignedTo === 'me') qb.andWhere('c.handlerUserId = :me', { me: user.id });
    if (q.extension === 'pending') {
      // Pending requests are few: read their case ids through the (status, createdAt) index, then the cases by key.
      const pending = qb.subQuery().select('x.caseId').from(CaseExtension, 'x').where("x.status = 'pending'").getQuery();
      qb.andWhere(`c.id IN ${pending}`);
    }
    if (q.q) {
      const text = q.q.trim();
      if (/^\d{1,10}$/.test(text)) qb.andWhere('c.id = :qid', { qid: Number(text) });
      else
        qb.andWhere("(c.description LIKE :like ESCAPE '!' OR c.address LIKE :like ESCAPE '!' OR c.landmark LIKE :like ESCAPE '!')", {
          like: `%${text.replace(/[%_!]/g, (m) => `!${m}`)}%`,
        });
    }
    if (q.from) qb.andWhere('c.createdAt >= :from', { from: sqlTime(this.date(q.from)) });
    if (q.to) qb.andWhere('c.createdAt < :to', { to: sqlTime(this.date(q.to)) });
    const [col, dir] = SORTS[q.sort ?? '-createdAt'];
    if (col === 'c.deadline') qb.orderBy('CASE WHEN c.deadline IS NULL THEN 1 ELSE 0 END', 'ASC').addOrderBy(col, dir);
    else qb.orderBy(col, dir);
    return qb.addOrderBy('c.id', dir);
  }

  /** Cases that reached twice their SLA (the 爱卫办 circular list), latest first. */
  async circularList(q: CircularListQueryDto, now = new Date()): Promise<Page<CircularCaseDto>> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const qb = this.db
      .getRepository(CaseEscalation)
      .createQueryBuilder('e')
      .innerJoin(Case, 'c', 'c.id = e.caseId')
      .select(['e.caseId AS caseId', 'MAX(e.createdAt) AS circularAt'])
      .where("e.step = 'circular'")
      .groupBy('e.caseId');
    if (q.openOnly) qb.andWhere(`c.status IN ${RUNNING_SQL}`);
    if (q.departmentId !== undefined) qb.andWhere('c.departmentId = :d', { d: q.departmentId });
    if (q.from) qb.andWhere('e.createdAt >= :from', { from: sqlTime(this.date(q.from)) });
    if (q.to) qb.andWhere('e.createdAt < :to', { to: sqlTime(this.date(q.to)) });
    const totalRow = await this.db
      .createQueryBuilder()
      .select('COUNT(*)', 'n')
      .from(`(${qb.getQuery()})`, 'x')
      .setParameters(qb.getParameters())
      .getRawOne<{ n: string | number }>();
    const rows = await qb
      .orderBy('circularAt', 'DESC')
      .addOrderBy('e.caseId', 'DESC')
      .offset((page - 1) * pageSize)
      .limit(pageSize)
      .getRawMany<{ caseId: number | string; circularAt: Date | string }>();
    const cases = await this.rowsById(rows.map((r) => Number(r.caseId)));
    const byId = new Map((await this.items(cases, now)).map((i) => [i.id, i]));
    const items = rows.flatMap((r) => {
      const item = byId.get(Number(r.caseId));
      if (!item) return [];
      const at = r.circularAt instanceof Date ? r.circularAt : new Date(`${String(r.circularAt).replace(' ', 'T')}Z`);
      const overdueMinutes = item.deadline ? Math.max(0, Math.floor((now.getTime() - Date.parse(item.deadline)) / 60_000)) : 0;
      return [{ ...item, circularAt: at.toISOString(), overdueMinutes }];
    });
    return { items, total: Number(totalRow?.n ?? 0), page, pageSize };
  }

  /** Report ids standing behind each case: its own and those of cases merged into it. */
  async reportIds(caseIds: number[]): Promise<Map<number, number[]>> {
    const out = new Map<number, number[]>(caseIds.map((id) => [id, []]));
    if (caseIds.length === 0) return out;
    const q = reportIdsSql(caseIds);
    const rows: { id: number | string; caseId: number | string }[] = await this.db.query(q.sql, q.params);
    for (const r of rows) out.get(Number(r.caseId))?.push(Number(r.id));
    return out;
  }

  /**
   * List rows with names and time left; the report ids and thumbnail came with the row, the names from the TableCache
   * and the row's own statement, and a pending 延期申请 is read only where there is one.
   */
  private async items(rows: ListRowRead[], now: Date): Promise<CaseListItemDto[]> {
    if (rows.length === 0) return [];
    const pendingIds = rows.filter((c) => c.hasPending).map((c) => c.id);
    const [departments, categories, pending] = await Promise.all([
      this.departmentNames(),
      this.categoryNames(),
      pendingIds.length ? this.pendingExtensions(pendingIds) : [],
    ]);
    const names = pending.length ? await this.userNames(pending.map((x) => x.requestedBy)) : new Map<number, string>();
    // One literal per row, in caseDto's key order then the list's own: spreading caseDto and adding eleven keys made
    // V8 define each added key on the slow path (the board's hottest app code in the eighth round's profile).
    return rows.map((c) => {
      const extension = pending.find((x) => x.caseId === c.id);
      const deadline = c.deadline === null ? null : new Date(c.deadline);
      return {
        id: c.id,
        status: c.status,
        kind: c.kind,
        categoryCode: c.categoryCode,
        departmentId: c.departmentId,
        deadline: c.deadline,
        location: { lat: c.lat, lng: c.lng },
        address: c.address,
        meTooCount: c.meTooCount,
        reportIds: c.reportIds,
        gridId: c.gridId,
        source: c.source,
        overdue: isOverdue(c.status as CaseStatus, deadline, now),
        createdAt: c.createdAt,
        updatedAt: c.updatedAt,
        version: c.version,
        departmentName: c.departmentId !== null ? (departments.get(c.departmentId) ?? null) : null,
        categoryName: categories.get(c.categoryCode) ?? null,
        timeLeftMinutes: minutesLeft(c.status, deadline, now),
        thumbUrl: c.thumbId !== null ? this.photos.url(c.thumbId, 'thumb', true) : null,
        description: c.description,
        dispatchedAt: c.dispatchedAt,
        handlerUserId: c.handlerUserId,
        handlerName: c.handlerUserId !== null ? c.handlerName : null,
        pendingExtension: extension ? extensionDto(extension, names) : null,
      };
    });
  }

  caseDto(c: CaseListRow, reportIds: number[], now: Date) {
    return {
      id: c.id,
      status: c.status,
      kind: c.kind,
      categoryCode: c.categoryCode,
      departmentId: c.departmentId,
      deadline: c.deadline?.toISOString() ?? null,
      location: { lat: c.lat, lng: c.lng },
      address: c.address,
      meTooCount: c.meTooCount,
      reportIds,
      gridId: c.gridId,
      source: c.source,
      overdue: isOverdue(c.status as CaseStatus, c.deadline, now),
      createdAt: c.createdAt.toISOString(),
      updatedAt: c.updatedAt.toISOString(),
      version: c.version,
    };
  }

  /** Names of departments by id (every department's, from the TableCache: renaming one drops it in every instance). */
  departmentNames(_ids?: (number | null | undefined)[]): Promise<ReadonlyMap<number, string>> {
    return this.cache.get('departments:names', ['departments'], async () => {
      const rows: { id: number | string; name: string }[] = await this.db.query('SELECT id, name FROM departments');
      return new Map(rows.map((d) => [Number(d.id), d.name]));
    });
  }

  async userNames(ids: (number | null | undefined)[]): Promise<Map<number, string>> {
    const wanted = [...new Set(ids.filter((x): x is number => typeof x === 'number'))];
    if (wanted.length === 0) return new Map();
    const rows: { id: number | string; displayName: string }[] = await this.db.query(
      `SELECT id, displayName FROM users WHERE id IN (${wanted.map(() => '?').join(', ')})`,
      wanted,
    );
    return new Map(rows.map((u) => [Number(u.id), u.displayName]));
  }

  /** Names of categories by code (the cached catalogue). */
  async categoryNames(_codes?: string[]): Promise<ReadonlyMap<string, string>> {
    return this.cache.get('categories:names', ['categories'], async () => {
      const rows: { code: string; name: string }[] = await this.db.query('SELECT code, name FROM categories');
      return new Map(rows.map((c) => [c.code, c.name]));
    });
  }

  /** The pending 延期申请 of these cases: usually none, found through the (caseId, status) index before any row is read whole. */
  private async pendingExtensions(caseIds: number[]): Promise<CaseExtension[]> {
    const hits: { id: number | string }[] = await this.db.query(
      `SELECT id FROM case_extensions WHERE status = 'pending' AND caseId IN (${caseIds.map(() => '?').join(', ')})`,
      caseIds,
    );
    if (hits.length === 0) return [];
    return this.db.getRepository(CaseExtension).find({ where: { id: In(hits.map((h) => Number(h.id))) } });
  }

  photoDtos(rows: Photo[]): Map<number, PhotoDto> {
    return new Map(rows.map((p) => [p.id, this.photos.toDto(p, { staff: true })]));
  }

  private scoped(user: AuthUser): SelectQueryBuilder<Case> {
    const scope = caseScope(user);
    if (!scope) throw new AppException('FORBIDDEN');
    const qb = this.db.getRepository(Case).createQueryBuilder('c');
    if ('departmentId' in scope) qb.where('c.departmentId = :scopeDept', { scopeDept: scope.departmentId });
    return qb;
  }

  private isMysql(): boolean {
    return this.db.options.type === 'mysql' || this.db.options.type === 'mariadb';
  }

  private date(text: string): Date {
    const d = new Date(text);
    if (Number.isNaN(d.getTime())) throw new AppException('VALIDATION_FAILED', '日期格式不正确');
    return d;
  }
}

/** A 延期申请 as staff read it, with the requester's and decider's names from `names`. */
export function extensionDto(x: CaseExtension, names: Map<number, string>): CaseExtensionDto {
  return {
    id: x.id,
    caseId: x.caseId,
    hours: x.hours,
    reason: x.reason,
    status: x.status,
    requestedBy: x.requestedBy,
    requestedByName: names.get(x.requestedBy) ?? null,
    decidedBy: x.decidedBy,
    decidedByName: x.decidedBy !== null ? (names.get(x.decidedBy) ?? null) : null,
    decisionNote: x.decisionNote,
    decidedAt: x.decidedAt?.toISOString() ?? null,
    deadlineBefore: x.deadlineBefore?.toISOString() ?? null,
    deadlineAfter: x.deadlineAfter?.toISOString() ?? null,
    createdAt: x.createdAt.toISOString(),
  };
}
