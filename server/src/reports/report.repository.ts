import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { boundingBox } from '../database/bounding-box';
import { sqlDate } from '../database/sql-date';

export interface ReportSpot {
  id: number;
  lat: number;
  lng: number;
}

/**
 * Queries on `reports` that other folders ask about a reporter's history (the fraud signals of docs/domain.md §8),
 * each in the caller's transaction. `outcomesOf` joins `cases` (a folder below) read-only.
 */
@Injectable()
export class ReportRepository {
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
