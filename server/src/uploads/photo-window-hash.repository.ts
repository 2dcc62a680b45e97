import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { neighbours16 } from './phash';
import { Photo } from './photo.entity';
import { PhotoWindowHash } from './photo-window-hash.entity';
import { hashHalves, WINDOW_MATCH_MAX_DISTANCE, windowDistance, type WindowHash } from './window-hashes';

/** A stored photo one of whose windows (or whole picture) hashes close to a picture being checked. */
export interface WindowCandidate {
  photoId: number;
  distance: number;
  /** `window`: the checked picture is like a window of this photo (a cut-out of it); `whole`: this photo is like a window of the checked one. */
  direction: 'window' | 'whole';
}

const INSERT_ROWS = 100;
const INSERT_SQL = 'INSERT INTO photo_window_hashes (photoId, x, y, w, h, whole, hashHi, hashLo) VALUES ';

/** At most this many rows are read per half lookup (the two lookups of each direction are indexed, never a scan). */
const ROWS_PER_LOOKUP = 2000;

/** Queries of photo_window_hashes: storing a photo's window hashes, the indexed candidate lookups, the backfill list. */
@Injectable()
export class PhotoWindowHashRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * A photo's 145 window hashes in two plain multi-row INSERTs. Not TypeORM's insert builder: building and
   * escaping 1,160 parameters was the largest part of an upload's CPU outside the image pipeline (bench/upload-http.mjs
   * --cpu-prof, docs/performance.md), and nothing is read back.
   */
  async insert(photoId: number, hashes: readonly WindowHash[], em: EntityManager = this.db.manager): Promise<void> {
    for (let i = 0; i < hashes.length; i += INSERT_ROWS) {
      const chunk = hashes.slice(i, i + INSERT_ROWS);
      const params: number[] = [];
      for (const h of chunk) {
        const [hashHi, hashLo] = hashHalves(h.hash);
        params.push(photoId, h.x, h.y, h.w, h.h, h.w === 1000 && h.h === 1000 ? 1 : 0, hashHi, hashLo);
      }
      await em.query(`${INSERT_SQL}${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`, params);
    }
  }

  /** The photo's stored window hashes (empty when not computed yet). */
  async of(photoId: number, em: EntityManager = this.db.manager): Promise<WindowHash[]> {
    const rows = await em.getRepository(PhotoWindowHash).find({ where: { photoId }, order: { id: 'ASC' } });
    return rows.map((r) => ({ x: r.x, y: r.y, w: r.w, h: r.h, hash: ((r.hashHi << 16) | r.hashLo) >>> 0 }));
  }

  async deleteOf(photoIds: number[], em: EntityManager = this.db.manager): Promise<void> {
    if (photoIds.length) await em.getRepository(PhotoWindowHash).delete({ photoId: In(photoIds) });
  }

  /**
   * Photos with a window within WINDOW_MATCH_MAX_DISTANCE of the picture's whole hash (it may be cut out of
   * them), and photos whose whole picture is within it of one of the picture's windows (they may be cut out
   * of it), nearest first, at most one entry per photo. Both directions are index lookups on (whole, half):
   * the first asks each half for its value and every value within 2 bits (137 values; two hashes within 5 bits
   * agree that closely on one half), the second asks for the windows' exact halves (exact within 1 bit,
   * most matches beyond). The distance is then computed exactly.
   */
  async candidates(
    hashes: readonly WindowHash[],
    excludePhotoIds: number[],
    em: EntityManager = this.db.manager,
  ): Promise<WindowCandidate[]> {
    const whole = hashes.find((h) => h.w === 1000 && h.h === 1000);
    const windows = hashes.filter((h) => h !== whole);
    const best = new Map<number, WindowCandidate>();
    const keep = (c: WindowCandidate) => {
      const prev = best.get(c.photoId);
      if (!excludePhotoIds.includes(c.photoId) && (!prev || c.distance < prev.distance)) best.set(c.photoId, c);
    };
    if (whole) {
      const [hi, lo] = hashHalves(whole.hash);
      const radius = Math.floor(WINDOW_MATCH_MAX_DISTANCE / 2);
      for (const row of await this.lookup(em, [false, true], neighbours16(hi, radius), neighbours16(lo, radius))) {
        const d = windowDistance(whole.hash, row.hash);
        if (d <= WINDOW_MATCH_MAX_DISTANCE) keep({ photoId: row.photoId, distance: d, direction: 'window' });
      }
    }
    if (windows.length) {
      const his = [...new Set(windows.map((h) => hashHalves(h.hash)[0]))];
      const los = [...new Set(windows.map((h) => hashHalves(h.hash)[1]))];
      for (const row of await this.lookup(em, [true], his, los)) {
        const d = Math.min(...windows.map((h) => windowDistance(h.hash, row.hash)));
        if (d <= WINDOW_MATCH_MAX_DISTANCE) keep({ photoId: row.photoId, distance: d, direction: 'whole' });
      }
    }
    return [...best.values()].sort((a, b) => a.distance - b.distance || b.photoId - a.photoId);
  }

  /** Ids above `afterId` of photos that have no window hashes yet (stored before this table), in id order. */
  async photosWithout(afterId: number, limit: number): Promise<number[]> {
    const rows: { id: number | string }[] = await this.db
      .getRepository(Photo)
      .createQueryBuilder('p')
      .select('p.id', 'id')
      .where('p.id > :afterId', { afterId })
      .andWhere((qb) => `NOT EXISTS ${qb.subQuery().select('1').from(PhotoWindowHash, 'h').where('h.photoId = p.id').getQuery()}`)
      .orderBy('p.id', 'ASC')
      .limit(limit)
      .getRawMany();
    return rows.map((r) => Number(r.id));
  }

  /** One statement: the two indexed half lookups as a UNION ALL, each with its own limit. */
  private async lookup(em: EntityManager, whole: boolean[], his: number[], los: number[]): Promise<{ photoId: number; hash: number }[]> {
    const part = (column: 'hashHi' | 'hashLo', values: number[]) =>
      em
        .getRepository(PhotoWindowHash)
        .createQueryBuilder('h')
        .select('h.photoId', 'photoId')
        .addSelect('h.hashHi', 'hashHi')
        .addSelect('h.hashLo', 'hashLo')
        .where(`h.whole IN (${whole.map((w) => (w ? 1 : 0)).join(',')})`)
        .andWhere(`h.${column} IN (${values.map((v) => Number(v)).join(',')})`)
        .orderBy('h.id', 'DESC')
        .limit(ROWS_PER_LOOKUP)
        .getQueryAndParameters();
    const parts = [part('hashHi', his), part('hashLo', los)];
    const rows: { photoId: number | string; hashHi: number | string; hashLo: number | string }[] = await em.query(
      parts.map(([sql], i) => `SELECT * FROM (${sql}) w${i}`).join(' UNION ALL '),
      parts.flatMap(([, params]) => params),
    );
    return rows.map((r) => ({ photoId: Number(r.photoId), hash: ((Number(r.hashHi) << 16) | Number(r.hashLo)) >>> 0 }));
  }
}
