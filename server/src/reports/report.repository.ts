import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CaseStatus, ContentCheckState, CoordSystem, ReportKind, ReportSource } from '@sansui/shared';
import { DataSource, In, Not, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { queryArrays } from '../database/array-rows';
import { boundingBox } from '../database/bounding-box';
import { sqlDate, sqlDateIso } from '../database/sql-date';
import { Report } from './report.entity';
import { reportCards, reportCardsSql } from '../uploads/photo-sql';
import type { PhotoCard } from '../uploads/photos.service';

/** A report as its owner's list shows it, with the status of the case it is worked in (and its time as ISO text). */
export type OwnReportRow = Pick<
  Report,
  | 'id'
  | 'caseId'
  | 'kind'
  | 'source'
  | 'categoryCode'
  | 'description'
  | 'lat'
  | 'lng'
  | 'coordSystem'
  | 'address'
  | 'contentCheck'
  | 'clientRequestId'
> & { createdAt: string; status: CaseStatus; photos: PhotoCard[] };

/**
 * Newest first through the (userId, createdAt) index. The case's status joins in one step: a report merged into
 * another case follows its master (one level, as the detail does); the user's count rides along (a constant
 * subquery through the same index, evaluated once), so a full page needs no second statement; so do each report's
 * photo cards (photo-sql.ts, through the photos' reportId index). The texts are fixed, so both drivers reuse their
 * prepared statements.
 */
const ownPageSql = (
  mysql: boolean,
) => `SELECT r.id, r.caseId, r.kind, r.source, r.categoryCode, r.description, r.lat, r.lng, r.coordSystem, r.address,
 r.contentCheck, r.createdAt, r.clientRequestId, c.status AS ownStatus, m.status AS masterStatus,
 (SELECT COUNT(*) FROM reports n WHERE n.userId = ?) AS total, ${reportCardsSql('r.id', mysql)} AS photos
 FROM reports r LEFT JOIN cases c ON c.id = r.caseId LEFT JOIN cases m ON m.id = c.masterCaseId AND c.status = 'merged'
 WHERE r.userId = ? ORDER BY r.createdAt DESC, r.id DESC LIMIT ? OFFSET ?`;
const OWN_PAGE_SQL = { sqlite: ownPageSql(false), mysql: ownPageSql(true) };

/** A report photo waiting for its image check, with the openid of the resident who reported it (WeChat's check needs it). */
export interface PhotoAwaitingCheck {
  id: number;
  /** The trace id it was last submitted (or claimed) under; null when never submitted. */
  traceId: string | null;
  openid: string | null;
}

export interface ReportSpot {
  id: number;
  lat: number;
  lng: number;
}

/**
 * Queries on `reports` that other folders ask: a reporter's history for the fraud signals of docs/domain.md §8, each
 * in the caller's transaction, and the public board's totals. `outcomesOf` joins `cases` and `countResidentReporters`
 * joins `users` (folders below) read-only.
 */
@Injectable()
export class ReportRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Every report ever made (deleted accounts' and merged cases' reports included). */
  /**
   * Open311 service requests: a report with the status of the case working it (its master's once merged), the
   * department, grid and category names. The Open311 endpoints add their filters, order and page.
   */
  open311Requests(): SelectQueryBuilder<Report> {
    return this.db
      .getRepository(Report)
      .createQueryBuilder('r')
      .innerJoin('cases', 'c', 'c.id = r.caseId')
      .leftJoin('cases', 'm', 'm.id = c.masterCaseId')
      .leftJoin('departments', 'd', 'd.id = COALESCE(m.departmentId, c.departmentId)')
      .leftJoin('areas', 'g', 'g.id = c.gridId')
      .leftJoin('categories', 'k', 'k.code = r.categoryCode')
      .select([
        'r.id AS id',
        'r.categoryCode AS categoryCode',
        'r.description AS description',
        'r.contentCheck AS contentCheck',
        'r.lat AS lat',
        'r.lng AS lng',
        'r.address AS address',
        'c.address AS caseAddress',
        'r.createdAt AS createdAt',
        'c.status AS status',
        'm.status AS masterStatus',
        'c.flagged AS flagged',
        'c.updatedAt AS updatedAt',
        'c.deadline AS deadline',
        'd.name AS departmentName',
        'g.name AS gridName',
        'k.name AS categoryName',
      ])
      .where('1 = 1');
  }

  /**
   * The report standing for a published inspection finding (docs/domain.md §16): source `inspection`, content passed,
   * not yet linked to a case (`linkCase` follows). One per finding: the unique (userId, clientRequestId) index is a
   * second guard against a double publication. Returns its id.
   */
  async insertForFinding(
    em: EntityManager,
    f: {
      findingId: number;
      inspectorUserId: number;
      categoryCode: string;
      description: string;
      lat: number;
      lng: number;
      gridId: number | null;
    },
  ): Promise<number> {
    const inserted = await em.getRepository(Report).insert({
      userId: f.inspectorUserId,
      clientRequestId: `inspection-finding-${f.findingId}`,
      kind: 'snap',
      source: 'inspection',
      categoryCode: f.categoryCode,
      description: f.description,
      lat: f.lat,
      lng: f.lng,
      coordSystem: 'gcj02',
      deviceLat: null,
      deviceLng: null,
      locationAccuracyM: null,
      caseId: 0,
      gridId: f.gridId,
      contentCheck: 'pass',
      contactName: null,
      contactPhone: null,
      externalId: null,
    });
    return Number(inserted.identifiers[0].id);
  }

  /** Points a report at the case opened for it, in the caller's transaction. */
  async linkCase(em: EntityManager, reportId: number, caseId: number): Promise<void> {
    await em.getRepository(Report).update({ id: reportId }, { caseId });
  }

  /** Whether the user reported any of these cases. */
  async hasReportOn(caseIds: readonly number[], userId: number): Promise<boolean> {
    if (caseIds.length === 0) return false;
    const rows: unknown[] = await this.db.query(
      `SELECT 1 AS hit FROM reports WHERE userId = ? AND caseId IN (${caseIds.map(() => '?').join(', ')}) LIMIT 1`,
      [userId, ...caseIds],
    );
    return rows.length > 0;
  }

  async countAll(): Promise<number> {
    const [row] = await this.db.query('SELECT COUNT(*) AS n FROM reports');
    return Number(row?.n ?? 0);
  }

  /** Residents (not staff or inspectors) who have made at least one report, deleted accounts included. */
  async countResidentReporters(): Promise<number> {
    const [row] = await this.db.query(
      "SELECT COUNT(DISTINCT r.userId) AS n FROM reports r JOIN users u ON u.id = r.userId WHERE u.kind = 'resident'",
    );
    return Number(row?.n ?? 0);
  }

  /** The user's reports made in [from, to] inside the square around the point that holds the circle of `radiusM`. */
  async spotsOfUserNear(
    em: EntityManager,
    q: { userId: number; from: Date; to: Date; lat: number; lng: number; radiusM: number },
  ): Promise<ReportSpot[]> {
    const box = boundingBox(q.lat, q.lng, q.radiusM);
    const rows: { id: number; lat: number; lng: number }[] = await em.query(
      'SELECT id, lat, lng FROM reports WHERE userId = ? AND createdAt >= ? AND createdAt <= ? AND lat BETWEEN ? AND ? AND lng BETWEEN ? AND ?',
      [q.userId, sqlDate(em, q.from), sqlDate(em, q.to), box.minLat, box.maxLat, box.minLng, box.maxLng],
    );
    return rows.map((r) => ({ id: Number(r.id), lat: Number(r.lat), lng: Number(r.lng) }));
  }

  /** One page of the user's own reports (GET /reports/mine), newest first, and how many there are in all. */
  async pageOfOwner(userId: number, offset: number, limit: number): Promise<{ rows: OwnReportRow[]; total: number }> {
    const type = this.db.options.type;
    const sql = type === 'mysql' || type === 'mariadb' ? OWN_PAGE_SQL.mysql : OWN_PAGE_SQL.sqlite;
    // Each row: the 17 columns of ownPageSql, in its order.
    const raw = await queryArrays(this.db, sql, [userId, userId, limit, offset]);
    // Past the end there is no row to carry the count: it is read on its own (a first page that is empty is 0).
    const total =
      raw.length > 0
        ? Number(raw[0][15]) // total
        : offset === 0
          ? 0
          : Number((await this.db.query('SELECT COUNT(*) AS n FROM reports WHERE userId = ?', [userId]))[0].n);
    const rows = raw.map(
      ([
        id,
        caseId,
        kind,
        source,
        categoryCode,
        description,
        lat,
        lng,
        coordSystem,
        address,
        contentCheck,
        createdAt,
        clientRequestId,
        ownStatus,
        masterStatus,
        ,
        photos,
      ]) => ({
        id: Number(id),
        caseId: Number(caseId),
        kind: kind as ReportKind,
        source: source as ReportSource,
        categoryCode: categoryCode as string,
        description: description as string | null,
        lat: Number(lat),
        lng: Number(lng),
        coordSystem: coordSystem as CoordSystem,
        address: address as string | null,
        contentCheck: contentCheck as ContentCheckState,
        createdAt: sqlDateIso(createdAt as Date | string),
        clientRequestId: clientRequestId as string,
        status: ownStatus === 'merged' && masterStatus ? (masterStatus as CaseStatus) : ((ownStatus as CaseStatus | null) ?? 'submitted'),
        photos: reportCards(Number(id), photos),
      }),
    );
    return { rows, total };
  }

  /** How many reports the user made in (from, to]. */
  async countOfUser(em: EntityManager, userId: number, from: Date, to: Date): Promise<number> {
    const [row] = await em.query('SELECT COUNT(*) AS n FROM reports WHERE userId = ? AND createdAt > ? AND createdAt <= ?', [
      userId,
      sqlDate(em, from),
      sqlDate(em, to),
    ]);
    return Number(row.n);
  }

  /** All the user's reports, and how many of them ended in a rejected case. */
  async outcomesOf(em: EntityManager, userId: number): Promise<{ reports: number; rejected: number }> {
    const [row] = await em.query(
      "SELECT COUNT(*) AS reports, SUM(CASE WHEN c.status = 'rejected' THEN 1 ELSE 0 END) AS rejected FROM reports r JOIN cases c ON c.id = r.caseId WHERE r.userId = ?",
      [userId],
    );
    return { reports: Number(row.reports ?? 0), rejected: Number(row.rejected ?? 0) };
  }

  /** The report row, read in the caller's transaction. */
  byIdIn(em: EntityManager, id: number): Promise<Report | null> {
    return em.getRepository(Report).findOneBy({ id });
  }

  /** These reports, read in the caller's transaction. */
  byIdsIn(em: EntityManager, ids: readonly number[]): Promise<Report[]> {
    return ids.length ? em.getRepository(Report).findBy({ id: In([...ids]) }) : Promise.resolve([]);
  }

  /** The reports attached to a case other than `exceptId` (its opening report), read in the caller's transaction. */
  attachedTo(em: EntityManager, caseId: number, exceptId: number): Promise<Report[]> {
    return em.getRepository(Report).find({ where: { caseId, id: Not(exceptId) } });
  }

  /** Who made the report (null for an unknown id), read in the caller's transaction. */
  async reporterOf(em: EntityManager, id: number): Promise<number | null> {
    return (await em.getRepository(Report).findOne({ where: { id }, select: { id: true, userId: true } }))?.userId ?? null;
  }

  /**
   * Up to `limit` photos of reports made before `before` that are still `pending` and were never submitted to the
   * image check (no trace id), by photo id (the image-check sweeper; `photos` and `users` joined read-only).
   */
  async photosNeverChecked(before: Date, limit: number): Promise<PhotoAwaitingCheck[]> {
    const rows = await this.photosAwaitingCheck()
      .andWhere('p.contentTraceId IS NULL')
      .andWhere('r.createdAt < :before', { before })
      .orderBy('p.id', 'ASC')
      .limit(limit)
      .getRawMany<{ id: number | string; traceId: string | null; openid: string | null }>();
    return rows.map((r) => ({ id: Number(r.id), traceId: r.traceId, openid: r.openid }));
  }

  /**
   * Up to `limit` report photos submitted to the image check that are still `pending` although they were asked (or,
   * never asked again, their report was made) before `before`, by photo id (the sweeper asks again).
   */
  async photosWithOverdueCheck(before: Date, limit: number): Promise<PhotoAwaitingCheck[]> {
    const rows = await this.photosAwaitingCheck()
      .andWhere('p.contentTraceId IS NOT NULL')
      .andWhere('((p.contentCheckAskedAt IS NULL AND r.createdAt < :before) OR p.contentCheckAskedAt < :before)', { before })
      .orderBy('p.id', 'ASC')
      .limit(limit)
      .getRawMany<{ id: number | string; traceId: string | null; openid: string | null }>();
    return rows.map((r) => ({ id: Number(r.id), traceId: r.traceId, openid: r.openid }));
  }

  private photosAwaitingCheck(): SelectQueryBuilder<Report> {
    return this.db
      .getRepository(Report)
      .createQueryBuilder('r')
      .innerJoin('photos', 'p', 'p.reportId = r.id')
      .innerJoin('users', 'u', 'u.id = r.userId')
      .select(['p.id AS id', 'p.contentTraceId AS traceId', 'u.openid AS openid'])
      .where('p.contentCheck = :pending', { pending: 'pending' });
  }
}
