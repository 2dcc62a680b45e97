import { Injectable } from '@nestjs/common';
import {
  CASE_ACTION_LABELS,
  DEPARTMENT_SCOPED_ACTIONS,
  REJECT_REASON_LABELS,
  REPORT_LIMITS,
  checkTransition,
  computeDeadline,
  rolesForAction,
  type CaseAction,
  type CaseActor,
  type CaseStaffDetailDto,
} from '@sansui/shared';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { AppException } from '../common/errors/app-exception';
import { Transactions } from '../database/transactions';
import { Department } from '../departments/department.entity';
import { NoticesService } from '../notifications/notices.service';
import { chinaTime } from '../notifications/templates';
import { ReportFeedbackService } from '../reports/report-feedback.service';
import { RoutingService } from '../routing/routing.service';
import { TriageService } from '../triage/triage.service';
import { PhotosService } from '../uploads/photos.service';
import { inCaseDepartment } from './case-access';
import { CaseDetailService } from './case-detail.service';
import { CaseEffects, type CaseEventInput } from './case-effects';
import { CaseExtension } from './case-extension.entity';
import { CaseHooks } from './case-hooks';
import { lockCase, saveCase } from './case-lock';
import { Case } from './case.entity';
import { ResolveEvidence } from './evidence/resolve-evidence';
import type {
  CaseActionDto,
  DispatchCaseDto,
  MergeCaseDto,
  RejectCaseDto,
  ResolveCaseDto,
  ReturnCaseDto,
  VerifyCaseDto,
} from './dto/case-action.dto';

/** Actions the audit log records (docs/domain.md §9: triage, dispatch, verify …; returns too, they are a KPI). */
const AUDITED: readonly CaseAction[] = ['accept', 'reject', 'merge', 'dispatch', 'return', 'verify_pass', 'verify_fail', 'reopen'];
/** Moves the reporter hears about (docs/domain.md §5: accepted, rejected, dispatched, resolved, closed, reopened). */
const RESIDENT_VISIBLE: readonly CaseAction[] = ['accept', 'reject', 'dispatch', 'resolve', 'verify_pass', 'reopen'];

interface Outcome {
  patch?: Partial<Case>;
  event?: Partial<Pick<CaseEventInput, 'note' | 'photoIds' | 'data'>>;
  /** A sentence for the resident's message. */
  residentNote?: string | null;
  /** Runs after the case row is saved (same transaction). */
  after?: (em: EntityManager, saved: Case) => Promise<void>;
}

/** The role a user acts in for an action: the first of theirs the machine allows. */
export function actingRole(user: AuthUser, action: CaseAction): CaseActor | null {
  const allowed = rolesForAction(action);
  return user.roles.find((r) => allowed.includes(r)) ?? null;
}

/**
 * The §5 moves over HTTP. Each runs in one transaction: lock the case, check version, state, role and
 * department, change the row (version + 1), write one timeline event, the audit entry, the residents'
 * messages and the CaseHooks listeners (rewards), then answers the fresh detail.
 */
@Injectable()
export class CaseActionsService {
  constructor(
    private readonly tx: Transactions,
    private readonly effects: CaseEffects,
    private readonly hooks: CaseHooks,
    private readonly routing: RoutingService,
    private readonly triage: TriageService,
    private readonly photos: PhotosService,
    private readonly notices: NoticesService,
    private readonly feedback: ReportFeedbackService,
    private readonly detail: CaseDetailService,
    private readonly evidence: ResolveEvidence,
  ) {}

  accept(user: AuthUser, id: number, dto: CaseActionDto) {
    return this.move(user, id, 'accept', dto, async () => ({ event: { note: dto.note ?? null } }));
  }

  reject(user: AuthUser, id: number, dto: RejectCaseDto) {
    return this.move(user, id, 'reject', dto, async () => ({
      event: { note: dto.note ?? null, data: { reason: dto.reason } },
      residentNote: `未予受理：${REJECT_REASON_LABELS[dto.reason]}`,
    }));
  }

  async merge(user: AuthUser, id: number, dto: MergeCaseDto): Promise<CaseStaffDetailDto> {
    await this.tx.run(async (em) => {
      const c = await this.guard(em, user, id, 'merge', dto);
      if (dto.masterCaseId === c.id) throw new AppException('CASE_MERGE_TARGET_INVALID');
      // Lock the master too, so it cannot be closed while the duplicate joins it.
      if (this.tx.isMysql) await em.getRepository(Case).findOne({ where: { id: dto.masterCaseId }, lock: { mode: 'pessimistic_write' } });
      const name = await this.effects.actorName(em, user.id);
      // TriageService.merge writes the events on both cases, the audit entry and the hooks (shared with auto-merge).
      const ok = await this.triage.merge(
        em,
        c,
        dto.masterCaseId,
        { userId: user.id, role: 'dispatcher', name },
        dto.note ?? '调度员合并重复上报',
      );
      if (!ok) throw new AppException('CASE_MERGE_TARGET_INVALID');
    });
    return this.detail.get(user, id, { afterAction: true });
  }

  dispatch(user: AuthUser, id: number, dto: DispatchCaseDto) {
    return this.move(user, id, 'dispatch', dto, async (em, c) => {
      const now = new Date();
      let explanation: string | null = null;
      let departmentId = dto.departmentId ?? null;
      if (departmentId === null) {
        const stored = c.triage?.routing;
        if (stored?.departmentId) {
          departmentId = stored.departmentId;
          explanation = stored.explanation;
        } else {
          const s = await this.routing.suggest({ categoryCode: c.categoryCode, lat: c.lat, lng: c.lng, gridId: c.gridId }, em);
          if (!s.departmentId) throw new AppException('NO_ROUTING_SUGGESTION');
          departmentId = s.departmentId;
          explanation = s.explanation;
        }
      }
      const dept = await em.getRepository(Department).findOne({ where: { id: departmentId } });
      if (!dept || !dept.active) throw new AppException('DEPARTMENT_NOT_FOUND');
      const deadline = computeDeadline(now, c.slaHours, this.effects.config.cases.workingHours);
      return {
        patch: { departmentId: dept.id, handlerUserId: null, dispatchedAt: now, deadline, resolvedAt: null, closedAt: null },
        event: {
          note: dto.note ?? null,
          data: {
            departmentId: dept.id,
            suggested: dto.departmentId === undefined,
            explanation,
            deadline: deadline.toISOString(),
            slaHours: c.slaHours,
          },
        },
        residentNote: `已交给${dept.name}处理`,
        after: async (em2, saved) => {
          await this.notices.notifyStaff(em2, {
            departmentId: dept.id,
            kind: 'case_dispatched',
            title: `新派遣案卷 #${saved.id}`,
            body: `请在 ${chinaTime(deadline)} 前处置完毕`,
            caseId: saved.id,
          });
        },
      };
    });
  }

  claim(user: AuthUser, id: number, dto: CaseActionDto) {
    return this.move(user, id, 'claim', dto, async () => ({ patch: { handlerUserId: user.id }, event: { note: dto.note ?? null } }));
  }

  return(user: AuthUser, id: number, dto: ReturnCaseDto) {
    return this.move(user, id, 'return', dto, async (em, c) => {
      // A pending extension dies with the dispatch it was asked for.
      await em
        .getRepository(CaseExtension)
        .update({ caseId: c.id, status: 'pending' }, { status: 'refused', decisionNote: '案卷已退单', decidedAt: new Date() });
      return {
        patch: { departmentId: null, handlerUserId: null, deadline: null },
        event: {
          note: dto.reason,
          data: {
            departmentId: c.departmentId,
            handlerUserId: c.handlerUserId,
            reason: dto.reason,
            deadline: c.deadline?.toISOString() ?? null,
          },
        },
      };
    });
  }

  /**
   * Resolve with after-photos. The evidence checks (docs/domain.md §14) run before the transaction (the
   * crop comparison takes a moment and must not hold the lock); a hard failure refuses, missing facts
   * leave the evidence unverified, and the outcome is stored as the case's evidence with the move.
   */
  async resolve(user: AuthUser, id: number, dto: ResolveCaseDto) {
    if (dto.photoIds.length === 0) throw new AppException('RESOLVE_PHOTO_REQUIRED');
    const evidence = await this.evidence.forResolve(user, id, dto.photoIds, dto.location ?? null);
    return this.move(user, id, 'resolve', dto, async (em, c) => {
      await this.photos.attach(em, { userId: user.id, photoIds: dto.photoIds, caseId: c.id, role: 'resolution' });
      const result = evidence ?? (await this.evidence.evaluateResolve(em, c, dto.photoIds, dto.location ?? null));
      this.evidence.refuseIfHardFailure(result);
      return {
        patch: { resolvedAt: new Date() },
        event: {
          note: dto.note ?? null,
          photoIds: dto.photoIds,
          data: { location: dto.location ?? null, evidenceVerified: result.verified },
        },
        after: (em2, saved) =>
          this.evidence.record(em2, { caseId: saved.id, purpose: 'resolve', result, photoIds: dto.photoIds, actorUserId: user.id }),
      };
    });
  }

  verify(user: AuthUser, id: number, dto: VerifyCaseDto) {
    const action: CaseAction = dto.passed ? 'verify_pass' : 'verify_fail';
    return this.move(user, id, action, dto, async (em, c) => {
      if (dto.passed && !dto.note?.trim() && (await this.evidence.current(c.id, em))?.verified === false)
        throw new AppException('NOTE_REQUIRED');
      return {
        patch: dto.passed ? { closedAt: new Date() } : { resolvedAt: null },
        event: { note: dto.note ?? null, data: { passed: dto.passed } },
      };
    });
  }

  reopen(user: AuthUser, id: number, dto: CaseActionDto) {
    return this.move(user, id, 'reopen', dto, async (em, c) => {
      const now = new Date();
      if (!c.closedAt || now.getTime() - c.closedAt.getTime() > REPORT_LIMITS.reopenWindowDays * 86_400_000)
        throw new AppException('REOPEN_WINDOW_PASSED');
      if (c.departmentId === null) throw new AppException('CASE_TRANSITION_NOT_ALLOWED', '该案卷没有派遣过部门，不能重新派遣');
      const deadline = computeDeadline(now, c.slaHours, this.effects.config.cases.workingHours);
      const departmentId = c.departmentId;
      return {
        patch: { dispatchedAt: now, handlerUserId: null, deadline, closedAt: null, resolvedAt: null },
        event: { note: dto.note ?? null, data: { departmentId, rework: true, deadline: deadline.toISOString() } },
        residentNote: '已重新派遣处理',
        after: async (em2, saved) => {
          await this.feedback.decideReopenRequests(em2, saved.id, true, user.id);
          await this.notices.notifyStaff(em2, {
            departmentId,
            kind: 'case_reopened',
            title: `案卷 #${saved.id} 重新派遣（返工）`,
            body: '居民反馈问题没有解决，请重新处置',
            caseId: saved.id,
          });
        },
      };
    });
  }

  /** A dispatcher declines the residents' pending "没有解决" on a closed case (the case stays closed). */
  async declineReopen(user: AuthUser, id: number, dto: CaseActionDto): Promise<CaseStaffDetailDto> {
    await this.tx.run(async (em) => {
      const c = await lockCase(em, this.tx, user, id, dto.expectedVersion);
      if (!user.roles.includes('dispatcher')) throw new AppException('CASE_ROLE_NOT_ALLOWED');
      if (c.status !== 'closed') throw new AppException('CASE_TRANSITION_NOT_ALLOWED');
      const n = await this.feedback.decideReopenRequests(em, c.id, false, user.id);
      if (n === 0) throw new AppException('REOPEN_REQUEST_NOT_FOUND');
      await saveCase(em, c, {});
      await this.effects.auditRecord(em, { id: user.id, name: await this.effects.actorName(em, user.id) }, 'reopen_decline', c.id, {
        requests: n,
        note: dto.note ?? null,
      });
    });
    return this.detail.get(user, id, { afterAction: true });
  }

  /** Version, state, role and department checks of `action` on a locked case. */
  private async guard(em: EntityManager, user: AuthUser, id: number, action: CaseAction, dto: CaseActionDto): Promise<Case> {
    const c = await lockCase(em, this.tx, user, id, dto.expectedVersion);
    const check = checkTransition(c.status, action, c.kind, user.roles);
    if (!check.ok)
      throw new AppException(
        check.code,
        check.code === 'CASE_TRANSITION_NOT_ALLOWED' ? `案卷当前状态（${c.status}）不能${CASE_ACTION_LABELS[action]}` : undefined,
      );
    if (DEPARTMENT_SCOPED_ACTIONS.includes(action) && !inCaseDepartment(user, c)) throw new AppException('CASE_NOT_IN_DEPARTMENT');
    return c;
  }

  private async move(
    user: AuthUser,
    id: number,
    action: CaseAction,
    dto: CaseActionDto,
    apply: (em: EntityManager, c: Case) => Promise<Outcome>,
  ): Promise<CaseStaffDetailDto> {
    await this.tx.run(async (em) => {
      const c = await this.guard(em, user, id, action, dto);
      const to = checkTransition(c.status, action, c.kind, user.roles);
      if (!to.ok) throw new AppException(to.code);
      const from = c.status;
      const outcome = await apply(em, c);
      const saved = await saveCase(em, c, { ...outcome.patch, status: to.to });
      const role = actingRole(user, action);
      await this.effects.event(em, c.id, {
        action,
        fromStatus: from,
        toStatus: to.to,
        actorUserId: user.id,
        actorRole: role,
        ...outcome.event,
      });
      if (AUDITED.includes(action)) {
        const name = await this.effects.actorName(em, user.id);
        await this.effects.auditRecord(em, { id: user.id, name }, action, c.id, { from, to: to.to, role, ...(outcome.event?.data ?? {}) });
      }
      if (RESIDENT_VISIBLE.includes(action)) await this.effects.notifyReporters(em, saved, outcome.residentNote ?? null);
      await outcome.after?.(em, saved);
      await this.hooks.emit(em, { caseRow: saved, action, fromStatus: from, actorUserId: user.id });
    });
    return this.detail.get(user, id, { afterAction: true });
  }
}
