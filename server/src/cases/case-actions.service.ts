import { Injectable } from '@nestjs/common';
import {
  DEPARTMENT_SCOPED_ACTIONS,
  REJECT_REASON_LABELS,
  REPORT_LIMITS,
  computeDeadline,
  rolesForAction,
  type CaseAction,
  type CaseActor,
  type EvidenceResult,
} from '@sansui/shared';
import type { EntityManager } from 'typeorm';
import { placeText } from '../common/place-text';
import type { AuthUser } from '../common/auth/auth-user';
import { AppException } from '../common/errors/app-exception';
import { Transactions } from '../database/transactions';
import { NoticesService } from '../notifications/notices.service';
import { PhotosService } from '../uploads/photos.service';
import { inCaseDepartment } from './case-access';
import { CaseEffects } from './case-effects';
import { CaseExtension } from './case-extension.entity';
import { CaseLifecycle, type CaseActorRef, type MoveOptions } from './case-lifecycle.service';
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
import { ReopenRequestsService } from './reopen-requests.service';

/** The role a user acts in for an action: the first of theirs the machine allows. */
export function actingRole(user: AuthUser, action: CaseAction): CaseActor | null {
  const allowed = rolesForAction(action);
  return user.roles.find((r) => allowed.includes(r)) ?? null;
}

/**
 * The §5 moves over HTTP (docs/domain.md §5). Each runs in one transaction: lock the case, check
 * visibility, version, state, role and department, then hand the move to CaseLifecycle (row with
 * version + 1, one timeline event, audit, residents' messages, CaseHooks). They answer nothing: the controller
 * answers the fresh detail, and the demo seed, which drives ~100 moves before the server listens, reads none.
 */
@Injectable()
export class CaseActionsService {
  constructor(
    private readonly tx: Transactions,
    private readonly effects: CaseEffects,
    private readonly lifecycle: CaseLifecycle,
    private readonly photos: PhotosService,
    private readonly notices: NoticesService,
    private readonly reopenRequests: ReopenRequestsService,
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

  async merge(user: AuthUser, id: number, dto: MergeCaseDto): Promise<void> {
    await this.tx.run(async (em) => {
      const c = await this.guard(em, user, id, 'merge', dto);
      if (dto.masterCaseId === c.id) throw new AppException('CASE_MERGE_TARGET_INVALID');
      const ok = await this.lifecycle.merge(em, c, dto.masterCaseId, this.actor(user, 'merge', 'dispatcher'), {
        note: dto.note ?? '调度员合并重复上报',
      });
      if (!ok) throw new AppException('CASE_MERGE_TARGET_INVALID');
    });
  }

  async dispatch(user: AuthUser, id: number, dto: DispatchCaseDto): Promise<void> {
    await this.tx.run(async (em) => {
      const c = await this.guard(em, user, id, 'dispatch', dto);
      await this.lifecycle.dispatch(em, this.actor(user, 'dispatch'), c, { departmentId: dto.departmentId, note: dto.note ?? null });
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
        after: async (em2, saved) => {
          await this.notices.notifyRole(em2, 'dispatcher', {
            kind: 'case_returned',
            title: `退单：案卷 #${saved.id} 需要重新派遣`,
            body: `退单理由：${dto.reason}`,
            caseId: saved.id,
            place: placeText(saved),
          });
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

  /**
   * 核查 (docs/domain.md §14). With photos it is an on-site verification: the verifier's photos go through
   * the evidence checks (against the spot, the resolve time and the case's photos; a far position or a
   * reused picture refuses) and are kept as the case's verification evidence. Without photos it is a desk
   * verification. Passing needs a note unless the resolve's evidence or the on-site evidence is verified.
   */
  async verify(user: AuthUser, id: number, dto: VerifyCaseDto) {
    const action: CaseAction = dto.passed ? 'verify_pass' : 'verify_fail';
    const photoIds = dto.photoIds ?? [];
    const early = photoIds.length ? await this.evidence.forVerify(user, id, photoIds) : null;
    return this.move(user, id, action, dto, async (em, c) => {
      let onSite: EvidenceResult | null = null;
      if (photoIds.length) {
        await this.photos.attach(em, { userId: user.id, photoIds, caseId: c.id, role: 'verification' });
        onSite = early ?? (await this.evidence.evaluateVerify(em, c, photoIds));
        this.evidence.refuseIfHardFailure(onSite);
      }
      if (dto.passed && !dto.note?.trim() && !onSite?.verified && (await this.evidence.current(c.id, em))?.verified === false)
        throw new AppException('NOTE_REQUIRED');
      const result = onSite;
      return {
        patch: dto.passed ? { closedAt: new Date() } : { resolvedAt: null },
        event: {
          note: dto.note ?? null,
          photoIds: photoIds.length ? photoIds : null,
          data: { passed: dto.passed, onSite: result !== null, evidenceVerified: result?.verified ?? null },
        },
        after: async (em2, saved) => {
          if (result) await this.evidence.record(em2, { caseId: saved.id, purpose: 'verify', result, photoIds, actorUserId: user.id });
          if (dto.passed || (saved.handlerUserId === null && saved.departmentId === null)) return;
          await this.notices.notifyStaff(em2, {
            ...(saved.handlerUserId !== null ? { userId: saved.handlerUserId } : { departmentId: saved.departmentId }),
            kind: 'case_verify_failed',
            title: `核查未通过：案卷 #${saved.id} 需要重新处置`,
            body: dto.note ? `核查意见：${dto.note}` : '现场核查未通过，请重新处置并上传处置后照片',
            caseId: saved.id,
            place: placeText(saved),
          });
        },
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
          await this.reopenRequests.decide(em2, saved.id, true, user.id);
          await this.notices.notifyStaff(em2, {
            departmentId,
            kind: 'case_reopened',
            title: `案卷 #${saved.id} 重新派遣（返工）`,
            body: '居民反馈问题没有解决，请重新处置',
            caseId: saved.id,
            place: placeText(saved),
          });
        },
      };
    });
  }

  /** A dispatcher declines the residents' pending "没有解决" on a closed case (the case stays closed). */
  async declineReopen(user: AuthUser, id: number, dto: CaseActionDto): Promise<void> {
    await this.tx.run(async (em) => {
      const c = await lockCase(em, this.tx, user, id, dto.expectedVersion);
      if (!user.roles.includes('dispatcher')) throw new AppException('CASE_ROLE_NOT_ALLOWED');
      if (c.status !== 'closed') throw new AppException('CASE_TRANSITION_NOT_ALLOWED');
      const n = await this.reopenRequests.decide(em, c.id, false, user.id);
      if (n === 0) throw new AppException('REOPEN_REQUEST_NOT_FOUND');
      await saveCase(em, c, {});
      await this.effects.auditRecord(em, { id: user.id, name: await this.effects.actorName(em, user.id) }, 'reopen_decline', c.id, {
        requests: n,
        note: dto.note ?? null,
      });
    });
  }

  /** Visibility, version, state, role and department checks of `action` on a locked case. */
  private async guard(em: EntityManager, user: AuthUser, id: number, action: CaseAction, dto: CaseActionDto): Promise<Case> {
    const c = await lockCase(em, this.tx, user, id, dto.expectedVersion);
    this.lifecycle.check(c, action, user.roles);
    if (DEPARTMENT_SCOPED_ACTIONS.includes(action) && !inCaseDepartment(user, c)) throw new AppException('CASE_NOT_IN_DEPARTMENT');
    return c;
  }

  /** The caller as the actor of `action`: checked with all of their roles, recorded in the first one the machine allows. */
  private actor(user: AuthUser, action: CaseAction, fallback?: CaseActor): CaseActorRef {
    return { userId: user.id, role: actingRole(user, action) ?? fallback ?? (null as unknown as CaseActor), roles: user.roles };
  }

  private async move(
    user: AuthUser,
    id: number,
    action: CaseAction,
    dto: CaseActionDto,
    apply: (em: EntityManager, c: Case) => Promise<MoveOptions>,
  ): Promise<void> {
    await this.tx.run(async (em) => {
      const c = await this.guard(em, user, id, action, dto);
      await this.lifecycle.move(em, this.actor(user, action), c, action, await apply(em, c));
    });
  }
}
