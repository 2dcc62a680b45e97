import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { boundingBox } from '../database/bounding-box';
import { sqlDate } from '../database/sql-date';

/**
 * Queries on `rewards` for the fraud signals (docs/domain.md §8), each in the caller's (grant) transaction, and the
 * public board's paid total. `rewardedSpotsNear` joins `reports` (a folder below) read-only: where each reward's
 * report was made.
 */
@Injectable()
export class RewardRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Red packets paid, in fen: rewards the server saw WeChat Pay confirm (status paid). */
  async paidFen(): Promise<number> {
    const [row] = await this.db.query("SELECT COALESCE(SUM(amountFen), 0) AS fen FROM rewards WHERE status = 'paid'");
    return Number(row?.fen ?? 0);
  }

  /** The user's rewards (not cancelled) granted in (from, to]. */
  async countGrantedTo(em: EntityManager, userId: number, from: Date, to: Date): Promise<number> {
    const [row] = await em.query(
      "SELECT COUNT(*) AS n FROM rewards WHERE userId = ? AND status <> 'cancelled' AND createdAt > ? AND createdAt <= ?",
      [userId, sqlDate(em, from), sqlDate(em, to)],
    );
    return Number(row.n);
  }

  /**
   * Reporters other than `exceptUserId` with a reward (not cancelled) for a report made in [from, to] inside the
   * square around the point that holds the circle of `radiusM`: one row per such reward.
   */
  async rewardedSpotsNear(
    em: EntityManager,
    q: { exceptUserId: number; from: Date; to: Date; lat: number; lng: number; radiusM: number },
  ): Promise<{ userId: number; lat: number; lng: number }[]> {
    const box = boundingBox(q.lat, q.lng, q.radiusM);
    const rows: { userId: number; lat: number; lng: number }[] = await em.query(
      `SELECT r.userId AS userId, r.lat AS lat, r.lng AS lng FROM reports r JOIN rewards w ON w.reportId = r.id
       WHERE r.userId <> ? AND w.status <> 'cancelled' AND r.createdAt >= ? AND r.createdAt <= ?
       AND r.lat BETWEEN ? AND ? AND r.lng BETWEEN ? AND ?`,
      [q.exceptUserId, sqlDate(em, q.from), sqlDate(em, q.to), box.minLat, box.maxLat, box.minLng, box.maxLng],
    );
    return rows.map((r) => ({ userId: Number(r.userId), lat: Number(r.lat), lng: Number(r.lng) }));
  }
}
