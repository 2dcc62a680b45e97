import type { CaseStatus, ReportKind, ReportSource } from '@sansui/shared';
import { Column, Entity, Index, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { CreatedAtColumn, DateTimeColumn, JsonColumn, TextColumn, UpdatedAtColumn } from '../database/columns';

/** Outcome of each triage step, stored with the case (docs/domain.md §6). */
export interface TriageRecord {
  validation?: { ok: boolean };
  serviceArea?: { gridId: number | null; gridName?: string | null };
  contentCheck?: { text: string; images: string };
  duplicates?: { caseId: number; distanceM: number | null; photoDistance: number | null; reason: string }[];
  routing?: { departmentId: number | null; explanation: string; rule: string };
  [step: string]: unknown;
}

/** The list indexes by name (MariaDB's walks name the one they follow: case-list-sql.ts). (status, updatedAt) is TypeORM's. */
export const CASE_LIST_INDEXES = {
  createdAt: 'IDX_cases_list_created',
  deadline: 'IDX_cases_list_deadline',
  meTooCount: 'IDX_cases_list_metoo',
  updatedAt: 'IDX_0122c28cf09b345c7fd4521095',
  department: 'IDX_cases_list_department',
  /** A department's queue of one category, by deadline (and its count, from the index alone). */
  departmentCategory: 'IDX_cases_list_dept_cat',
} as const;

/**
 * (status, createdAt DESC, id DESC), MariaDB's only (migrations/mysql/…-CaseListNewestFirst): a status newest first,
 * walked forward (case-list-sql.ts `walksNewestFirstIndex`). TypeORM cannot declare a descending index: declared here
 * unsynchronised so the schema check keeps it, and written in the migration.
 */
export const CASE_LIST_NEWEST_FIRST_INDEX = 'IDX_cases_list_newest_first';

/**
 * A department's walks by each order the panel offers with a department: by deadline (the queues, the board), by update
 * (核查结案), by people affected (the board). Down the status's own sort index, a department with few or no cases of
 * the status was looked for through the whole status (240 ms at 1M cases for a department with no resolved case).
 */
export const CASE_LIST_DEPARTMENT_INDEXES = {
  deadline: CASE_LIST_INDEXES.department,
  updatedAt: 'IDX_cases_list_dept_updated',
  meTooCount: 'IDX_cases_list_dept_metoo',
} as const;

/** Every case by creation time (KPI windows; a deep offset page of the unfiltered list finds its place down it). */
export const CASES_BY_CREATION_INDEX = 'IDX_kpi_cases_created';

/** A category's cases of a geohash cell by creation time (TypeORM's name): the public map's search by cells. */
export const CASES_NEAR_INDEX = 'IDX_4bd2d8863b2c063b25cc054e21';

/**
 * A category's cases of a geohash cell by position, then creation time: the duplicate finder's reads of a small box
 * (a crowded spot) step only the index entries of the box's latitudes, and judge longitude and creation time on the
 * entry before a row is read.
 */
export const CASES_NEAR_BOX_INDEX = 'IDX_cases_near_box';

/** The same walks when a category is asked for: (status, categoryCode, sort column), so a category rare in a status is not looked for through the whole status. */
export const CASE_LIST_CATEGORY_INDEXES = {
  createdAt: 'IDX_cases_list_cat_created',
  deadline: 'IDX_cases_list_cat_deadline',
  meTooCount: 'IDX_cases_list_cat_metoo',
  updatedAt: 'IDX_cases_list_cat_updated',
} as const;

/** 案卷: the problem being worked, with its state in the §5 machine. */
@Entity('cases')
/**
 * The staff lists (GET /cases) walk one status at a time down (status, sort column), with the id the index ends on as
 * the tie-break, and stop after a page: newest / oldest first, by deadline, by update, by people affected; a
 * department's walks down (departmentId, status, deadline | updatedAt | meTooCount); a category's list down (status, categoryCode, sort column).
 * An IN list or a sort the index cannot give makes the
 * databases sort every matching case first (seconds at 1M cases, docs/performance.md).
 */
@Index(['status', 'updatedAt'])
@Index(CASE_LIST_INDEXES.createdAt, ['status', 'createdAt'])
@Index(CASE_LIST_NEWEST_FIRST_INDEX, { synchronize: false })
@Index(CASE_LIST_INDEXES.deadline, ['status', 'deadline'])
@Index(CASE_LIST_INDEXES.meTooCount, ['status', 'meTooCount'])
@Index(CASE_LIST_INDEXES.department, ['departmentId', 'status', 'deadline'])
@Index(CASE_LIST_DEPARTMENT_INDEXES.updatedAt, ['departmentId', 'status', 'updatedAt'])
@Index(CASE_LIST_DEPARTMENT_INDEXES.meTooCount, ['departmentId', 'status', 'meTooCount'])
@Index(CASE_LIST_INDEXES.departmentCategory, ['departmentId', 'categoryCode', 'status', 'deadline'])
@Index(CASE_LIST_CATEGORY_INDEXES.createdAt, ['status', 'categoryCode', 'createdAt'])
@Index(CASE_LIST_CATEGORY_INDEXES.deadline, ['status', 'categoryCode', 'deadline'])
@Index(CASE_LIST_CATEGORY_INDEXES.meTooCount, ['status', 'categoryCode', 'meTooCount'])
@Index(CASE_LIST_CATEGORY_INDEXES.updatedAt, ['status', 'categoryCode', 'updatedAt'])
@Index(CASES_NEAR_INDEX, ['categoryCode', 'cellKey', 'createdAt'])
@Index(CASES_NEAR_BOX_INDEX, ['categoryCode', 'cellKey', 'lat', 'lng', 'createdAt'])
@Index(['gridId', 'categoryCode'])
/**
 * Queues sorted by deadline, the escalation job's scan of running cases, and overdue counts per department; with
 * resolvedAt it also covers SQLite's (skip-scan) plan of the daily overdue trend.
 */
@Index(['status', 'deadline', 'departmentId', 'resolvedAt'])
/**
 * KPI windows (stats, evaluation): cases opened / resolved / closed / due in a period, each led by its time column
 * (closed: by status, every closed-count asks for status 'closed') and covering the columns its figures group or
 * filter by, so a month at 1M cases is read from the index alone (docs/performance.md). Without status first, SQLite
 * walked the whole (departmentId, status) index for the closed counts to save a sort: 7 s at 1M.
 */
@Index(CASES_BY_CREATION_INDEX, ['createdAt', 'status', 'departmentId', 'gridId', 'categoryCode'])
@Index('IDX_kpi_cases_resolved', ['resolvedAt', 'departmentId', 'dispatchedAt'])
@Index('IDX_kpi_cases_closed', ['status', 'closedAt', 'departmentId', 'deadline', 'gridId'])
@Index('IDX_kpi_cases_deadline', ['deadline', 'status', 'resolvedAt', 'departmentId'])
/**
 * Dispatch quality of the cases first dispatched in a period (GET /stats/dispatch-quality, the ranking's 首次派准率):
 * one range of this index, grouped in SQL, instead of every such case's timeline (docs/performance.md).
 */
@Index('IDX_kpi_cases_first_dispatch', [
  'firstDispatchedAt',
  'firstDepartmentId',
  'categoryCode',
  'dispatchCount',
  'returnCount',
  'suggestionTaken',
])
/** A handler's own queue (GET /cases?assignedTo=me). */
@Index(['handlerUserId', 'status'])
export class Case {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 16 })
  status: CaseStatus;

  @Column({ type: 'varchar', length: 16 })
  kind: ReportKind;

  @Column({ type: 'varchar', length: 16 })
  source: ReportSource;

  @Column({ type: 'varchar', length: 64 })
  categoryCode: string;

  @Column({ type: 'int', nullable: true })
  departmentId: number | null;

  @Column({ type: 'int', nullable: true })
  gridId: number | null;

  /** The handler holding the case: set by claim, changed by a manager's reassign, cleared by return and reopen. */
  @Column({ type: 'int', nullable: true })
  handlerUserId: number | null;

  @Column({ type: 'double' }) lat: number;
  @Column({ type: 'double' }) lng: number;

  /** Readable address from reverse geocoding (docs/domain.md §15); null until the geocoder answered (a job fills it in). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  address: string | null;
  @Column({ type: 'varchar', length: 100, nullable: true })
  landmark: string | null;

  /** Residents who said 我也遇到 (me too) instead of reporting again. */
  @Column({ type: 'int', default: 0 })
  meTooCount: number;

  /** Geohash cell (precision 7, about 150 m) for indexed proximity lookups. */
  @Column({ type: 'varchar', length: 12 })
  cellKey: string;

  @TextColumn()
  description: string | null;

  /** The report that opened the case. */
  @Column({ type: 'int' })
  primaryReportId: number;

  /** Set when the case was merged into another. */
  @Index()
  @Column({ type: 'int', nullable: true })
  masterCaseId: number | null;

  @Column({ type: 'int' })
  slaHours: number;

  @DateTimeColumn({ nullable: true })
  dispatchedAt: Date | null;

  @DateTimeColumn({ nullable: true })
  deadline: Date | null;

  @DateTimeColumn({ nullable: true })
  resolvedAt: Date | null;

  @DateTimeColumn({ nullable: true })
  closedAt: Date | null;

  /**
   * How the case's dispatch went (docs/domain.md §17), kept by CaseLifecycle in the transaction of each dispatch and
   * return, and recomputable from case_events (`cli.js rebuild-figures`): the first dispatch's time, department and
   * whether it took the routing suggestion, and how many dispatches and returns the case has had.
   */
  @DateTimeColumn({ nullable: true })
  firstDispatchedAt: Date | null;

  @Column({ type: 'int', nullable: true })
  firstDepartmentId: number | null;

  @Column({ type: 'boolean', default: false })
  suggestionTaken: boolean;

  @Column({ type: 'int', default: 0 })
  dispatchCount: number;

  @Column({ type: 'int', default: 0 })
  returnCount: number;

  /** A photo or text was found risky by the content check. */
  @Column({ type: 'boolean', default: false })
  flagged: boolean;

  @JsonColumn()
  triage: TriageRecord | null;

  @VersionColumn()
  version: number;

  @CreatedAtColumn()
  createdAt: Date;

  @UpdatedAtColumn()
  updatedAt: Date;
}
