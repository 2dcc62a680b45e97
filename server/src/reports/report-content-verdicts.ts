import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { ContentCheckState } from '@sansui/shared';
import type { EntityManager } from 'typeorm';
import { CaseLifecycle } from '../cases/case-lifecycle.service';
import { Transactions } from '../database/transactions';
import { Photo } from '../uploads/photo.entity';
import { ContentSecurityService, type MediaVerdictForPhoto } from '../wechat/content-security/content-security.service';
import { ModerationService, NEEDS_MODERATION } from './moderation.service';
import { Report } from './report.entity';

const SEVERITY: Record<ContentCheckState, number> = { pending: 0, pass: 1, review: 2, risky: 3 };

/**
 * What an image verdict from WeChat's content check changes (docs/domain.md §6 step 3): the photo's
 * state, the report's (the worst of its text and photos), and on `risky` the case is flagged through
 * the case lifecycle. Registered with the content-security adapter, which only stores verdicts.
 */
@Injectable()
export class ReportContentVerdicts implements OnModuleInit {
  constructor(
    private readonly content: ContentSecurityService,
    private readonly tx: Transactions,
    private readonly lifecycle: CaseLifecycle,
    private readonly moderation: ModerationService,
  ) {}

  onModuleInit(): void {
    this.content.applyVerdictsWith((em, v) => this.apply(em, v));
  }

  async apply(em: EntityManager, v: MediaVerdictForPhoto): Promise<boolean> {
    // Verdicts for photos of one report arrive together: lock the report first so they apply one
    // after the other (same order everywhere: report → photo → case), and read with locking reads
    // so the second sees the first's committed result (MySQL REPEATABLE READ snapshots would not).
    const report = v.reportId ? await em.getRepository(Report).findOne({ where: { id: v.reportId }, ...this.tx.forUpdate() }) : null;
    const photo = await em.getRepository(Photo).findOne({ where: { id: v.photoId }, ...this.tx.forUpdate() });
    if (!photo) return false;
    if (photo.contentCheck === v.suggest) return true;
    photo.contentCheck = v.suggest;
    await em.getRepository(Photo).update({ id: photo.id }, { contentCheck: v.suggest });
    const before = report?.contentCheck ?? null;
    const after = report ? await this.combineIntoReport(em, report, v.suggest) : null;
    const caseId = v.suggest === 'risky' ? (photo.caseId ?? report?.caseId ?? null) : null;
    if (caseId)
      await this.lifecycle.flag(em, caseId, { note: '图片内容违规，已隐藏', photoIds: [photo.id], data: { source: 'wechat_media_check' } });
    // Entering the moderation queue (not moving inside it) tells the dispatchers once.
    if (report && after && NEEDS_MODERATION.includes(after) && !NEEDS_MODERATION.includes(before!))
      await this.moderation.announce(em, report.caseId, after === 'risky' ? '图片疑似违规，已自动隐藏' : '图片需要人工复核');
    return true;
  }

  /** The report's verdict is the worst of its text and photos; it becomes 'pass' only when nothing is pending. */
  private async combineIntoReport(em: EntityManager, report: Report, photoVerdict: ContentCheckState): Promise<ContentCheckState> {
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
    return next;
  }
}
