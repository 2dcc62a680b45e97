import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  minutesLeft,
  type CaseStaffDetailDto,
  type CaseTriageDto,
  type EvidenceDto,
  type PhotoDto,
  type VerificationDto,
} from '@sansui/shared';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { AppException } from '../common/errors/app-exception';
import { ReportFeedback } from './report-feedback.entity';
import { PhotosService } from '../uploads/photos.service';
import { UserRepository } from '../users/user.repository';
import { actionsFor, canSeeCase, mayReassign, mayRequestExtension } from './case-access';
import { CaseEscalation } from './case-escalation.entity';
import { CaseEvent } from './case-event.entity';
import { CaseExtension } from './case-extension.entity';
import { CaseQueryService, extensionDto } from './case-query.service';
import { staffTimeline } from './case-timeline';
import { Case } from './case.entity';
import { EvidenceService } from './evidence/evidence.service';

/** The latest 核查 since the latest resolve (or the pickup report): on site with its evidence, or at the desk. */
function verificationDto(events: CaseEvent[], verifyEvidence: EvidenceDto | null): VerificationDto | null {
  const last = [...events].reverse().find((e) => e.action === 'verify_pass' || e.action === 'verify_fail' || e.action === 'resolve');
  if (!last || last.action === 'resolve') return null;
  const onSite = (last.data as { onSite?: boolean } | null)?.onSite === true;
  return { passed: last.action === 'verify_pass', onSite, at: last.createdAt.toISOString(), evidence: onSite ? verifyEvidence : null };
}

/** GET /cases/:id: the case with its staff timeline, photos by role, triage record, extensions, escalations and the caller's actions. */
@Injectable()
export class CaseDetailService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly query: CaseQueryService,
    private readonly evidence: EvidenceService,
    private readonly users: UserRepository,
    private readonly photos: PhotosService,
  ) {}

  /** `afterAction`: the answer to an action the caller just took (a handler who returned a case sees it one last time). */
  async get(user: AuthUser, id: number, opts: { afterAction?: boolean } = {}): Promise<CaseStaffDetailDto> {
    const now = new Date();
    const c = await this.db.getRepository(Case).findOne({ where: { id } });
    if (!c || (!opts.afterAction && !canSeeCase(user, c))) throw new AppException('CASE_NOT_FOUND');
    const mergedIds = (await this.db.getRepository(Case).find({ where: { masterCaseId: c.id }, select: { id: true } })).map((m) => m.id);
    const [reportIds, events, photos, extensions, escalations, reopenRequests, evidence, verifyEvidence] = await Promise.all([
      this.query.reportIds([c.id]),
      this.db.getRepository(CaseEvent).find({ where: { caseId: c.id }, order: { createdAt: 'ASC', id: 'ASC' } }),
      this.photos.ofCases([c.id, ...mergedIds]),
      this.db.getRepository(CaseExtension).find({ where: { caseId: c.id }, order: { id: 'ASC' } }),
      this.db.getRepository(CaseEscalation).find({ where: { caseId: c.id }, order: { id: 'ASC' } }),
      this.db.getRepository(ReportFeedback).find({ where: { caseId: c.id, reopenStatus: 'pending' }, order: { id: 'ASC' } }),
      this.evidence.current(c.id),
      this.evidence.latestVerification(c.id),
    ]);
    const userIds = [
      ...new Set(
        [c.handlerUserId, ...events.map((e) => e.actorUserId), ...extensions.flatMap((x) => [x.requestedBy, x.decidedBy])].filter(
          (x): x is number => x !== null,
        ),
      ),
    ];
    const names = await this.users.displayNames(this.db.manager, userIds);
    const deptIds = [
      c.departmentId,
      c.triage?.routing?.departmentId,
      ...events.map((e) => (e.data as { departmentId?: number } | null)?.departmentId),
    ];
    const [departments, categories] = await Promise.all([this.query.departmentNames(deptIds), this.query.categoryNames([c.categoryCode])]);
    const deptName = (d: number | null | undefined) => (typeof d === 'number' ? (departments.get(d) ?? null) : null);
    const photoDtos = this.query.photoDtos(photos);
    const byRole = (role: string): PhotoDto[] => photos.filter((p) => p.role === role).map((p) => photoDtos.get(p.id)!);
    const pending = extensions.find((x) => x.status === 'pending');
    return {
      ...this.query.caseDto(c, reportIds.get(c.id) ?? [], now),
      description: c.description,
      timeline: staffTimeline(events, names, photoDtos, deptName),
      photos: photos.filter((p) => p.role === 'evidence' || p.role === 'before' || p.role === 'after').map((p) => photoDtos.get(p.id)!),
      photosByRole: {
        evidence: byRole('evidence'),
        before: byRole('before'),
        after: byRole('after'),
        resolution: byRole('resolution'),
        verification: byRole('verification'),
      },
      actions: actionsFor(user, c),
      departmentName: deptName(c.departmentId),
      categoryName: categories.get(c.categoryCode) ?? null,
      timeLeftMinutes: minutesLeft(c.status, c.deadline, now),
      slaHours: c.slaHours,
      dispatchedAt: c.dispatchedAt?.toISOString() ?? null,
      resolvedAt: c.resolvedAt?.toISOString() ?? null,
      closedAt: c.closedAt?.toISOString() ?? null,
      masterCaseId: c.masterCaseId,
      flagged: c.flagged,
      triage: this.triageDto(c, deptName),
      extensions: extensions.map((x) => extensionDto(x, names)),
      escalations: escalations.map((e) => ({ step: e.step, deadlineAt: e.deadlineAt.toISOString(), at: e.createdAt.toISOString() })),
      canRequestExtension: mayRequestExtension(user, c) && !pending,
      canDecideExtension: !!pending && user.roles.includes('dispatcher'),
      handlerUserId: c.handlerUserId,
      handlerName: c.handlerUserId !== null ? (names.get(c.handlerUserId) ?? null) : null,
      canReassign: mayReassign(user, c),
      evidence,
      verification: verificationDto(events, verifyEvidence),
      reopenRequests: reopenRequests.map((f) => ({
        id: f.id,
        reportId: f.reportId,
        caseId: f.caseId,
        userId: f.userId,
        comment: f.comment,
        photoIds: f.photoIds ?? [],
        status: 'pending' as const,
        createdAt: f.createdAt.toISOString(),
      })),
    };
  }

  private triageDto(c: Case, deptName: (id: number | null | undefined) => string | null): CaseTriageDto {
    const t = c.triage ?? {};
    return {
      serviceArea: t.serviceArea ?? null,
      contentCheck: t.contentCheck ?? null,
      duplicates: (t.duplicates ?? []).map((d) => ({
        caseId: d.caseId,
        distanceM: d.distanceM,
        photoDistance: d.photoDistance,
        similarity:
          d.photoDistance === null || d.photoDistance === undefined
            ? null
            : Math.max(0, Math.round((1 - d.photoDistance / 64) * 100) / 100),
        reason: d.reason,
      })),
      routing: t.routing ? { ...t.routing, departmentName: deptName(t.routing.departmentId) } : null,
    };
  }
}
