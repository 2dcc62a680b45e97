import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Page, ReopenRequestDto } from '@sansui/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { CaseEffects } from './case-effects';
import { ReportFeedback, type ReopenRequestStatus } from './report-feedback.entity';

/** Residents' "没有解决" on closed cases (docs/domain.md §5.3), waiting for a dispatcher's reopen or decline. */
@Injectable()
export class ReopenRequestsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly effects: CaseEffects,
  ) {}

  /** Reopen requests of one state, a page at a time: pending ones oldest first (work order), decided ones newest first. */
  async list(q: { status?: ReopenRequestStatus; page?: number; pageSize?: number }): Promise<Page<ReopenRequestDto>> {
    const status = q.status ?? 'pending';
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const dir = status === 'pending' ? 'ASC' : 'DESC';
    const [rows, total] = await this.db
      .getRepository(ReportFeedback)
      .findAndCount({ where: { reopenStatus: status }, order: { createdAt: dir, id: dir }, skip: (page - 1) * pageSize, take: pageSize });
    return { items: rows.map(reopenRequestDto), total, page, pageSize };
  }

  /**
   * Records the dispatcher's decision on the pending request(s) of a case, inside the caller's
   * transaction (the reopen action accepts them; declining adds a `reopen_declined` event).
   * Returns how many requests were decided.
   */
  async decide(em: EntityManager, caseId: number, accepted: boolean, deciderUserId: number): Promise<number> {
    const result = await em
      .getRepository(ReportFeedback)
      .update(
        { caseId, reopenStatus: 'pending' },
        { reopenStatus: accepted ? 'accepted' : 'declined', decidedByUserId: deciderUserId, decidedAt: new Date() },
      );
    if (!accepted && result.affected) {
      await this.effects.event(em, caseId, {
        action: 'reopen_declined',
        fromStatus: null,
        toStatus: null,
        actorUserId: deciderUserId,
        actorRole: 'dispatcher',
      });
    }
    return result.affected ?? 0;
  }
}

export function reopenRequestDto(f: ReportFeedback): ReopenRequestDto {
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
