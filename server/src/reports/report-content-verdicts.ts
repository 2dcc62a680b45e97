import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { ContentCheckState } from '@sansui/shared';
import type { EntityManager } from 'typeorm';
import { CaseLifecycle } from '../cases/case-lifecycle.service';
import { caseById } from '../database/case-by-id';
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

/** A report or photo as the verdicts applied so far in this transaction left it. */
interface ReportState {
  id: number;
  caseId: number | null;
  contentCheck: ContentCheckState;
}
interface PhotoState {
  id: number;
  reportId: number | null;
  caseId: number | null;
  contentCheck: ContentCheckState;
}

const idOrNull = (v: number | string | null): number | null => (v === null ? null : Number(v));
const marks = (n: number): string => Array.from({ length: n }, () => '?').join(', ');

const SEVERITY: Record<ContentCheckState, number> = { pending: 0, pass: 1, review: 2, risky: 3 };

/**
 * The report's verdict is the worst of its text and photos; it becomes 'pass' only when nothing is pending.
 * `others`: the states of the report's other photos.
 */
function combineIntoReport(current: ContentCheckState, photoVerdict: ContentCheckState, others: readonly ContentCheckState[]): ContentCheckState {
  let next: ContentCheckState = current;
  if (SEVERITY[photoVerdict] > SEVERITY[next] && photoVerdict !== 'pass') next = photoVerdict;
  if (photoVerdict === 'pass' && current === 'pending') {
    const states = [...others, photoVerdict];
    const worst = states.reduce<ContentCheckState>((w, c) => (SEVERITY[c] > SEVERITY[w] ? c : w), 'pass');
    if (!states.includes('pending')) next = worst;
  }
  return next;
}

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
    this.content.applyVerdictsWith((em, verdicts) => this.apply(em, verdicts));
  }

  /**
   * Applies verdicts in their order inside the caller's transaction, as many one-verdict transactions one after the
   * other would: each sees what the earlier ones left (kept in memory), and the batch writes once per table. Answers,
   * for each verdict, whether its photo was found.
   */
  async apply(em: EntityManager, verdicts: readonly MediaVerdictForPhoto[]): Promise<boolean[]> {
    // Lock the reports first (in id order), then their photos, then the cases (flag): the same order everywhere
    // (report → photo → case), and locking reads so a verdict sees the last committed one's result (MySQL
    // REPEATABLE READ snapshots would not). Fixed texts for one report (one verdict per report photo when the server
    // is not busy), one statement per table for the verdicts applied together; TypeORM's builders cost more CPU.
    const lock = this.tx.isMysql ? ' FOR UPDATE' : '';
    const reportIds = [...new Set(verdicts.flatMap((v) => (v.reportId ? [v.reportId] : [])))].sort((a, b) => a - b);
    const reportRows: VerdictRow[] =
      reportIds.length === 0
        ? []
        : reportIds.length === 1
          ? await em.query(`SELECT id, caseId, contentCheck FROM reports WHERE id = ?${lock}`, reportIds)
          : await em.query(`SELECT id, caseId, contentCheck FROM reports WHERE id IN (${marks(reportIds.length)}) ORDER BY id${lock}`, reportIds);
    const reports = new Map<number, ReportState>(
      reportRows.map((r) => [Number(r.id), { id: Number(r.id), caseId: idOrNull(r.caseId), contentCheck: r.contentCheck }]),
    );
    // The reports' photos in one locking read: those the verdicts are for, and the others their reports' verdicts depend on.
    const photos = new Map<number, PhotoState>((await this.photos.verdictStatesOfReports(em, [...reports.keys()])).map((p) => [p.id, p]));
    const photoChanges = new Map<number, ContentCheckState>();
    const reportChanges = new Map<number, ContentCheckState>();
    const effects: (() => Promise<unknown>)[] = [];
    const found: boolean[] = [];
    for (const v of verdicts) {
      const photo = photos.get(v.photoId) ?? (await this.photoAlone(em, v.photoId, photos));
      found.push(!!photo);
      if (!photo || photo.contentCheck === v.suggest) continue;
      photo.contentCheck = v.suggest;
      photoChanges.set(photo.id, v.suggest);
      const report = v.reportId ? reports.get(v.reportId) : undefined;
      const before = report?.contentCheck ?? null;
      if (report) {
        const others = [...photos.values()].filter((p) => p.reportId === report.id && p.id !== v.photoId).map((p) => p.contentCheck);
        const after = combineIntoReport(report.contentCheck, v.suggest, others);
        if (after !== report.contentCheck) reportChanges.set(report.id, (report.contentCheck = after));
      }
      const after = report?.contentCheck ?? null;
      const caseId = v.suggest === 'risky' ? (photo.caseId ?? report?.caseId ?? null) : null;
      if (caseId)
        effects.push(() =>
          this.lifecycle.flag(em, caseId, { note: '图片内容违规，已隐藏', photoIds: [v.photoId], data: { source: 'wechat_media_check' } }),
        );
      // Entering the moderation queue (not moving inside it) tells the dispatchers once.
      if (report && after && NEEDS_MODERATION.includes(after) && !NEEDS_MODERATION.includes(before!)) {
        const what = after === 'risky' ? '图片疑似违规，已自动隐藏' : '图片需要人工复核';
        effects.push(() => this.moderation.announce(em, Number(report.caseId), what));
      }
    }
    await this.photos.setContentChecks(em, [...photoChanges].map(([id, state]) => ({ id, state })));
    await this.setReportStates(em, reportChanges);
    for (const effect of effects) await effect();
    return found;
  }

  /** A photo outside the locked reports' (no report): read alone, locked, and kept for the next verdicts of the batch. */
  private async photoAlone(em: EntityManager, id: number, photos: Map<number, PhotoState>): Promise<PhotoState | null> {
    const row = await this.photos.verdictStateOf(em, id);
    if (!row) return null;
    const photo = { id, reportId: null, ...row };
    photos.set(id, photo);
    return photo;
  }

  private async setReportStates(em: EntityManager, changes: ReadonlyMap<number, ContentCheckState>): Promise<void> {
    if (changes.size === 0) return;
    if (changes.size === 1) {
      const [[id, state]] = changes;
      return void (await em.query('UPDATE reports SET contentCheck = ? WHERE id = ?', [state, id]));
    }
    const state = caseById([...changes].map(([id, value]) => ({ id, value })));
    await em.query(`UPDATE reports SET contentCheck = ${state.sql} WHERE id IN (${marks(changes.size)})`, [...state.params, ...changes.keys()]);
  }
}
