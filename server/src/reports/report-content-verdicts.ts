import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { ContentCheckState } from '@sansui/shared';
import type { EntityManager } from 'typeorm';
import { CaseLifecycle } from '../cases/case-lifecycle.service';
import { Transactions } from '../database/transactions';
import { ContentSecurityService, type MediaVerdictForPhoto } from '../wechat/content-security/content-security.service';
import { PhotosService } from '../uploads/photos.service';
import { ModerationService, NEEDS_MODERATION } from './moderation.service';

/** The columns a verdict reads of a report (raw rows: MariaDB may answer ids as strings). */
interface VerdictRow {
  id: number | string;
  caseId: number | string | null;
  contentCheck: ContentCheckState;
}

const idOrNull = (v: number | string | null): number | null => (v === null ? null : Number(v));

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
    private readonly photos: PhotosService,
  ) {}

  onModuleInit(): void {
    this.content.applyVerdictsWith((em, v) => this.apply(em, v));
  }

  async apply(em: EntityManager, v: MediaVerdictForPhoto): Promise<boolean> {
    // Verdicts for photos of one report arrive together: lock the report first so they apply one
    // after the other (same order everywhere: report → photo → case), and read with locking reads
    // so the second sees the first's committed result (MySQL REPEATABLE READ snapshots would not).
    // Fixed-text statements of the columns used (one verdict per report photo): TypeORM's builders cost more CPU.
    // The photo's are the uploads module's (PhotosService).
    const lock = this.tx.isMysql ? ' FOR UPDATE' : '';
    const [report]: VerdictRow[] = v.reportId
      ? await em.query(`SELECT id, caseId, contentCheck FROM reports WHERE id = ?${lock}`, [v.reportId])
      : [];
    // The report's photos in one locking read: the one this verdict is for, and the others its report's verdict depends on.
    const siblings = report ? await this.photos.verdictStatesOfReport(em, Number(report.id)) : [];
    const photo = siblings.find((p) => p.id === v.photoId) ?? (await this.photos.verdictStateOf(em, v.photoId));
    if (!photo) return false;
    if (photo.contentCheck === v.suggest) return true;
    await this.photos.setContentCheck(em, v.photoId, v.suggest);
    const before = report?.contentCheck ?? null;
    const others = siblings.filter((p) => p.id !== v.photoId).map((p) => p.contentCheck);
    const after = report ? await this.combineIntoReport(em, Number(report.id), report.contentCheck, v.suggest, others) : null;
    const caseId = v.suggest === 'risky' ? (photo.caseId ?? idOrNull(report?.caseId ?? null)) : null;
    if (caseId)
      await this.lifecycle.flag(em, caseId, { note: '图片内容违规，已隐藏', photoIds: [v.photoId], data: { source: 'wechat_media_check' } });
    // Entering the moderation queue (not moving inside it) tells the dispatchers once.
    if (report && after && NEEDS_MODERATION.includes(after) && !NEEDS_MODERATION.includes(before!))
      await this.moderation.announce(em, Number(report.caseId), after === 'risky' ? '图片疑似违规，已自动隐藏' : '图片需要人工复核');
    return true;
  }

  /**
   * The report's verdict is the worst of its text and photos; it becomes 'pass' only when nothing is pending.
   * `others`: the states of the report's other photos, read under the same locks.
   */
  private async combineIntoReport(
    em: EntityManager,
    reportId: number,
    current: ContentCheckState,
    photoVerdict: ContentCheckState,
    others: readonly ContentCheckState[],
  ): Promise<ContentCheckState> {
    let next: ContentCheckState = current;
    if (SEVERITY[photoVerdict] > SEVERITY[next] && photoVerdict !== 'pass') next = photoVerdict;
    if (photoVerdict === 'pass' && current === 'pending') {
      const states = [...others, photoVerdict];
      const worst = states.reduce<ContentCheckState>((w, c) => (SEVERITY[c] > SEVERITY[w] ? c : w), 'pass');
      if (!states.includes('pending')) next = worst;
    }
    if (next !== current) await em.query('UPDATE reports SET contentCheck = ? WHERE id = ?', [next, reportId]);
    return next;
  }
}
