import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { sqlDate } from '../../database/sql-date';
import { SerialBatchQueue } from '../../common/serial-work-queue';
import { Transactions } from '../../database/transactions';
import type { Photo } from '../../uploads/photo.entity';
import { PhotoRepository } from '../../uploads/photo.repository';
import { PhotoUrlSigner } from '../../uploads/photo-url-signer';
import { ContentSecurityClient, type Suggest } from './content-security.client';
import { MediaCheckVerdict } from './media-check-verdict.entity';

export interface MediaVerdict {
  traceId: string;
  suggest: Suggest;
  label: number | null;
  detail?: unknown[] | null;
}

/** A verdict matched to its photo, handed to the module that owns what the verdict changes. */
export interface MediaVerdictForPhoto {
  photoId: number;
  reportId: number | null;
  suggest: Suggest;
  label: number | null;
}

/** What the image check needs of a photo, and updates on it as it goes. */
export type CheckedPhoto = Pick<Photo, 'id' | 'reportId' | 'contentTraceId' | 'contentCheck'>;

/** A photo to submit with the openid of the user who sent it (null: WeChat cannot be asked, the photo goes to review). */
export interface ImageCheckRequest {
  photo: CheckedPhoto;
  openid: string | null;
}

/** Applies verdicts in their order inside one transaction; for each, false when its photo is gone. */
export type MediaVerdictApplier = (em: EntityManager, verdicts: readonly MediaVerdictForPhoto[]) => Promise<boolean[]>;

/** A pushed verdict waiting for its batch; settled after the COMMIT that wrote it. */
interface PushedVerdict {
  verdict: MediaVerdict;
  resolve: (applied: boolean) => void;
  reject: (e: unknown) => void;
}

/** Pushes applied in one transaction at most (those that arrive while one batch is written). */
const PUSH_BATCH = 32;
/** At shutdown, pushes still queued get this long; those left are applied one by one before the database closes. */
const PUSH_SHUTDOWN_GRACE_MS = 3_000;

/**
 * Content security for reports (docs/domain.md §6 step 3, §10). Text is checked synchronously; images are
 * submitted to WeChat's asynchronous check and their verdict arrives later through the push endpoint
 * (pending, then cleared). A WeChat outage never blocks a report: text falls back to 'review', and a
 * photo that could not be submitted goes to 'review' so a person looks at it.
 */
@Injectable()
export class ContentSecurityService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('ContentSecurity');
  private applier: MediaVerdictApplier | null = null;
  private readonly signer: PhotoUrlSigner;
  private readonly pushes: SerialBatchQueue<PushedVerdict>;

  constructor(
    private readonly client: ContentSecurityClient,
    private readonly tx: Transactions,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly photos: PhotoRepository,
  ) {
    this.signer = new PhotoUrlSigner(config.jwt.secret);
    // Its work settles every push itself (never throws): a push's durable record is WeChat's own retry, not a sweeper.
    this.pushes = new SerialBatchQueue<PushedVerdict>(
      (batch) => this.applyPushes(batch),
      this.logger,
      (p) => `media verdict ${p.verdict.traceId}`,
      PUSH_BATCH,
    );
  }

  /**
   * 'pass' | 'review' | 'risky' for a text written by the user with this openid. Empty text passes.
   * Without an openid (staff intake, Open311) WeChat's v2 check cannot run: answers 'review'.
   * On a WeChat outage answers 'review' — a report is never lost because the checker is down.
   */
  async checkText(text: string, openid: string | null): Promise<Suggest> {
    if (!text || !text.trim()) return 'pass';
    if (!openid) return 'review';
    try {
      return (await this.client.msgSecCheck(text, openid)).suggest;
    } catch (e) {
      this.logger.warn(`msg_sec_check unavailable, text goes to review: ${(e as Error).message}`);
      return 'review';
    }
  }

  /**
   * Submits photos to WeChat's asynchronous media check, each with its submitter's openid: the photos of one report or
   * those of several reports queued together. Sets Photo.contentTraceId (in the database and on the objects passed) and
   * leaves contentCheck 'pending' until the verdict is pushed. Call it after the report is committed (it makes HTTP
   * calls). Photos without an openid or that WeChat refused to take go to 'review'.
   *
   * The calls go out side by side, the trace ids are stored in one statement, and the verdicts pushed before that
   * statement (kept unapplied by onMediaVerdict) are read back in one statement and applied. A crash part-way leaves
   * photos pending without a trace id, which the sweeper submits again.
   */
  async submitImageBatch(requests: readonly ImageCheckRequest[]): Promise<void> {
    const asked = await Promise.all(
      requests.map(async ({ photo, openid }) => {
        if (!openid) return { photo, traceId: null };
        try {
          return { photo, traceId: (await this.client.mediaCheckAsync(this.mediaUrl(photo), openid)).traceId };
        } catch (e) {
          this.logger.warn(`media_check_async failed for photo ${photo.id}, photo goes to review: ${(e as Error).message}`);
          return { photo, traceId: null };
        }
      }),
    );
    // One after another, as before the calls went out together: two photos of one report change the same report.
    for (const { photo, traceId } of asked) if (traceId === null) await this.setState(photo, 'review');
    const traced = asked.flatMap(({ photo, traceId }) => (traceId === null ? [] : [{ photo, traceId }]));
    if (traced.length === 0) return;
    for (const { photo, traceId } of traced) photo.contentTraceId = traceId;
    await this.photos.setTraceIds(traced.map(({ photo, traceId }) => ({ id: photo.id, traceId })));
    // Only a stored verdict not yet applied matters (its detail is stored already).
    const early: { traceId: string; suggest: Suggest; label: number | string | null }[] = await this.db.query(
      `SELECT traceId, suggest, label FROM media_check_verdicts WHERE traceId IN (${traced.map(() => '?').join(', ')}) AND appliedAt IS NULL`,
      traced.map((t) => t.traceId),
    );
    // Together: applied in one batch, in this order.
    await Promise.all(
      early.map((v) => this.onMediaVerdict({ traceId: v.traceId, suggest: v.suggest, label: v.label === null ? null : Number(v.label) })),
    );
  }

  /**
   * The URL WeChat downloads the image from: the public photo URL with the uploads module's
   * signature (valid about a day; WeChat fetches within minutes), so no bearer token is needed.
   */
  mediaUrl(photo: Pick<Photo, 'id'>): string {
    return `${this.config.publicBaseUrl}/api/v1/photos/${photo.id}/image?${this.signer.query(photo.id, 'image', false)}`;
  }

  /**
   * The owner of reports and photos registers what a verdict changes (the reports module: photo,
   * report, case flag). Without one, verdicts are only stored.
   */
  applyVerdictsWith(fn: MediaVerdictApplier): void {
    this.applier = fn;
  }

  /**
   * Stores a pushed verdict and hands it to the applier, idempotently (WeChat may push more than once).
   * Resolves after the COMMIT that wrote it, true when applied, false when no photo carries the trace id yet (the
   * verdict is kept and applied later). The verdicts pushed while one batch is written are applied together, in one
   * transaction and in arrival order (group commit): ~8 statements a batch instead of ~8 a push.
   */
  onMediaVerdict(verdict: MediaVerdict): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      const push = { verdict, resolve, reject };
      // Not queued (shutting down, or 10,000 waiting): applied in its own transaction, as a lone push is.
      if (!this.pushes.push(push)) void this.applyOneByOne([push]);
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.pushes.stop(PUSH_SHUTDOWN_GRACE_MS);
    await this.applyOneByOne(this.pushes.takeWaiting());
  }

  /**
   * A batch in one transaction; a lone push, and every push of a batch that failed (a deadlock, an error of one of
   * them), each in its own transaction, in arrival order, as before batches: each gets its own answer or error.
   */
  private async applyPushes(batch: PushedVerdict[]): Promise<void> {
    if (batch.length > 1) {
      try {
        const applied = await this.tx.runWithoutRetry((em) =>
          this.storeAndApply(
            em,
            batch.map((p) => p.verdict),
          ),
        );
        batch.forEach((p, i) => p.resolve(applied[i]));
        return;
      } catch (e) {
        this.logger.warn(`${batch.length} media verdicts together failed, applied one by one: ${(e as Error).message}`);
      }
    }
    await this.applyOneByOne(batch);
  }

  private async applyOneByOne(pushes: readonly PushedVerdict[]): Promise<void> {
    for (const p of pushes)
      await this.tx.run((em) => this.storeAndApply(em, [p.verdict])).then(([applied]) => p.resolve(applied), p.reject);
  }

  /** Finds the verdicts' photos, applies the verdicts in order and stores them, in the caller's transaction. */
  private async storeAndApply(em: EntityManager, verdicts: readonly MediaVerdict[]): Promise<boolean[]> {
    const photos = await this.photos.byTraceIds(em, [...new Set(verdicts.map((v) => v.traceId))]);
    const matched = verdicts.flatMap((v) => {
      const photo = photos.get(v.traceId);
      return photo ? [{ photoId: photo.id, reportId: photo.reportId, suggest: v.suggest, label: v.label }] : [];
    });
    const appliedMatched = this.applier && matched.length ? await this.applier(em, matched) : matched.map(() => true);
    let next = 0;
    const applied = verdicts.map((v) => photos.has(v.traceId) && appliedMatched[next++]);
    await this.storeVerdicts(
      em,
      verdicts.map((v, i) => ({ verdict: v, photoId: applied[i] ? photos.get(v.traceId)!.id : null })),
    );
    return applied;
  }

  /**
   * This module's own table, one statement for the verdicts kept and one for those applied (each one row for a lone
   * push): the first push of a trace id keeps its detail; an applied verdict records its photo, time and latest
   * suggest/label, whether the row is new (the usual push) or was kept before the photo carried the trace id. Rows of
   * one trace id in one statement are written in order, as one statement each would be.
   */
  private async storeVerdicts(em: EntityManager, rows: readonly { verdict: MediaVerdict; photoId: number | null }[]): Promise<void> {
    const params = ({ traceId, suggest, label, detail }: MediaVerdict) => [
      traceId,
      suggest,
      label,
      detail == null ? null : JSON.stringify(detail),
    ];
    const kept = rows.filter((r) => r.photoId === null);
    const applied = rows.filter((r) => r.photoId !== null);
    if (kept.length)
      await em.query(
        `INSERT ${this.tx.isMysql ? 'IGNORE' : 'OR IGNORE'} INTO media_check_verdicts (traceId, suggest, label, detail, photoId, appliedAt) VALUES ${kept
          .map(() => '(?, ?, ?, ?, NULL, NULL)')
          .join(', ')}`,
        kept.flatMap((r) => params(r.verdict)),
      );
    if (applied.length) {
      const now = sqlDate(em, new Date());
      await em.query(
        `INSERT INTO media_check_verdicts (traceId, suggest, label, detail, photoId, appliedAt) VALUES ${applied.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')} ${
          this.tx.isMysql
            ? 'ON DUPLICATE KEY UPDATE photoId = VALUES(photoId), appliedAt = VALUES(appliedAt), suggest = VALUES(suggest), label = VALUES(label)'
            : 'ON CONFLICT (traceId) DO UPDATE SET photoId = excluded.photoId, appliedAt = excluded.appliedAt, suggest = excluded.suggest, label = excluded.label'
        }`,
        applied.flatMap((r) => [...params(r.verdict), r.photoId, now]),
      );
    }
  }

  /** The label of each photo's stored verdict (the moderation queue shows what the check found), in one read. */
  async labelsOf(photoIds: readonly number[]): Promise<Map<number, number | null>> {
    const rows = photoIds.length
      ? await this.db
          .getRepository(MediaCheckVerdict)
          .find({ where: { photoId: In([...photoIds]) }, select: { photoId: true, label: true } })
      : [];
    return new Map(rows.map((v) => [v.photoId!, v.label]));
  }

  /** A verdict reached here (review when WeChat cannot be asked) goes through the applier like a pushed one, so the report is queued for a person. */
  private async setState(photo: CheckedPhoto, state: Suggest): Promise<void> {
    const applier = this.applier;
    if (applier) await this.tx.run((em) => applier(em, [{ photoId: photo.id, reportId: photo.reportId, suggest: state, label: null }]));
    else await this.photos.setContentChecks(this.db.manager, [photo.id], state);
    photo.contentCheck = state;
  }
}
