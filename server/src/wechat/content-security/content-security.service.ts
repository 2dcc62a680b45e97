import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ContentCheckState } from '@sansui/shared';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { Transactions } from '../../database/transactions';
import { CaseEvent } from '../../cases/case-event.entity';
import { Case } from '../../cases/case.entity';
import { Report } from '../../reports/report.entity';
import { Photo } from '../../uploads/photo.entity';
import { PhotoUrlSigner } from '../../uploads/photo-url-signer';
import { ContentSecurityClient, type Suggest } from './content-security.client';
import { MediaCheckVerdict } from './media-check-verdict.entity';

export interface MediaVerdict {
  traceId: string;
  suggest: Suggest;
  label: number | null;
  detail?: unknown[] | null;
}

export interface MediaVerdictEvent {
  photo: Photo;
  suggest: Suggest;
  label: number | null;
  /** The case that was flagged (risky verdicts only). */
  flaggedCaseId: number | null;
}

export type MediaVerdictListener = (em: EntityManager, event: MediaVerdictEvent) => Promise<void>;

const SEVERITY: Record<ContentCheckState, number> = { pending: 0, pass: 1, review: 2, risky: 3 };

/**
 * Content security for reports (docs/domain.md §6 step 3, §10). Text is checked synchronously; images are
 * submitted to WeChat's asynchronous check and their verdict arrives later through the push endpoint
 * (pending, then cleared). A WeChat outage never blocks a report: text falls back to 'review', and a
 * photo that could not be submitted goes to 'review' so a person looks at it.
 */
@Injectable()
export class ContentSecurityService {
  private readonly logger = new Logger('ContentSecurity');
  private readonly listeners: { name: string; fn: MediaVerdictListener }[] = [];
  private readonly signer: PhotoUrlSigner;

  constructor(
    private readonly client: ContentSecurityClient,
    private readonly tx: Transactions,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.signer = new PhotoUrlSigner(config.jwt.secret);
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
   * Submits each photo to WeChat's asynchronous media check; sets Photo.contentTraceId (in the
   * database and on the objects passed) and leaves contentCheck 'pending' until the verdict is pushed.
   * Call it after the report is committed (it makes HTTP calls). Photos without an openid or that
   * WeChat refused to take go to 'review'.
   */
  async submitImages(photos: Photo[], openid: string | null): Promise<void> {
    for (const photo of photos) {
      if (!openid) {
        await this.setState(photo, 'review');
        continue;
      }
      let traceId: string;
      try {
        traceId = (await this.client.mediaCheckAsync(this.mediaUrl(photo), openid)).traceId;
      } catch (e) {
        this.logger.warn(`media_check_async failed for photo ${photo.id}, photo goes to review: ${(e as Error).message}`);
        await this.setState(photo, 'review');
        continue;
      }
      photo.contentTraceId = traceId;
      await this.db.getRepository(Photo).update({ id: photo.id }, { contentTraceId: traceId });
      // The verdict may have been pushed before the trace id was saved: apply it now.
      const early = await this.db.getRepository(MediaCheckVerdict).findOne({ where: { traceId } });
      if (early && !early.appliedAt)
        await this.onMediaVerdict({ traceId, suggest: early.suggest, label: early.label, detail: early.detail });
    }
  }

  /**
   * The URL WeChat downloads the image from: the public photo URL with the uploads module's
   * signature (valid about a day; WeChat fetches within minutes), so no bearer token is needed.
   */
  mediaUrl(photo: Pick<Photo, 'id'>): string {
    return `${this.config.publicBaseUrl}/api/v1/photos/${photo.id}/image?${this.signer.query(photo.id, 'image', false)}`;
  }

  /** Other modules react to verdicts (inside the verdict's transaction). */
  onVerdict(name: string, fn: MediaVerdictListener): void {
    this.listeners.push({ name, fn });
  }

  /**
   * Applies a pushed verdict, idempotently (WeChat may push more than once): updates the photo; a
   * `risky` verdict also marks the photo's report risky, flags its case and adds a timeline event.
   * Returns false when no photo carries the trace id yet (the verdict is kept and applied later).
   */
  async onMediaVerdict(verdict: MediaVerdict): Promise<boolean> {
    return this.tx.run(async (em) => {
      const verdicts = em.getRepository(MediaCheckVerdict);
      await verdicts
        .createQueryBuilder()
        .insert()
        .values({
          traceId: verdict.traceId,
          suggest: verdict.suggest,
          label: verdict.label,
          detail: (verdict.detail ?? null) as never,
          photoId: null,
          appliedAt: null,
        })
        .orIgnore()
        .execute();
      const found = await em
        .getRepository(Photo)
        .findOne({ where: { contentTraceId: verdict.traceId }, select: { id: true, reportId: true } });
      if (!found) return false;
      // Verdicts for photos of one report arrive together: lock the report first so they apply one
      // after the other (same order everywhere: report → photo → case), and read with locking reads
      // so the second sees the first's committed result (MySQL REPEATABLE READ snapshots would not).
      const report = found.reportId
        ? await em.getRepository(Report).findOne({ where: { id: found.reportId }, ...this.tx.forUpdate() })
        : null;
      const photo = await em.getRepository(Photo).findOne({ where: { id: found.id }, ...this.tx.forUpdate() });
      if (!photo) return false;
      await verdicts.update(
        { traceId: verdict.traceId },
        { photoId: photo.id, appliedAt: new Date(), suggest: verdict.suggest, label: verdict.label },
      );
      if (photo.contentCheck === verdict.suggest) return true;
      photo.contentCheck = verdict.suggest;
      await em.getRepository(Photo).update({ id: photo.id }, { contentCheck: verdict.suggest });
      if (report) await this.combineIntoReport(em, report, verdict.suggest);
      let flaggedCaseId: number | null = null;
      if (verdict.suggest === 'risky') {
        flaggedCaseId = photo.caseId ?? report?.caseId ?? null;
        if (flaggedCaseId) await this.flagCase(em, flaggedCaseId, photo.id);
      }
      for (const l of this.listeners) await l.fn(em, { photo, suggest: verdict.suggest, label: verdict.label, flaggedCaseId });
      return true;
    });
  }

  /** The report's verdict is the worst of its text and photos; it becomes 'pass' only when nothing is pending. */
  private async combineIntoReport(em: EntityManager, report: Report, photoVerdict: Suggest): Promise<void> {
    let next: ContentCheckState = report.contentCheck;
    if (SEVERITY[photoVerdict] > SEVERITY[next] && photoVerdict !== 'pass') next = photoVerdict;
    if (photoVerdict === 'pass' && report.contentCheck === 'pending') {
      const photos = await em
        .getRepository(Photo)
        .find({ where: { reportId: report.id }, select: { id: true, contentCheck: true }, ...this.tx.forUpdate() });
      const worst = photos.reduce<ContentCheckState>((w, p) => (SEVERITY[p.contentCheck] > SEVERITY[w] ? p.contentCheck : w), 'pass');
      if (!photos.some((p) => p.contentCheck === 'pending')) next = worst;
    }
    if (next !== report.contentCheck) await em.getRepository(Report).update({ id: report.id }, { contentCheck: next });
  }

  private async flagCase(em: EntityManager, caseId: number, photoId: number): Promise<void> {
    const c = await em.getRepository(Case).findOne({ where: { id: caseId }, ...this.tx.forUpdate() });
    if (!c) return;
    if (!c.flagged) await em.getRepository(Case).update({ id: caseId }, { flagged: true });
    await em.getRepository(CaseEvent).insert({
      caseId,
      action: 'content_flag',
      fromStatus: c.status,
      toStatus: c.status,
      actorUserId: null,
      actorRole: 'system',
      note: '图片内容违规，已隐藏',
      photoIds: [photoId],
      data: { source: 'wechat_media_check' },
    });
  }

  private async setState(photo: Photo, state: ContentCheckState): Promise<void> {
    photo.contentCheck = state;
    await this.db.getRepository(Photo).update({ id: photo.id }, { contentCheck: state });
  }
}
