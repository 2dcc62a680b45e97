import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ReportDetailDto } from '@sansui/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { CaseLifecycle } from '../cases/case-lifecycle.service';
import type { AuthUser } from '../common/auth/auth-user';
import { AppException } from '../common/errors/app-exception';
import { Transactions } from '../database/transactions';
import { TriageService, type TextVerdict } from '../triage/triage.service';
import { UserRepository } from '../users/user.repository';
import type { FeedbackDto } from './dto/feedback.dto';
import { isUniqueViolation } from '../database/unique-violation';
import { ModerationService, NEEDS_MODERATION } from './moderation.service';
import { ReportPhotos } from './report-photos';
import { ReportViewService } from './report-view.service';
import { Report } from './report.entity';

/**
 * "解决了吗?" (docs/domain.md §5.6): once the case is closed the reporter says satisfied or 没有解决. The latter,
 * within 7 days of closing and with a photo, becomes a reopen request for a dispatcher to decide (cases module).
 * The comment goes through the content check like a report's text (§6 step 3): risky is refused, review (or
 * a checker that could not be asked) is accepted and puts the report in the moderation queue.
 */
@Injectable()
export class ReportFeedbackService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: Transactions,
    private readonly view: ReportViewService,
    private readonly photos: ReportPhotos,
    private readonly lifecycle: CaseLifecycle,
    private readonly triage: TriageService,
    private readonly moderation: ModerationService,
    private readonly users: UserRepository,
  ) {}

  async give(user: AuthUser, reportId: number, dto: FeedbackDto, now = new Date()): Promise<ReportDetailDto> {
    const report = await this.db.getRepository(Report).findOne({ where: { id: reportId } });
    if (!report || report.userId !== user.id) throw new AppException('REPORT_NOT_FOUND');
    const photoIds = dto.photoIds ?? [];
    const comment = dto.comment?.trim() || null;
    const checked = comment ? await this.triage.checkText(comment, await this.users.openidOf(this.db.manager, user.id)) : 'skipped';
    if (checked === 'risky') throw new AppException('CONTENT_RISKY');
    const commentCheck = checked === 'error' ? 'review' : checked;
    try {
      await this.tx.run(async (em) => {
        // Locks in the order image verdicts take them (report → photo → case, ReportContentVerdicts).
        const locked = commentCheck === 'review' ? await em.getRepository(Report).findOneOrFail({ where: { id: reportId }, ...this.tx.forUpdate() }) : null;
        const { effective } = await this.view.effectiveCase(report);
        await this.lifecycle.recordFeedback(
          em,
          { reportId, caseId: effective.id, userId: user.id, satisfied: dto.satisfied, comment, commentCheck, photoIds },
          now,
          (c) => this.photos.attach(em, { photoIds, userId: user.id, reportId, caseId: c.id, role: 'feedback' }).then(() => undefined),
        );
        if (locked) await this.toModeration(em, locked, checked);
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppException('FEEDBACK_ALREADY_GIVEN');
      throw e;
    }
    return this.view.detail(reportId, user);
  }

  /** As a report's text under review: the report enters the queue (dispatchers told once) and its case is flagged. */
  private async toModeration(em: EntityManager, report: Report, checked: TextVerdict): Promise<void> {
    const what = checked === 'error' ? '反馈文字未能自动检测，需要人工复核' : '反馈文字需要人工复核';
    await this.lifecycle.flag(em, report.caseId, { note: what, data: { source: 'feedback_text_check', reportId: report.id } });
    if (NEEDS_MODERATION.includes(report.contentCheck)) return;
    await em.getRepository(Report).update({ id: report.id }, { contentCheck: 'review' });
    await this.moderation.announce(em, report.caseId, what);
  }
}
