import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { OPEN_CASE_STATUSES, cellAndNeighbours, distanceM, offsetM, type CaseStatus } from '@sansui/shared';
import { DataSource, EntityManager, In, IsNull, MoreThanOrEqual, Not } from 'typeorm';
import { doubleLiteral, type SqlLiteral } from '../database/double-literal';
import { sqlDate } from '../database/sql-date';
import { CaseEvent } from './case-event.entity';
import { CASES_NEAR_BOX_INDEX, Case } from './case.entity';
import { ReportFeedback } from './report-feedback.entity';
import { directQuery, sqliteArrays } from '../database/direct-sql';

/** Where and what a case is, as the monitoring points (docs/domain.md §16) place it among the problems of a spot. */
export type CaseSpot = Pick<Case, 'id' | 'categoryCode' | 'lat' | 'lng' | 'createdAt' | 'gridId' | 'address'>;

/** The public map's search: recent cases still shown in a box, through the (categoryCode, cellKey, createdAt) index when given cells. */
export interface ShownNearQuery {
  since: Date;
  box: { minLat: number; maxLat: number; minLng: number; maxLng: number };
  /** Every category × these cells (index ranges); null: scan the box by coordinates. */
  cells: { codes: string[]; cells: string[] } | null;
  /** Only these statuses (e.g. the open ones); undefined: any status shown on the map. */
  statuses?: readonly CaseStatus[];
  take: number;
}

/** What `openNear` read: the cases, and how far every open case of the cells it left out is at least. */
export interface NearRead {
  cases: Pick<Case, 'id' | 'lat' | 'lng'>[];
  /**
   * Every case left out is at least this far, in metres, to within the flat distance's error (relative, well under 1e-4
   * within a cell's neighbours below 80° of latitude); Infinity when none was left out.
   */
  restFromM: number;
}

/** A row of `openNearQuery`'s statement on MariaDB (`d` only when it reads the nearest few). */
export type NearRow = Record<'id' | 'lat' | 'lng' | 'd', number | string>;

/**
 * How far `openNear` reads: the nearest few within a box (`boxM` metres north, south, east and west of the point), or
 * every case within a distance.
 */
export type NearReach = { nearest: number; boxM: number } | { withinM: number };

/** Plain reads of case rows, timelines and feedback for the folders above cases (reports, triage, me-too, open311 …), which do not query them. */
@Injectable()
export class CaseReads {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  byId(id: number, em: EntityManager = this.db.manager): Promise<Case | null> {
    return em.getRepository(Case).findOneBy({ id });
  }

  async byIds(ids: readonly number[], em: EntityManager = this.db.manager): Promise<Case[]> {
    return ids.length ? em.getRepository(Case).find({ where: { id: In([...ids]) } }) : [];
  }

  /** The case row, read in the caller's transaction (a hook of a case move sees the move's own writes). */
  inTransaction(em: EntityManager, id: number): Promise<Case | null> {
    return em.getRepository(Case).findOneBy({ id });
  }

  /** The cases merged into this one with their opening reports, read in the caller's transaction. */
  mergedIntoIn(em: EntityManager, caseId: number): Promise<Pick<Case, 'id' | 'primaryReportId'>[]> {
    return em.getRepository(Case).find({ where: { masterCaseId: caseId }, select: { id: true, primaryReportId: true } });
  }

  /** The ids of the cases merged into this one. */
  async mergedInto(caseId: number): Promise<number[]> {
    const rows = await this.db.getRepository(Case).find({ select: { id: true }, where: { masterCaseId: caseId } });
    return rows.map((c) => c.id);
  }

  /** The cases merged into any of these, with the master each was merged into (one read). */
  async mergedIntoAny(em: EntityManager, caseIds: readonly number[]): Promise<{ id: number; masterCaseId: number }[]> {
    if (caseIds.length === 0) return [];
    const rows = await em.getRepository(Case).find({ select: { id: true, masterCaseId: true }, where: { masterCaseId: In([...caseIds]) } });
    return rows.flatMap((c) => (c.masterCaseId === null ? [] : [{ id: c.id, masterCaseId: c.masterCaseId }]));
  }

  /** The case's timeline, oldest first. */
  timeline(caseId: number): Promise<CaseEvent[]> {
    return this.db.getRepository(CaseEvent).find({ where: { caseId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** Status by case id, in one read; an unknown id is absent from the map. */
  async statusesOf(ids: readonly number[]): Promise<Map<number, CaseStatus>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.getRepository(Case).find({ where: { id: In([...ids]) }, select: { id: true, status: true } });
    return new Map(rows.map((c) => [c.id, c.status]));
  }

  /** The address and landmark of these cases (for placeText), in one read. */
  async placesOf(ids: readonly number[]): Promise<Pick<Case, 'id' | 'address' | 'landmark'>[]> {
    return ids.length
      ? this.db.getRepository(Case).find({ where: { id: In([...ids]) }, select: { id: true, address: true, landmark: true } })
      : [];
  }

  /** The department each of these cases is with (null before dispatch), in one read. */
  async departmentsOf(ids: readonly number[]): Promise<Pick<Case, 'id' | 'departmentId'>[]> {
    return ids.length ? this.db.getRepository(Case).find({ where: { id: In([...ids]) }, select: { id: true, departmentId: true } }) : [];
  }

  /** Cases opened since `from` that are problems (not rejected, not merged into another), in the caller's transaction. */
  problemSpotsSince(from: Date, em: EntityManager = this.db.manager): Promise<CaseSpot[]> {
    return em.getRepository(Case).find({
      select: { id: true, categoryCode: true, lat: true, lng: true, createdAt: true, gridId: true, address: true },
      where: { createdAt: MoreThanOrEqual(from), status: Not(In(['rejected', 'merged'])) },
    });
  }

  /** The timelines of these cases together, oldest first (one read). */
  async timelines(caseIds: readonly number[]): Promise<CaseEvent[]> {
    if (caseIds.length === 0) return [];
    return this.db.getRepository(CaseEvent).find({ where: { caseId: In([...caseIds]) }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** The case's address (null when it has none yet or the case is unknown), in the caller's transaction. */
  async addressOf(em: EntityManager, caseId: number): Promise<string | null> {
    return (await em.getRepository(Case).findOne({ where: { id: caseId }, select: { id: true, address: true } }))?.address ?? null;
  }

  /** Up to `take` cases without an address, by id, leaving out `exceptIds` (those the geocoder has none for). */
  withoutAddress(exceptIds: readonly number[], take: number): Promise<Pick<Case, 'id' | 'lat' | 'lng' | 'primaryReportId'>[]> {
    return this.db.getRepository(Case).find({
      select: { id: true, lat: true, lng: true, primaryReportId: true },
      where: { address: IsNull(), id: Not(In([0, ...exceptIds])) },
      order: { id: 'ASC' },
      take,
    });
  }

  /** The residents' feedback given through these reports (at most one each). */
  async feedbackOfReports(reportIds: readonly number[]): Promise<ReportFeedback[]> {
    return reportIds.length ? this.db.getRepository(ReportFeedback).find({ where: { reportId: In([...reportIds]) } }) : [];
  }

  /**
   * Open cases of a category around a point created since `since`: equality on categoryCode, IN over the point's cell
   * and its 8 neighbours, a range of latitudes — the prefix of the index cases(categoryCode, cellKey, lat, lng,
   * createdAt), whose entries also decide longitude and creation time; status is filtered on the rows found. They come
   * in the lookup's order (cell, creation, id). Only those of `reach`, by a flat-earth distance SQL computes: the
   * `nearest` few of a box (a crowded spot hands over a fixed number of rows), or every one `withinM` metres (and
   * perhaps a few just beyond).
   */
  async openNear(
    q: { categoryCode: string; lat: number; lng: number },
    since: Date,
    reach: NearReach,
    em: EntityManager = this.db.manager,
  ): Promise<NearRead> {
    const [sql, params] = this.openNearQuery(q, since, reach, em);
    // On SQLite as arrays: a burst of reports at one spot reads hundreds of these rows for each new one.
    if (em.connection.options.type === 'better-sqlite3') return this.nearRead(q, reach, sqliteArrays(em.connection, sql, params));
    return this.nearReadOf(q, reach, await directQuery<NearRow[]>(em, sql, params));
  }

  /** What `openNearQuery`'s statement read on MariaDB, as `openNear` answers it (for a caller that sent the statement itself). */
  nearReadOf(q: { lat: number; lng: number }, reach: NearReach, rows: readonly NearRow[]): NearRead {
    return this.nearRead(
      q,
      reach,
      rows.map((r) => [r.id, r.lat, r.lng, r.d]),
    );
  }

  private nearRead(q: { lat: number; lng: number }, reach: NearReach, rows: unknown[][]): NearRead {
    const cases = rows.map(([id, lat, lng]) => ({ id: Number(id), lat: Number(lat), lng: Number(lng) }));
    if (!('nearest' in reach)) return { cases, restFromM: Infinity };
    // A case outside the box is at least boxM away: its latitude or its scaled longitude is that far off.
    if (rows.length < reach.nearest) return { cases, restFromM: reach.boxM };
    const farthest = rows.reduce((a, b) => (Number(b[3]) > Number(a[3]) ? b : a));
    return { cases, restFromM: Math.min(reach.boxM, distanceM(q, { lat: Number(farthest[1]), lng: Number(farthest[2]) })) };
  }

  /** `openNear`'s statement and parameters, written out (one per report submitted); the text depends only on the number of cells. */
  openNearQuery(
    q: { categoryCode: string; lat: number; lng: number },
    since: Date,
    reach: NearReach,
    em: EntityManager = this.db.manager,
  ): [string, unknown[]] {
    const cells = cellAndNeighbours(q.lat, q.lng);
    const mysql = em.connection.options.type !== 'better-sqlite3';
    const cosLat = Math.cos((q.lat * Math.PI) / 180);
    // The box in degrees, a little wider than asked (a case just inside must not be lost to rounding): every case
    // within `withinM` has its latitude and its scaled longitude within it. Across the antimeridian, every longitude.
    const boxDeg = (offsetM(q, 'withinM' in reach ? reach.withinM : reach.boxM, 0).lat - q.lat) * 1.001;
    const [latDeg, lngDeg] = [boxDeg * 1.0001, (boxDeg * 1.0001) / cosLat];
    const [west, east] = q.lng - lngDeg < -180 || q.lng + lngDeg > 180 ? [-1000, 1000] : [q.lng - lngDeg, q.lng + lngDeg];
    // Both databases are told the index: without statistics SQLite takes the (categoryCode, cellKey, createdAt) one,
    // which reads every open case of the nine cells, and MariaDB scans the whole table (a new city's database). The box
    // index reads the box's latitudes (duplicates.int-spec checks the plan).
    const where =
      ` FROM cases ${mysql ? `FORCE INDEX (${CASES_NEAR_BOX_INDEX})` : `INDEXED BY ${CASES_NEAR_BOX_INDEX}`} WHERE categoryCode = ?` +
      ` AND cellKey IN (${cells.map(() => '?').join(', ')}) AND lat BETWEEN ? AND ? AND lng BETWEEN ? AND ?` +
      ` AND createdAt >= ? AND status IN (${OPEN_CASE_STATUSES.map(() => '?').join(', ')})`;
    // On MariaDB the coordinates go as DOUBLE literals, not DECIMAL ones (doubleLiteral).
    const real = (n: number): number | SqlLiteral => (mysql ? doubleLiteral(n) : n);
    const filters = [
      q.categoryCode,
      ...cells,
      ...[q.lat - latDeg, q.lat + latDeg, west, east].map(real),
      sqlDate(em, since),
      ...OPEN_CASE_STATUSES,
    ];
    // Degrees squared, east-west scaled by the latitude: within a relative 1e-4 of the true distances over a few
    // hundred metres (below 75° of latitude).
    const flat = '(lat - ?) * (lat - ?) + (lng - ?) * (lng - ?) * ?';
    const flatParams = [q.lat, q.lat, q.lng, q.lng, cosLat ** 2].map(real);
    if ('withinM' in reach) {
      return [
        `SELECT id, lat, lng${where} AND ${flat} <= ? ORDER BY cellKey, createdAt, id`,
        [...filters, ...flatParams, real(boxDeg ** 2)],
      ];
    }
    return [
      `SELECT id, lat, lng, d FROM (SELECT id, lat, lng, cellKey, createdAt, ${flat} AS d${where}` +
        ` ORDER BY d LIMIT ${Math.trunc(reach.nearest)}) n ORDER BY cellKey, createdAt, id`,
      [...flatParams, ...filters],
    ];
  }

  /** Those of these cases that are open, with their location. */
  async openAmong(em: EntityManager, ids: readonly number[]): Promise<Pick<Case, 'id' | 'lat' | 'lng'>[]> {
    if (ids.length === 0) return [];
    return em.getRepository(Case).find({
      select: { id: true, lat: true, lng: true },
      where: { id: In([...ids]), status: In([...OPEN_CASE_STATUSES]) },
    });
  }

  /** Recent cases the public map shows (not merged, rejected or flagged), newest first. */
  shownNear(
    q: ShownNearQuery,
  ): Promise<Pick<Case, 'id' | 'categoryCode' | 'status' | 'lat' | 'lng' | 'createdAt' | 'address' | 'meTooCount'>[]> {
    const qb = this.db
      .getRepository(Case)
      .createQueryBuilder('c')
      .select(['c.id', 'c.categoryCode', 'c.status', 'c.lat', 'c.lng', 'c.createdAt', 'c.address', 'c.meTooCount'])
      .where('c.createdAt >= :since', { since: q.since })
      .andWhere('c.status NOT IN (:...hidden)', { hidden: ['merged', 'rejected'] })
      .andWhere('c.flagged = :flagged', { flagged: false })
      .orderBy('c.createdAt', 'DESC')
      .take(q.take);
    if (q.cells)
      qb.andWhere('c.categoryCode IN (:...codes)', { codes: q.cells.codes }).andWhere('c.cellKey IN (:...cells)', { cells: q.cells.cells });
    else qb.andWhere('c.lat BETWEEN :minLat AND :maxLat AND c.lng BETWEEN :minLng AND :maxLng', q.box);
    if (q.statuses) qb.andWhere('c.status IN (:...open)', { open: [...q.statuses] });
    return qb.getMany();
  }
}
