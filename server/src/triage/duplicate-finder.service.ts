import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { distanceM, hammingDistance } from '@sansui/shared';
import { DataSource, EntityManager } from 'typeorm';
import { CaseReads, type NearReach, type NearRead, type NearRow } from '../cases/case-reads';
import type { Statement } from '../database/multi-statement';
import { CrowdedSpots } from './crowded-spots';
import type { TriageRecord } from '../cases/case.entity';
import type { Category } from '../categories/category.entity';
import type { Photo } from '../uploads/photo.entity';
import { PhotoRepository } from '../uploads/photo.repository';
import { PhotosService } from '../uploads/photos.service';

export type DuplicateCandidate = NonNullable<TriageRecord['duplicates']>[number];

/** Hamming distance (of 64 bits) under which two photos count as the same scene. */
export const PHOTO_SIMILARITY_MAX_DISTANCE = 6;
/** At most this many candidates are kept on the case. */
const MAX_CANDIDATES = 10;
/** The nearby read hands over at most this many cases, the nearest: the candidates, and room for ties at the tenth. */
const NEAR_READ = 2 * MAX_CANDIDATES;
/** The nearby read's flat distance against the great-circle one, relative: far above its error within a cell's neighbours. */
const FLAT_ERROR = 1e-3;
/** The box read when no crowd is known at a spot: every case within the radius, with room for the flat distance's error. */
const WIDE_BOX = 1.01;

/** A case within the radius: its distance, exact and as candidates show it. */
interface NearCase {
  caseId: number;
  d: number;
  distanceM: number;
}

/** The tenth smallest rounded distance (Infinity below ten cases): no case farther can be a candidate. */
function tenthDistance(near: readonly NearCase[]): number {
  return near.length >= MAX_CANDIDATES ? near.map((n) => n.distanceM).sort((a, b) => a - b)[MAX_CANDIDATES - 1] : Infinity;
}

/** What the finder answers: all candidates (nearest first) and the nearest case within the radius. */
export interface FinderAnswer {
  candidates: DuplicateCandidate[];
  nearest: DuplicateCandidate | null;
}

/** `DuplicateFinder.firstReads`: statements to send, and the answer from their results. */
export interface FinderReads {
  statements: Statement[];
  answer(results: readonly unknown[]): Promise<FinderAnswer>;
}

/** A row of `PhotosService.similarCandidatesStatement`: a candidate photo and the new photo it was found for. */
interface SimilarCandidateRow {
  srcHash: string;
  phash: string;
  caseId: number | string | null;
}

/** Where the nearest-few read looks. */
interface NearestPlan {
  at: { categoryCode: string; lat: number; lng: number };
  since: Date;
  radius: number;
  reach: { nearest: number; boxM: number };
}

export interface DuplicateQuery {
  category: Pick<Category, 'code' | 'duplicateRadiusM' | 'duplicateWindowHours'>;
  lat: number;
  lng: number;
  /** Photos of the new report: similar photos elsewhere make candidates. */
  photoIds: number[];
  /** Their hashes when the caller has read the rows already (saves a query). */
  photoHashes?: readonly Pick<Photo, 'id' | 'phash'>[];
  /** The new report's own case, once it exists. */
  excludeCaseId?: number;
  now?: Date;
}

/**
 * docs/domain.md §6 step 4. The geographic lookup is indexed: `cases(categoryCode, cellKey, lat, lng, createdAt)` is
 * searched for the point's geohash-7 cell and its 8 neighbours (a 50 m circle never leaves them) within a box,
 * then the exact distance filters. Photo similarity goes through the photos' hash-block indexes.
 */
@Injectable()
export class DuplicateFinder {
  private readonly crowds = new CrowdedSpots();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly photos: PhotosService,
    private readonly photoRows: PhotoRepository,
    private readonly cases: CaseReads,
  ) {}

  /** All candidates (nearest first), and the nearest same-category case within the radius (the auto-merge target). */
  async find(q: DuplicateQuery, em: EntityManager = this.db.manager): Promise<FinderAnswer> {
    const near = await this.withinRadius(q, em, NEAR_READ);
    return this.answer(q, near, await this.similarPhotos(q, em));
  }

  /**
   * MariaDB: `find`'s first reads (the nearest few, the similar photos' block lookups) as statements that need nothing
   * read before them, for a caller that sends them in one packet with its own; `answer` takes their results in order
   * and makes `find`'s answer, with the rare follow-up reads (every case within the tenth's distance, the similar
   * photos' open cases) as their own round trips.
   */
  firstReads(q: DuplicateQuery, em: EntityManager = this.db.manager): FinderReads {
    const plan = this.nearestPlan(q);
    const [sql, params] = this.cases.openNearQuery(plan.at, plan.since, plan.reach, em);
    const statements: Statement[] = [{ sql, params }];
    if (q.photoIds.length)
      statements.push(this.photos.similarCandidatesStatement(q.photoIds, PHOTO_SIMILARITY_MAX_DISTANCE, { excludePhotoIds: q.photoIds }));
    return {
      statements,
      answer: async (results) => {
        const near = await this.settleNearest(q, plan, this.cases.nearReadOf(q, plan.reach, results[0] as NearRow[]), em);
        const similar = q.photoIds.length ? await this.similarAmong(q, results[1] as SimilarCandidateRow[], em) : [];
        return this.answer(q, near, similar);
      },
    };
  }

  private answer(q: DuplicateQuery, near: NearCase[], similar: DuplicateCandidate[]): FinderAnswer {
    // Only the nearest MAX_CANDIDATES (with ties) can make the list: every other case within the radius has at least
    // MAX_CANDIDATES strictly nearer ones, which sort before it whatever its photo distance. The ones kept stay in the
    // lookup's order, so ties sort as before.
    const cutoff = tenthDistance(near);
    const byCase = new Map<number, DuplicateCandidate>();
    for (const n of near) if (n.distanceM <= cutoff) byCase.set(n.caseId, this.nearCandidate(q, n));
    for (const c of similar) {
      const prev = byCase.get(c.caseId);
      if (prev) {
        prev.photoDistance = prev.photoDistance === null ? c.photoDistance : Math.min(prev.photoDistance, c.photoDistance ?? 64);
        prev.reason = `${prev.reason}；${c.reason}`;
      } else byCase.set(c.caseId, c);
    }
    const candidates = [...byCase.values()]
      .sort((a, b) => (a.distanceM ?? Infinity) - (b.distanceM ?? Infinity) || (a.photoDistance ?? 64) - (b.photoDistance ?? 64))
      .slice(0, MAX_CANDIDATES);
    const first = near.reduce<NearCase | null>((best, n) => (best === null || n.distanceM < best.distanceM ? n : best), null);
    return { candidates, nearest: first && this.nearCandidate(q, first) };
  }

  /** Open cases of the same category within the radius and time window. */
  async nearby(q: DuplicateQuery, em: EntityManager = this.db.manager): Promise<DuplicateCandidate[]> {
    return (await this.withinRadius(q, em)).map((n) => this.nearCandidate(q, n));
  }

  /**
   * `nearby`'s cases with their distance (rounded to 0.1 m), in the lookup's order. With `nearest`, at least every case
   * that can be a candidate or the nearest: a burst of reports at one spot finds hundreds of open cases within the
   * radius, and only the nearest few are read — of a small box around the point where the last report at this spot
   * found them close (the crowd's other cases are not stepped at all), else of the radius's box. When a case left out
   * could still be within the radius or round to the tenth distance (more cases than were read at about that distance,
   * or a box too small), every case within that distance is read.
   */
  private async withinRadius(q: DuplicateQuery, em: EntityManager, nearest?: number): Promise<NearCase[]> {
    if (nearest === undefined) {
      const { at, since, radius } = this.nearestPlan(q);
      return this.inRadius(q, (await this.cases.openNear(at, since, { withinM: radius }, em)).cases, radius);
    }
    const plan = this.nearestPlan(q, nearest);
    return this.settleNearest(q, plan, await this.cases.openNear(plan.at, plan.since, plan.reach, em), em);
  }

  /** Where the nearest-few read looks: the spot's remembered box, else the radius's. */
  private nearestPlan(q: DuplicateQuery, nearest = NEAR_READ): NearestPlan {
    const radius = q.category.duplicateRadiusM || 50;
    const since = new Date((q.now ?? new Date()).getTime() - this.windowHours(q) * 3600_000);
    const at = { categoryCode: q.category.code, lat: q.lat, lng: q.lng };
    return { at, since, radius, reach: { nearest, boxM: this.crowds.boxAt(q.category.code, q) ?? radius * WIDE_BOX } };
  }

  /** The cases within the radius from the nearest-few read, or from a read of every case within the tenth's distance when one left out could count. */
  private async settleNearest(q: DuplicateQuery, plan: NearestPlan, read: NearRead, em: EntityManager): Promise<NearCase[]> {
    const { at, since, radius, reach } = plan;
    this.crowds.remember(q.category.code, q, read.cases.length >= reach.nearest ? read.restFromM : null, radius);
    const near = this.inRadius(q, read.cases, radius);
    // A distance rounds to 0.1 m: one below the tenth's + 0.05 could round to it.
    const needed = Math.min(radius, tenthDistance(near) + 0.06);
    if (read.restFromM * (1 - FLAT_ERROR) > needed) return near;
    return this.inRadius(q, (await this.cases.openNear(at, since, { withinM: needed }, em)).cases, radius);
  }

  private inRadius(q: DuplicateQuery, rows: NearRead['cases'], radius: number): NearCase[] {
    const near: NearCase[] = [];
    for (const c of rows) {
      if (c.id === q.excludeCaseId) continue;
      const d = distanceM(q, c);
      if (d <= radius) near.push({ caseId: c.id, d, distanceM: Math.round(d * 10) / 10 });
    }
    return near;
  }

  private nearCandidate(q: DuplicateQuery, n: NearCase): DuplicateCandidate {
    return {
      caseId: n.caseId,
      distanceM: n.distanceM,
      photoDistance: null,
      reason: `同类问题相距 ${Math.round(n.d)} 米（${this.windowHours(q)} 小时内）`,
    };
  }

  private windowHours(q: DuplicateQuery): number {
    return q.category.duplicateWindowHours || 72;
  }

  /** The indexed candidate query's text and parameters (CaseReads.openNear: the prefix of the index cases(categoryCode, cellKey, lat, lng, createdAt)). */
  nearbyQuery(
    q: Pick<DuplicateQuery, 'category' | 'lat' | 'lng'>,
    since: Date,
    reach: NearReach = { nearest: NEAR_READ, boxM: (q.category.duplicateRadiusM || 50) * WIDE_BOX },
    em: EntityManager = this.db.manager,
  ): [string, unknown[]] {
    return this.cases.openNearQuery({ categoryCode: q.category.code, lat: q.lat, lng: q.lng }, since, reach, em);
  }

  /** Open cases holding a photo whose perceptual hash is close to one of the new photos. */
  async similarPhotos(q: DuplicateQuery, em: EntityManager = this.db.manager): Promise<DuplicateCandidate[]> {
    if (q.photoIds.length === 0) return [];
    const mine = q.photoHashes ?? (await this.photoRows.hashesOf(q.photoIds, em));
    const hits = new Map<number, number>(); // caseId → best Hamming distance
    for (const p of mine) {
      const similar = await this.photos.findSimilar(p.phash, PHOTO_SIMILARITY_MAX_DISTANCE, { excludePhotoIds: q.photoIds }, em);
      for (const { photo: s, distance: d } of similar) this.hit(q, hits, s.caseId, d);
    }
    return this.openCandidates(q, hits, em);
  }

  /** `similarPhotos` from the rows of `similarCandidatesStatement` (the hashes compared here, as `findSimilar` does). */
  private similarAmong(q: DuplicateQuery, rows: readonly SimilarCandidateRow[], em: EntityManager): Promise<DuplicateCandidate[]> {
    const hits = new Map<number, number>();
    for (const r of rows) {
      const d = hammingDistance(String(r.srcHash), String(r.phash));
      if (d <= PHOTO_SIMILARITY_MAX_DISTANCE) this.hit(q, hits, r.caseId === null ? null : Number(r.caseId), d);
    }
    return this.openCandidates(q, hits, em);
  }

  private hit(q: DuplicateQuery, hits: Map<number, number>, caseId: number | null | undefined, d: number): void {
    if (caseId === null || caseId === undefined || caseId === q.excludeCaseId) return;
    hits.set(caseId, Math.min(hits.get(caseId) ?? 64, d));
  }

  private async openCandidates(q: DuplicateQuery, hits: ReadonlyMap<number, number>, em: EntityManager): Promise<DuplicateCandidate[]> {
    if (hits.size === 0) return [];
    const open = await this.cases.openAmong(em, [...hits.keys()]);
    return open.map((c) => ({
      caseId: c.id,
      distanceM: Math.round(distanceM(q, c) * 10) / 10,
      photoDistance: hits.get(c.id) ?? null,
      reason: `照片高度相似（差异 ${hits.get(c.id)} / 64）`,
    }));
  }
}
