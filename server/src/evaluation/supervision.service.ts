import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  OPEN_CASE_STATUSES,
  type IssueSupervisionRequest,
  type IssueSupervisionResultDto,
  type SupervisionNoticeDto,
  type SupervisionNoticeSummaryDto,
  type SupervisionReplyRequest,
  type SupervisionState,
} from '@sansui/shared';
import { DataSource, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { CaseReads } from '../cases/case-reads';
import type { AuthUser } from '../common/auth/auth-user';
import { AppException } from '../common/errors/app-exception';
import { Transactions } from '../database/transactions';
import { isUniqueViolation } from '../database/unique-violation';
import { DepartmentsService } from '../departments/departments.service';
import { NoticesService } from '../notifications/notices.service';
import { chinaTime } from '../notifications/templates';
import { PhotosService } from '../uploads/photos.service';
import { UserRepository } from '../users/user.repository';
import { InspectionFinding } from './inspection-finding.entity';
import { InspectionRound } from './inspection-round.entity';
import { isOrganiser } from './round-access';
import { SupervisionEscalation, SupervisionNotice, SupervisionReply } from './supervision-notice.entity';
import { replyDeadline, supervisionState } from './supervision-rules';

const REPLY_MAX = 1000;
const isOpenCase = (status: string) => (OPEN_CASE_STATUSES as readonly string[]).includes(status);

/**
 * 督办通知 (docs/domain.md §16): dispatchers issue one per department for the cases a published round opened,
 * with a reply deadline; the department answers with its 整改回复 (text and photos); the notice is closed when it
 * has a reply and every case in it is closed. Organisers see every notice, a department only its own.
 */
@Injectable()
export class SupervisionService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: Transactions,
    private readonly audit: AuditService,
    private readonly notices: NoticesService,
    private readonly photos: PhotosService,
    private readonly cases: CaseReads,
    private readonly departments: DepartmentsService,
    private readonly users: UserRepository,
  ) {}

  /** One notice per department with cases from the round; departments that already have one are skipped. */
  async issue(user: AuthUser, roundId: number, input: IssueSupervisionRequest, now = new Date()): Promise<IssueSupervisionResultDto> {
    const deadline = replyDeadline(input.deadline);
    if (!deadline || deadline.getTime() < now.getTime()) throw new AppException('SUPERVISION_DEADLINE_INVALID');
    const round = await this.db.getRepository(InspectionRound).findOne({ where: { id: roundId } });
    if (!round) throw new AppException('ROUND_NOT_FOUND');
    if (round.status !== 'published') throw new AppException('ROUND_NOT_PUBLISHED');
    const findings = await this.db.getRepository(InspectionFinding).find({ where: { roundId }, select: { caseId: true } });
    const caseIds = findings.flatMap((f) => (f.caseId === null ? [] : [f.caseId]));
    const cases = await this.cases.departmentsOf(caseIds);
    const byDept = new Map<number, number[]>();
    for (const c of cases) if (c.departmentId !== null) byDept.set(c.departmentId, [...(byDept.get(c.departmentId) ?? []), c.id]);
    const created: number[] = [];
    for (const [departmentId, ids] of byDept) {
      const id = await this.issueOne(
        user,
        round,
        departmentId,
        ids.sort((a, b) => a - b),
        deadline,
        input.requirement?.trim() || null,
      );
      if (id !== null) created.push(id);
    }
    if (created.length === 0) throw new AppException('SUPERVISION_NO_CASES');
    const rows = await this.db.getRepository(SupervisionNotice).find({ where: { id: In(created) }, order: { id: 'ASC' } });
    return { created: await this.summaries(rows, now) };
  }

  async list(
    user: AuthUser,
    filter: { roundId?: number; state?: SupervisionState },
    now = new Date(),
  ): Promise<SupervisionNoticeSummaryDto[]> {
    const where: Record<string, unknown> = {};
    if (filter.roundId !== undefined) where.roundId = filter.roundId;
    if (!isOrganiser(user)) {
      if (user.departmentId === null || user.departmentId === undefined) return [];
      where.departmentId = user.departmentId;
    }
    const rows = await this.db.getRepository(SupervisionNotice).find({ where, order: { id: 'DESC' }, take: 200 });
    const all = await this.summaries(rows, now);
    return filter.state ? all.filter((n) => n.state === filter.state) : all;
  }

  async detail(user: AuthUser, id: number, now = new Date()): Promise<SupervisionNoticeDto> {
    const n = await this.visible(user, id);
    const [summary] = await this.summaries([n], now);
    const cases = (await this.cases.byIds(n.caseIds)).sort((a, b) => a.id - b.id);
    const replies = await this.db.getRepository(SupervisionReply).find({ where: { noticeId: id }, order: { id: 'ASC' } });
    const userNames = await this.users.displayNames(
      this.db.manager,
      replies.map((r) => r.userId),
    );
    const photos = await this.photos.byIds(replies.flatMap((r) => r.photoIds));
    const photoById = new Map(photos.map((p) => [p.id, p]));
    return {
      ...summary,
      requirement: n.requirement,
      cases: cases.map((c) => ({
        id: c.id,
        status: c.status,
        categoryCode: c.categoryCode,
        address: c.address,
        deadline: c.deadline?.toISOString() ?? null,
        closed: !isOpenCase(c.status),
      })),
      replies: replies.map((r) => ({
        id: r.id,
        userId: r.userId,
        userName: userNames.get(r.userId) ?? `#${r.userId}`,
        text: r.text,
        photos: r.photoIds.flatMap((pid) => (photoById.has(pid) ? [this.photos.toDto(photoById.get(pid)!, { staff: true })] : [])),
        createdAt: r.createdAt.toISOString(),
      })),
    };
  }

  /** 整改回复 by the department's handlers or managers. */
  async reply(user: AuthUser, id: number, input: SupervisionReplyRequest, now = new Date()): Promise<SupervisionNoticeDto> {
    const text = (input.text ?? '').trim();
    const photoIds = [...new Set(input.photoIds ?? [])];
    if (!text || text.length > REPLY_MAX || photoIds.length > 9) throw new AppException('SUPERVISION_REPLY_INVALID');
    const n = await this.visible(user, id);
    if (isOrganiser(user) || n.departmentId !== user.departmentId)
      throw new AppException('FORBIDDEN', '只有被督办部门的人员可以填写整改回复');
    await this.tx.run(async (em) => {
      if (photoIds.length) await this.photos.assertUnusedOwnPhotos(em, photoIds, user.id);
      const reply = await em.getRepository(SupervisionReply).save({ noticeId: id, userId: user.id, text, photoIds });
      // The first reply is the one the deadline is judged by; later ones add to the record.
      await em
        .createQueryBuilder()
        .update(SupervisionNotice)
        .set({ repliedAt: now })
        .where('id = :id AND repliedAt IS NULL', { id })
        .execute();
      await this.audit.record(em, {
        actorUserId: user.id,
        action: 'supervision_notice.reply',
        targetType: 'supervision_notice',
        targetId: id,
        data: { replyId: reply.id, photoIds, late: now.getTime() > n.deadline.getTime() },
      });
      await this.notices.notifyStaff(em, {
        userId: n.createdByUserId,
        kind: 'supervision_reply',
        title: `整改回复：${n.title}`.slice(0, 100),
        body: text.slice(0, 200),
      });
    });
    return this.detail(user, id, now);
  }

  /** The notice if the caller may see it; otherwise 404. */
  private async visible(user: AuthUser, id: number): Promise<SupervisionNotice> {
    const n = await this.db.getRepository(SupervisionNotice).findOne({ where: { id } });
    if (!n || !(isOrganiser(user) || (user.departmentId !== null && user.departmentId === n.departmentId)))
      throw new AppException('SUPERVISION_NOT_FOUND');
    return n;
  }

  /** Creates the notice for one department; null when it already had one for this round (unique key). */
  private async issueOne(
    user: AuthUser,
    round: InspectionRound,
    departmentId: number,
    caseIds: number[],
    deadline: Date,
    requirement: string | null,
  ): Promise<number | null> {
    const title = `关于${round.name}发现问题的督办通知`.slice(0, 100);
    try {
      return await this.tx.run(async (em) => {
        const n = await em.getRepository(SupervisionNotice).save({
          roundId: round.id,
          departmentId,
          title,
          requirement,
          deadline,
          caseIds,
          repliedAt: null,
          createdByUserId: user.id,
        });
        await this.audit.record(em, {
          actorUserId: user.id,
          action: 'supervision_notice.issue',
          targetType: 'supervision_notice',
          targetId: n.id,
          data: { roundId: round.id, departmentId, caseIds, deadline: deadline.toISOString() },
        });
        await this.notices.notifyStaff(em, {
          departmentId,
          kind: 'supervision_notice',
          title,
          body: `涉及案卷 ${caseIds.length} 件，请于 ${chinaTime(deadline)} 前在管理后台“督办通知”中填写整改回复`,
        });
        return n.id;
      });
    } catch (e) {
      if (isUniqueViolation(e)) return null;
      throw e;
    }
  }

  private async summaries(rows: SupervisionNotice[], now: Date): Promise<SupervisionNoticeSummaryDto[]> {
    if (rows.length === 0) return [];
    const caseIds = [...new Set(rows.flatMap((r) => r.caseIds))];
    const statuses = await this.cases.statusesOf(caseIds);
    const open = new Set([...statuses].filter(([, status]) => isOpenCase(status)).map(([id]) => id));
    const rounds = await this.db.getRepository(InspectionRound).find({ where: { id: In([...new Set(rows.map((r) => r.roundId))]) } });
    const departmentNames = await this.departments.namesOf([...new Set(rows.map((r) => r.departmentId))]);
    const steps = await this.db
      .getRepository(SupervisionEscalation)
      .find({ where: { noticeId: In(rows.map((r) => r.id)) }, order: { id: 'ASC' } });
    return rows.map((n) => {
      const openCount = n.caseIds.filter((id) => open.has(id)).length;
      return {
        id: n.id,
        roundId: n.roundId,
        roundName: rounds.find((r) => r.id === n.roundId)?.name ?? `#${n.roundId}`,
        departmentId: n.departmentId,
        departmentName: departmentNames.get(n.departmentId) ?? `#${n.departmentId}`,
        title: n.title,
        deadline: n.deadline.toISOString(),
        state: supervisionState(n, openCount, now),
        caseCount: n.caseIds.length,
        closedCaseCount: n.caseIds.length - openCount,
        escalations: steps.filter((s) => s.noticeId === n.id).map((s) => ({ step: s.step, at: s.createdAt.toISOString() })),
        repliedAt: n.repliedAt?.toISOString() ?? null,
        createdAt: n.createdAt.toISOString(),
      };
    });
  }
}
