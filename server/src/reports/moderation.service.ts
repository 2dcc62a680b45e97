import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ContentCheckState, ModerationDecisionInput, ModerationItemDto, Page } from '@sansui/shared';
import { DataSource, In, Not, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Case } from '../cases/case.entity';
import { CaseLifecycle, type CaseActorRef } from '../cases/case-lifecycle.service';
import { CaseReads } from '../cases/case-reads';
import type { AuthUser } from '../common/auth/auth-user';
import { AppException } from '../common/errors/app-exception';
import { Transactions } from '../database/transactions';
import { NoticesService } from '../notifications/notices.service';
import { PhotoRepository } from '../uploads/photo.repository';
import { PhotosService } from '../uploads/photos.service';
import { UserRepository } from '../users/user.repository';
import { ContentSecurityService } from '../wechat/content-security/content-security.service';
import { ModerationDecision } from './moderation-decision.entity';
import { Report } from './report.entity';

/** The report verdicts that put a report in the queue. */
export const NEEDS_MODERATION: readonly ContentCheckState[] = ['review', 'risky'];

/**
 * 内容审核 (docs/domain.md §17): reports whose text or photos the content check marked risky or for
 * review wait here for a dispatcher. Approve shows the report (photos the moderator picks stay hidden);
 * reject closes the case as 违规内容 through the case lifecycle and hides every photo. A report is
 * pending while its verdict is review/risky and its case is not rejected; approving sets the verdict to
 * pass, so a later bad image verdict puts it back in the queue.
 */
@Injectable()
export class ModerationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: Transactions,
    private readonly lifecycle: CaseLifecycle,
    private readonly notices: NoticesService,
    private readonly audit: AuditService,
    private readonly photos: PhotosService,
    private readonly photoRows: PhotoRepository,
    private readonly cases: CaseReads,
    private readonly users: UserRepository,
    private readonly content: ContentSecurityService,
  ) {}

  /**
   * Tells every dispatcher that a report entered the queue (notice centre + WeCom), inside the
   * transaction that put it there. `what` says what the check found, e.g. 图片疑似违规.
   */
  async announce(em: EntityManager, caseId: number, what: string): Promise<void> {
    const place = await this.cases.addressOf(em, caseId);
    await this.notices.notifyRole(em, 'dispatcher', {
      kind: 'moderation',
      title: '内容待审核',
      body: `案卷 #${caseId} 的上报${what}，请在“内容审核”中处理`,
      caseId,
      place,
    });
  }

  async list(q: { status?: 'pending' | 'decided'; page?: number; pageSize?: number }): Promise<Page<ModerationItemDto>> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    if (q.status === 'decided') {
      const [rows, total] = await this.db
        .getRepository(ModerationDecision)
        .findAndCount({ order: { id: 'DESC' }, skip: (page - 1) * pageSize, take: pageSize });
      const reports = await this.db.getRepository(Report).find({ where: { id: In(rows.map((r) => r.reportId)) } });
      const byId = new Map(reports.map((r) => [r.id, r]));
      const items = await this.items(
        rows.map((d) => byId.get(d.reportId)).filter((r): r is Report => !!r),
        rows,
      );
      return { items, total, page, pageSize };
    }
    const qb = this.db
      .getRepository(Report)
      .createQueryBuilder('r')
      .innerJoin(Case, 'c', 'c.id = r.caseId')
      .where('r.contentCheck IN (:...states)', { states: NEEDS_MODERATION })
      .andWhere("c.status <> 'rejected'")
      .orderBy('r.id', 'ASC');
    const [rows, total] = await qb
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { items: await this.items(rows, []), total, page, pageSize };
  }

  async decide(user: AuthUser, reportId: number, input: ModerationDecisionInput): Promise<ModerationItemDto> {
    const note = input.note?.trim() || null;
    if (input.verdict === 'reject' && !note) throw new AppException('MODERATION_NOTE_REQUIRED');
    const decision = await this.tx.run(async (em) => {
      const report = await em.getRepository(Report).findOne({ where: { id: reportId }, ...this.tx.forUpdate() });
      if (!report) throw new AppException('REPORT_NOT_FOUND');
      const c = await this.lifecycle.lock(em, report.caseId);
      if (!NEEDS_MODERATION.includes(report.contentCheck) || c.status === 'rejected') throw new AppException('MODERATION_NOT_PENDING');
      const photos = await this.photoRows.ofReportForUpdate(em, reportId);
      const own = new Set(photos.map((p) => p.id));
      const hidden = input.verdict === 'reject' ? [...own] : [...new Set(input.hiddenPhotoIds ?? [])];
      if (hidden.some((id) => !own.has(id))) throw new AppException('MODERATION_PHOTO_INVALID');
      const myName = (await this.users.displayNames(em, [user.id])).get(user.id);
      const actor: CaseActorRef = { userId: user.id, role: 'dispatcher', roles: user.roles, name: myName };

      await this.photoRows.setContentChecks(em, hidden, 'risky');
      if (input.verdict === 'approve') {
        const shown = photos.filter((p) => !hidden.includes(p.id) && NEEDS_MODERATION.includes(p.contentCheck)).map((p) => p.id);
        await this.photoRows.setContentChecks(em, shown, 'pass');
        await em.getRepository(Report).update({ id: reportId }, { contentCheck: 'pass' });
        const stillFlagged = await em
          .getRepository(Report)
          .exists({ where: { caseId: c.id, id: Not(reportId), contentCheck: In([...NEEDS_MODERATION]) } });
        await this.lifecycle.addEvent(em, c.id, actor, {
          action: 'moderate',
          note,
          photoIds: hidden,
          data: { verdict: 'approve', reportId, hiddenPhotoIds: hidden, shownPhotoIds: shown },
        });
        await this.lifecycle.save(em, c, stillFlagged ? {} : { flagged: false });
        if (!stillFlagged) await this.notices.resolveForCase(em, c.id, 'moderation', user.id);
      } else {
        await this.lifecycle.move(em, actor, c, 'reject', {
          event: { note, data: { reason: 'violation', reportId } },
          residentNote: '未予受理：违规内容',
        });
        await this.notices.resolveForCase(em, c.id, 'moderation', user.id);
      }
      const saved = await em.getRepository(ModerationDecision).save(
        em.getRepository(ModerationDecision).create({
          reportId,
          caseId: c.id,
          verdict: input.verdict,
          hiddenPhotoIds: hidden,
          note,
          moderatorUserId: user.id,
        }),
      );
      await this.audit.record(em, {
        actorUserId: user.id,
        actorName: myName ?? null,
        action: `moderation.${input.verdict}`,
        targetType: 'report',
        targetId: reportId,
        data: { caseId: c.id, hiddenPhotoIds: hidden, note },
      });
      return saved;
    });
    const report = await this.db.getRepository(Report).findOneByOrFail({ id: reportId });
    return (await this.items([report], [decision]))[0];
  }

  /** The queue's view of reports: photos with staff URLs and their verdicts, the case, the reporter, the decision. */
  private async items(reports: Report[], decisions: ModerationDecision[]): Promise<ModerationItemDto[]> {
    if (reports.length === 0) return [];
    const ids = reports.map((r) => r.id);
    const [cases, photos, nameOf, feedback] = await Promise.all([
      this.cases.byIds(reports.map((r) => r.caseId)),
      this.photos.cardsOfReports(ids),
      this.users.displayNames(this.db.manager, [...reports.map((r) => r.userId), ...decisions.map((d) => d.moderatorUserId)]),
      this.cases.feedbackOfReports(ids),
    ]);
    const feedbackOf = new Map(feedback.map((f) => [f.reportId, f]));
    const labelOf = await this.content.labelsOf(photos.map((p) => p.id));
    const caseOf = new Map(cases.map((c) => [c.id, c]));
    const decisionOf = new Map<number, ModerationDecision>();
    for (const d of decisions) if (!decisionOf.has(d.reportId)) decisionOf.set(d.reportId, d);
    return reports.map((r) => {
      const c = caseOf.get(r.caseId)!;
      const d = decisionOf.get(r.id) ?? null;
      const f = feedbackOf.get(r.id);
      return {
        reportId: r.id,
        caseId: r.caseId,
        caseStatus: c.status,
        categoryCode: r.categoryCode,
        description: r.description,
        address: r.address ?? c.address ?? null,
        contentCheck: r.contentCheck,
        textCheck: c.triage?.contentCheck?.text ?? null,
        photos: photos
          .filter((p) => p.reportId === r.id)
          .map((p) => ({
            ...this.photos.toDto(p, { staff: true }),
            role: p.role,
            contentCheck: p.contentCheck,
            label: labelOf.get(p.id) ?? null,
          })),
        reporterName: nameOf.get(r.userId) ?? '居民',
        createdAt: r.createdAt.toISOString(),
        canReject: c.status === 'submitted' && d === null,
        decision: d && {
          id: d.id,
          verdict: d.verdict,
          hiddenPhotoIds: d.hiddenPhotoIds ?? [],
          note: d.note,
          moderatorName: nameOf.get(d.moderatorUserId) ?? '调度员',
          createdAt: d.createdAt.toISOString(),
        },
        feedback: f
          ? { satisfied: f.satisfied, comment: f.comment, commentCheck: f.commentCheck, createdAt: f.createdAt.toISOString() }
          : null,
      };
    });
  }
}
