import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { REPORT_LIMITS, type Page, type ReopenRequestDto, type ReportDetailDto } from '@sansui/shared';
import { DataSource, EntityManager } from 'typeorm';
import { CaseEvent } from '../cases/case-event.entity';
import { Case } from '../cases/case.entity';
import type { AuthUser } from '../common/auth/auth-user';
import { AppException } from '../common/errors/app-exception';
import { Transactions } from '../database/transactions';
import type { FeedbackDto } from './dto/feedback.dto';
import { isDuplicateKeyError } from './duplicate-key';
import { ReportFeedback, type ReopenRequestStatus } from './report-feedback.entity';
import { ReportPhotos } from './report-photos';
import { ReportViewService } from './report-view.service';
import { Report } from './report.entity';

/**
 * "解决了吗?" (docs/domain.md §5): once the case is closed the reporter says satisfied or 没有解决. The latter,
 * within 7 days of closing and with a photo, becomes a reopen request for a dispatcher to decide.
 */
@Injectable()
export class ReportFeedbackService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: Transactions,
    private readonly view: ReportViewService,
    private readonly photos: ReportPhotos,
  ) {}

  async give(user: AuthUser, reportId: number, dto: FeedbackDto, now = new Date()): Promise<ReportDetailDto> {
    const report = await this.db.getRepository(Report).findOne({ where: { id: reportId } });
    if (!report || report.userId !== user.id) throw new AppException('REPORT_NOT_FOUND');
    const photoIds = dto.photoIds ?? [];
    try {
      await this.tx.run(async (em) => {
        const { effective } = await this.view.effectiveCase(report);
        const c = await em.getRepository(Case).findOneOrFail({ where: { id: effective.id }, ...this.tx.forUpdate() });
        if (c.status !== 'closed') throw new AppException('FEEDBACK_NOT_ALLOWED');
        if (await em.getRepository(ReportFeedback).exist({ where: { reportId } })) throw new AppException('FEEDBACK_ALREADY_GIVEN');
        if (!dto.satisfied) {
          const closedAt = c.closedAt ?? c.updatedAt;
          if (now.getTime() - closedAt.getTime() > REPORT_LIMITS.reopenWindowDays * 86400_000) throw new AppException('REOPEN_WINDOW_PASSED');
          if (photoIds.length === 0) throw new AppException('REOPEN_PHOTO_REQUIRED');
        }
        await em.getRepository(ReportFeedback).insert({
          reportId,
          caseId: c.id,
          userId: user.id,
          satisfied: dto.satisfied,
          comment: dto.comment?.trim() || null,
          photoIds: photoIds.length ? photoIds : null,
          reopenStatus: dto.satisfied ? null : 'pending',
        });
        await this.photos.attach(em, { photoIds, userId: user.id, reportId, caseId: c.id, role: 'feedback' });
        await em.getRepository(CaseEvent).insert({
          caseId: c.id,
          action: dto.satisfied ? 'feedback' : 'reopen_requested',
          fromStatus: null,
          toStatus: null,
          actorUserId: user.id,
          actorRole: 'resident',
          note: dto.comment?.trim() || null,
          photoIds: photoIds.length ? photoIds : null,
          data: { reportId, satisfied: dto.satisfied },
        });
      });
    } catch (e) {
      if (isDuplicateKeyError(e)) throw new AppException('FEEDBACK_ALREADY_GIVEN');
      throw e;
    }
    return this.view.detail(reportId, user);
  }

  /** Reopen requests of one state, a page at a time: pending ones oldest first (work order), decided ones newest first. */
  async reopenRequests(q: { status?: ReopenRequestStatus; page?: number; pageSize?: number }): Promise<Page<ReopenRequestDto>> {
    const status = q.status ?? 'pending';
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const dir = status === 'pending' ? 'ASC' : 'DESC';
    const [rows, total] = await this.db
      .getRepository(ReportFeedback)
      .findAndCount({ where: { reopenStatus: status }, order: { createdAt: dir, id: dir }, skip: (page - 1) * pageSize, take: pageSize });
    return { items: rows.map((f) => this.toReopenRequest(f)), total, page, pageSize };
  }

  private toReopenRequest(f: ReportFeedback): ReopenRequestDto {
    return {
      id: f.id,
      reportId: f.reportId,
      caseId: f.caseId,
      userId: f.userId,
      comment: f.comment,
      photoIds: f.photoIds ?? [],
      status: f.reopenStatus as ReopenRequestStatus,
      createdAt: f.createdAt.toISOString(),
    };
  }

  /**
   * Records the dispatcher's decision on the pending reopen request(s) of a case, inside the caller's
   * transaction (the cases module calls this from its `reopen` action with accepted=true, or to decline).
   * Returns how many requests were decided.
   */
  async decideReopenRequests(em: EntityManager, caseId: number, accepted: boolean, deciderUserId: number): Promise<number> {
    const result = await em
      .getRepository(ReportFeedback)
      .update({ caseId, reopenStatus: 'pending' }, { reopenStatus: accepted ? 'accepted' : 'declined', decidedByUserId: deciderUserId, decidedAt: new Date() });
    if (!accepted && result.affected) {
      await em.getRepository(CaseEvent).insert({ caseId, action: 'reopen_declined', fromStatus: null, toStatus: null, actorUserId: deciderUserId, actorRole: 'dispatcher', note: null, photoIds: null, data: null });
    }
    return result.affected ?? 0;
  }
}
