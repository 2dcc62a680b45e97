import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ReportDetailDto } from '@sansui/shared';
import { DataSource } from 'typeorm';
import { CaseLifecycle } from '../cases/case-lifecycle.service';
import type { AuthUser } from '../common/auth/auth-user';
import { AppException } from '../common/errors/app-exception';
import { Transactions } from '../database/transactions';
import type { FeedbackDto } from './dto/feedback.dto';
import { isUniqueViolation } from '../database/unique-violation';
import { ReportPhotos } from './report-photos';
import { ReportViewService } from './report-view.service';
import { Report } from './report.entity';

/**
 * "解决了吗?" (docs/domain.md §5.6): once the case is closed the reporter says satisfied or 没有解决. The latter,
 * within 7 days of closing and with a photo, becomes a reopen request for a dispatcher to decide (cases module).
 */
@Injectable()
export class ReportFeedbackService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: Transactions,
    private readonly view: ReportViewService,
    private readonly photos: ReportPhotos,
    private readonly lifecycle: CaseLifecycle,
  ) {}

  async give(user: AuthUser, reportId: number, dto: FeedbackDto, now = new Date()): Promise<ReportDetailDto> {
    const report = await this.db.getRepository(Report).findOne({ where: { id: reportId } });
    if (!report || report.userId !== user.id) throw new AppException('REPORT_NOT_FOUND');
    const photoIds = dto.photoIds ?? [];
    try {
      await this.tx.run(async (em) => {
        const { effective } = await this.view.effectiveCase(report);
        await this.lifecycle.recordFeedback(
          em,
          { reportId, caseId: effective.id, userId: user.id, satisfied: dto.satisfied, comment: dto.comment, photoIds },
          now,
          (c) => this.photos.attach(em, { photoIds, userId: user.id, reportId, caseId: c.id, role: 'feedback' }).then(() => undefined),
        );
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppException('FEEDBACK_ALREADY_GIVEN');
      throw e;
    }
    return this.view.detail(reportId, user);
  }
}
