import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  runEvidenceChecks,
  type EvidenceDto,
  type EvidenceMatch,
  type EvidencePhotoFacts,
  type EvidencePurpose,
  type EvidenceResult,
  type LatLng,
} from '@sansui/shared';
import { DataSource, EntityManager } from 'typeorm';
import { AppException } from '../../common/errors/app-exception';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import type { Photo } from '../../uploads/photo.entity';
import { PhotoRepository } from '../../uploads/photo.repository';
import { PhotosService } from '../../uploads/photos.service';
import { withCaseFigures } from '../day-figures.repository';
import { CaseEvidence } from './case-evidence.entity';
import { KnownPictureVerdicts } from './known-picture-verdicts';
import { greyPicture, isCutOut, isSamePicture, type GreyPicture } from './picture-match';

/** Whole-picture perceptual-hash distance at or below which two photos are the same picture (the duplicate threshold). */
export const SAME_PICTURE_MAX_DISTANCE = 6;
/** At most this many photos found by a close whole-picture hash are compared pixel by pixel (the nearest). */
const MAX_HASH_MATCHES = 8;
/** At most this many of a case's own photos are compared crop-tolerantly (the newest). */
const MAX_OWN_PHOTOS = 30;
/** At most this many other cases' photos found through the window hashes are compared pixel by pixel (~50 ms each). */
const MAX_CUT_OUT_CANDIDATES = 8;

export interface EvaluateEvidence {
  purpose: EvidencePurpose;
  /** Where the evidence must have been taken (GCJ-02). */
  site: LatLng;
  /** The evidence (after-) photos. */
  photoIds: number[];
  /** The case the photos are for: its other photos count as before-photos. */
  caseId?: number | null;
  /** Before-photos not attached yet (a pickup's). Their capture facts are checked too for a pickup. */
  beforePhotoIds?: number[];
  notBefore: Date | null;
  now?: Date;
  /** A position the client sent with the action, used for photos that declared none (older clients). */
  declaredLocation?: LatLng | null;
}

/**
 * docs/domain.md §14 evidence: gathers each photo's capture facts and the same-picture matches (indexed
 * perceptual-hash lookup against every case's photos; crop-tolerant comparison with the case's own
 * before-photos; cut-outs of other cases' photos through the indexed window hashes), runs the pure checks
 * (shared/evidence) and stores the outcome per case.
 */
@Injectable()
export class EvidenceService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly photos: PhotosService,
    private readonly photoRows: PhotoRepository,
    private readonly verdicts: KnownPictureVerdicts,
  ) {}

  async evaluate(input: EvaluateEvidence, em: EntityManager = this.db.manager): Promise<EvidenceResult> {
    const before = input.beforePhotoIds ?? [];
    const ids = input.purpose === 'pickup' ? [...before, ...input.photoIds] : input.photoIds;
    const rows = await this.photos.byIds(ids, em);
    const byId = new Map(rows.map((p) => [p.id, p]));
    const evidence = input.photoIds.map((id) => byId.get(id)).filter((p): p is Photo => !!p);
    const checked = ids.map((id) => byId.get(id)).filter((p): p is Photo => !!p);
    return runEvidenceChecks({
      purpose: input.purpose,
      site: input.site,
      maxDistanceM: this.config.cases.resolveMaxDistanceM,
      notBefore: input.notBefore,
      now: input.now ?? new Date(),
      photos: checked.map((p) => photoFacts(p, input.declaredLocation ?? null)),
      matches: await this.matches(em, evidence, input.caseId ?? null, before, input.photoIds),
    });
  }

  /** Throws the refusal of a hard failure (RESOLVE_TOO_FAR, PICKUP_TOO_FAR, EVIDENCE_REUSED). */
  refuseIfHardFailure(result: EvidenceResult): void {
    if (result.refusal) throw new AppException(result.refusal.code, result.refusal.message);
  }

  /**
   * Stores the outcome (inside the caller's transaction): a resolve or pickup becomes the case's current
   * evidence; a verification's is kept beside it (never current).
   */
  async record(
    em: EntityManager,
    e: {
      caseId: number;
      purpose: 'resolve' | 'pickup' | 'verify';
      reportId?: number | null;
      result: EvidenceResult;
      photoIds: number[];
      actorUserId: number | null;
    },
  ): Promise<void> {
    const repo = em.getRepository(CaseEvidence);
    const current = e.purpose !== 'verify';
    const write = async () => {
      if (current) await repo.update({ caseId: e.caseId, current: true }, { current: false });
      await repo.insert({
        caseId: e.caseId,
        purpose: e.purpose,
        reportId: e.reportId ?? null,
        verified: e.result.verified,
        current,
        checks: e.result.checks,
        photoIds: e.photoIds,
        actorUserId: e.actorUserId,
      });
    };
    // The verdict is a figure of a closed case in the daily roll-up (closed on verified evidence). A pickup's evidence
    // is recorded in the submission that opens its case or adds it to an open one: never on a closed case, and report
    // intake is held to 12 statements.
    if (e.purpose === 'pickup') await write();
    else await withCaseFigures(em, e.caseId, write, { only: 'closed' });
  }

  /** Stores a pickup report's evidence on the report's case (inside the submission transaction). */
  async recordForReport(
    em: EntityManager,
    report: { id: number; caseId: number },
    result: EvidenceResult,
    actorUserId: number,
  ): Promise<void> {
    const reportId = report.id;
    const photoIds = await this.photoRows.idsOfReport(em, reportId);
    await this.record(em, { caseId: report.caseId, purpose: 'pickup', reportId, result, photoIds, actorUserId });
  }

  /** The case's current evidence (null before any resolve or pickup). */
  async current(caseId: number, em: EntityManager = this.db.manager): Promise<EvidenceDto | null> {
    const row = await em.getRepository(CaseEvidence).findOne({ where: { caseId, current: true } });
    return row ? evidenceDto(row) : null;
  }

  /** The evidence of the case's latest on-site verification (null before any). */
  async latestVerification(caseId: number, em: EntityManager = this.db.manager): Promise<EvidenceDto | null> {
    const row = await em.getRepository(CaseEvidence).findOne({ where: { caseId, purpose: 'verify' }, order: { id: 'DESC' } });
    return row ? evidenceDto(row) : null;
  }

  /**
   * Same-picture matches of the evidence photos: (1) whole-picture hash within the duplicate threshold of
   * any photo attached to a case, through the hash-block indexes (no scan), confirmed by the pixel comparison
   * (crop-tolerant for the case's own photos, strict for other cases'); (2) a crop or re-encode of one
   * of the case's own photos or the given before-photos, found by the crop-tolerant comparison; (3) a
   * cut-out of another case's photo (or a photo cut out of the evidence), found through the window hashes
   * (indexed) and judged by the strict pixel comparison.
   */
  private async matches(
    em: EntityManager,
    evidence: Photo[],
    caseId: number | null,
    beforeIds: number[],
    evidenceIds: number[],
  ): Promise<EvidenceMatch[]> {
    const out: EvidenceMatch[] = [];
    const matched = new Set<number>();
    const grey = new Map<number, GreyPicture | null>();
    const load = async (p: Photo) => {
      if (!grey.has(p.id)) {
        const read = await this.photos.read(p.id, 'thumb');
        grey.set(p.id, read ? await greyPicture(read.data) : null);
      }
      return grey.get(p.id) ?? null;
    };
    const judged = new Map<string, boolean>();
    const samePicture = async (p: Photo, o: Photo): Promise<boolean> => {
      const key = `${p.id}:${o.id}`;
      if (!judged.has(key))
        judged.set(
          key,
          await this.verdicts.judge('same', p, o, async () => {
            const [mine, theirs] = [await load(p), await load(o)];
            return mine && theirs ? isSamePicture(mine, theirs) : null;
          }),
        );
      return judged.get(key)!;
    };
    const cutOut = (part: Photo, whole: Photo) =>
      this.verdicts.judge('cut-out', part, whole, async () => {
        const [a, b] = [await load(part), await load(whole)];
        return a && b ? isCutOut(a, b) : null;
      });
    for (const p of evidence) {
      const similar = await this.photos.findSimilar(p.phash, SAME_PICTURE_MAX_DISTANCE, { excludePhotoIds: evidenceIds }, em);
      const attached = similar.filter(({ photo: s }) => s.caseId !== null || beforeIds.includes(s.id)); // an unattached upload is nobody's evidence yet
      for (const { photo: s } of attached.slice(0, MAX_HASH_MATCHES)) {
        const sameCase = beforeIds.includes(s.id) || (caseId !== null && s.caseId === caseId);
        // A close hash is a candidate, not a verdict: a new shot of the same spot from where the before-photo was
        // taken can hash within the threshold, so the pixels decide, by the same tests as for crops.
        if (!(sameCase ? await samePicture(p, s) : await cutOut(p, s))) continue;
        out.push({ photoId: p.id, matchedPhotoId: s.id, matchedCaseId: s.caseId, sameCase, how: 'hash' });
        matched.add(p.id);
      }
    }
    const own = await this.ownPhotos(em, caseId, beforeIds, evidenceIds);
    for (const p of evidence) {
      if (matched.has(p.id) || own.length === 0) continue;
      for (const o of own) {
        const same = await samePicture(p, o);
        if (same) {
          out.push({ photoId: p.id, matchedPhotoId: o.id, matchedCaseId: o.caseId, sameCase: true, how: 'crop' });
          matched.add(p.id);
          break;
        }
      }
    }
    const ownIds = new Set(own.map((o) => o.id));
    for (const p of evidence) {
      if (matched.has(p.id)) continue;
      const hit = await this.cutOutOfAnotherCase(em, p, caseId, ownIds, evidenceIds, cutOut);
      if (hit) out.push({ photoId: p.id, matchedPhotoId: hit.id, matchedCaseId: hit.caseId, sameCase: false, how: 'crop' });
    }
    return out;
  }

  /**
   * Another case's photo that the evidence photo is cut out of (or that is cut out of it): the window-hash
   * candidates, nearest first, the first MAX_CUT_OUT_CANDIDATES of them judged by `isCutOut`. The case's own
   * photos were compared above; unattached uploads are nobody's evidence yet.
   */
  private async cutOutOfAnotherCase(
    em: EntityManager,
    p: Photo,
    caseId: number | null,
    ownIds: Set<number>,
    evidenceIds: number[],
    cutOut: (part: Photo, whole: Photo) => Promise<boolean>,
  ): Promise<Photo | null> {
    const candidates = await this.photos.cutOutCandidates(p, evidenceIds, em);
    if (candidates.length === 0) return null;
    const rows = await this.photos.byIds(
      candidates.map((c) => c.photoId),
      em,
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    const others = candidates
      .map((c) => ({ c, photo: byId.get(c.photoId) }))
      .filter((x): x is { c: (typeof candidates)[number]; photo: Photo } => {
        const o = x.photo;
        return !!o && o.caseId !== null && o.caseId !== caseId && !ownIds.has(o.id);
      })
      .slice(0, MAX_CUT_OUT_CANDIDATES);
    for (const { c, photo } of others) {
      const [part, whole] = c.direction === 'window' ? [p, photo] : [photo, p];
      if (await cutOut(part, whole)) return photo;
    }
    return null;
  }

  private async ownPhotos(em: EntityManager, caseId: number | null, beforeIds: number[], evidenceIds: number[]): Promise<Photo[]> {
    const ofCase = caseId !== null ? await this.photoRows.newestOfCase(em, caseId, evidenceIds, MAX_OWN_PHOTOS) : [];
    const given = await this.photos.byIds(beforeIds, em);
    const seen = new Set<number>();
    return [...given, ...ofCase].filter((p) => !seen.has(p.id) && seen.add(p.id));
  }
}

function evidenceDto(row: CaseEvidence): EvidenceDto {
  return { verified: row.verified, checks: row.checks, at: row.createdAt.toISOString(), photoIds: row.photoIds };
}

function photoFacts(p: Photo, declaredLocation: LatLng | null): EvidencePhotoFacts {
  const hasOwn = p.captureLat !== null && p.captureLng !== null;
  return {
    photoId: p.id,
    capture: {
      lat: hasOwn ? p.captureLat : (declaredLocation?.lat ?? null),
      lng: hasOwn ? p.captureLng : (declaredLocation?.lng ?? null),
      at: p.captureAt,
      accuracyM: hasOwn ? p.captureAccuracyM : null,
      source: p.captureSource,
    },
    exif: { lat: p.gpsLat, lng: p.gpsLng, at: p.takenAt },
  };
}
