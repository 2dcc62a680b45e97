import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { boundingBox } from '../database/bounding-box';
import { sqlDate } from '../database/sql-date';

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
}
