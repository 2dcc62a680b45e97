import { Injectable } from '@nestjs/common';
import {
  CASE_ACTION_LABELS,
  REPORT_LIMITS,
  checkTransition,
  computeDeadline,
  geohashEncode,
  isOpenStatus,
  type CaseAction,
  type CaseActor,
  type CaseStatus,
  type LatLng,
  type ReportKind,
  type ReportSource,
} from '@sansui/shared';
import type { EntityManager } from 'typeorm';
import { placeText } from '../common/place-text';
import { AppException } from '../common/errors/app-exception';
import { insertRow } from '../database/insert-row';
import { changedRows } from '../database/changed-rows';
import { caseById } from '../database/case-by-id';
import { Transactions } from '../database/transactions';
import { DepartmentsService } from '../departments/departments.service';
import { NoticesService } from '../notifications/notices.service';
import { chinaTime } from '../notifications/templates';
import { RoutingService } from '../routing/routing.service';
import { CaseEffects, type CaseEventInput } from './case-effects';
import { CaseEvent } from './case-event.entity';
import { CaseHooks } from './case-hooks';
import { addVerdictToDayFigures, withCaseFigures } from './day-figures.repository';
import { addDispatchEvent } from './dispatch-outcome.repository';
import { saveCase } from './case-lock';
import { Case, type TriageRecord } from './case.entity';
import { ReportFeedback } from './report-feedback.entity';

/** Who acts on a case. `userId: null` with role 'system' for automatic moves. */
export interface CaseActorRef {
  userId: number | null;
  /** The role recorded on the timeline and in the audit log. */
  role: CaseActor;
  /** Roles checked against the state machine; default `[role]` (a staff user passes all of theirs). */
  roles?: readonly CaseActor[];
  /** For the audit log; looked up from the user when absent. */
  name?: string;
}

export interface OpenCaseInput {
  kind: ReportKind;
  source: ReportSource;
  categoryCode: string;
  slaHours: number;
  gridId: number | null;
  location: LatLng;
  description?: string | null;
  /** Readable address and nearest landmark (reverse geocoding; null when unknown). */
  address?: string | null;
  landmark?: string | null;
  /** The report that opened the case. */
  primaryReportId: number;
  triage?: TriageRecord | null;
  flagged?: boolean;
  status?: Extract<CaseStatus, 'submitted' | 'accepted'>;
  /** Actor of the `submit` timeline event. */
  actor: CaseActorRef;
  photoIds?: number[];
  eventData?: Record<string, unknown>;
}

export interface MoveOptions {
  expectedVersion?: number;
  patch?: Partial<Case>;
  event?: Partial<Pick<CaseEventInput, 'note' | 'photoIds' | 'data'>>;
  /** A sentence for the residents' progress message. */
  residentNote?: string | null;
  /** Runs after the row is saved, before the hooks (same transaction). */
  after?: (em: EntityManager, saved: Case) => Promise<void>;
}

export interface CaseEvidence {
  verified: boolean;
  checks: { code: string; ok: boolean; detail?: string | null }[];
  photoIds?: number[];
}

/** Moves the audit log records (docs/domain.md §9: triage, dispatch, verify …; returns too, they are a KPI). */
const AUDITED: readonly CaseAction[] = ['accept', 'reject', 'merge', 'dispatch', 'return', 'verify_pass', 'verify_fail', 'reopen'];
/** Moves the reporter hears about (docs/domain.md §5: accepted, rejected, dispatched, resolved, closed, reopened). */
const RESIDENT_VISIBLE: readonly CaseAction[] = ['accept', 'reject', 'dispatch', 'resolve', 'verify_pass', 'reopen'];

/** The columns of a new case, as `open` writes them (report intake's one-call path writes the same). */
export function newCaseValues(input: OpenCaseInput) {
  return {
    status: input.status ?? 'submitted',
    kind: input.kind,
    source: input.source,
    categoryCode: input.categoryCode,
    departmentId: null,
    gridId: input.gridId,
    handlerUserId: null,
    lat: input.location.lat,
    lng: input.location.lng,
    cellKey: geohashEncode(input.location.lat, input.location.lng),
    description: input.description ?? null,
    address: input.address ?? null,
    landmark: input.landmark ?? null,
    meTooCount: 0,
    primaryReportId: input.primaryReportId,
    masterCaseId: null,
    slaHours: input.slaHours,
    dispatchedAt: null,
    deadline: null,
    resolvedAt: null,
    closedAt: null,
    firstDispatchedAt: null,
    firstDepartmentId: null,
    suggestionTaken: false,
    dispatchCount: 0,
    returnCount: 0,
    flagged: input.flagged ?? false,
    triage: input.triage ?? null,
  } satisfies Partial<Case>;
}

/** The `submit` event of a new case (without its caseId). */
export function submitEventValues(input: OpenCaseInput): CaseEventInput {
  return {
    action: 'submit',
    fromStatus: null,
    toStatus: input.status ?? 'submitted',
    actorUserId: input.actor.userId,
    actorRole: input.actor.role,
    photoIds: input.photoIds ?? null,
    data: input.eventData ?? null,
  };
}

/**
 * The one writer of `cases`, `case_events` and `report_feedback` (docs/domain.md §5). Every method runs
 * inside the caller's transaction, locks the case row and saves it with the optimistic version check
 * (`saveCase`), so every path bumps the version and a lost race is 409 CASE_VERSION_CONFLICT.
 * Other folders call this; the HTTP actions (CaseActionsService) add visibility and department checks.
 */
@Injectable()
export class CaseLifecycle {
  constructor(
    private readonly tx: Transactions,
    private readonly effects: CaseEffects,
    private readonly hooks: CaseHooks,
    private readonly routing: RoutingService,
    private readonly notices: NoticesService,
    private readonly departments: DepartmentsService,
  ) {}

  /**
   * A new case and its `submit` timeline event: two INSERTs, nothing read back. The returned case and
   * event carry every column written; their createdAt/updatedAt are the database's and are not read
   * back (the objects carry the time of the call).
   */
  async open(em: EntityManager, input: OpenCaseInput): Promise<Case> {
    return (await this.openWithEvent(em, input)).case;
  }

  /** `open`, also returning the `submit` event (report intake builds its answer from both). */
  async openWithEvent(em: EntityManager, input: OpenCaseInput): Promise<{ case: Case; submit: CaseEvent }> {
    const values = newCaseValues(input);
    const id = await insertRow(em, Case, values);
    const now = new Date();
    const row = Object.assign(new Case(), values, { id, version: 1, createdAt: now, updatedAt: now });
    const submit = await this.effects.insertEvent(em, row.id, submitEventValues(input));
    return { case: row, submit };
  }

  /** Locks a case for a change: 404 when missing, 409 CASE_VERSION_CONFLICT when `expectedVersion` is stale. */
  async lock(em: EntityManager, caseId: number, expectedVersion?: number): Promise<Case> {
    const c = await em.getRepository(Case).findOne({ where: { id: caseId }, ...this.tx.forUpdate() });
    if (!c) throw new AppException('CASE_NOT_FOUND');
    if (expectedVersion !== undefined && expectedVersion !== c.version) throw new AppException('CASE_VERSION_CONFLICT');
    return c;
  }

  /** Saves a patch on a locked case with the version check (version + 1). */
  save(em: EntityManager, c: Case, patch: Partial<Case>): Promise<Case> {
    return saveCase(em, c, patch);
  }

  /** State check of `action` for `roles`: 409 CASE_TRANSITION_NOT_ALLOWED or 403 CASE_ROLE_NOT_ALLOWED. */
  check(c: Case, action: CaseAction, roles: readonly CaseActor[]): CaseStatus {
    const check = checkTransition(c.status, action, c.kind, roles);
    if (!check.ok)
      throw new AppException(
        check.code,
        check.code === 'CASE_TRANSITION_NOT_ALLOWED' ? `案卷当前状态（${c.status}）不能${CASE_ACTION_LABELS[action]}` : undefined,
      );
    return check.to;
  }

  /**
   * A move of the state machine with every effect: row patch + version, one timeline event, the audit
   * entry, the residents' progress message, `after`, then the CaseHooks listeners (rewards).
   * `caseOrId`: a case already locked by the caller, or its id.
   */
  async move(em: EntityManager, actor: CaseActorRef, caseOrId: Case | number, action: CaseAction, opts: MoveOptions = {}): Promise<Case> {
    const c = typeof caseOrId === 'number' ? await this.lock(em, caseOrId, opts.expectedVersion) : caseOrId;
    const to = this.check(c, action, actor.roles ?? [actor.role]);
    const from = c.status;
    // The row, its new event and its dispatch outcome change the case's roll-up figures together: one move of them.
    const saved = await withCaseFigures(em, c.id, async () => {
      const row = await saveCase(em, c, { ...opts.patch, status: to }, { figures: false });
      const event = await this.effects.event(em, c.id, {
        action,
        fromStatus: from,
        toStatus: to,
        actorUserId: actor.userId,
        actorRole: actor.role,
        ...opts.event,
      });
      if (action === 'dispatch' || action === 'return') await this.keepDispatchOutcome(em, row, action, event);
      return row;
    });
    if (AUDITED.includes(action))
      await this.effects.auditRecord(em, await this.auditActor(em, actor), action, c.id, {
        from,
        to,
        role: actor.role,
        ...(opts.event?.data ?? {}),
      });
    if (RESIDENT_VISIBLE.includes(action)) await this.effects.notifyReporters(em, saved, opts.residentNote ?? null);
    await opts.after?.(em, saved);
    await this.hooks.emit(em, { caseRow: saved, action, fromStatus: from, actorUserId: actor.userId });
    return saved;
  }

  /**
   * accepted → dispatched to `departmentId`, or to the routing suggestion stored on the case (asked
   * afresh when there is none: 409 NO_ROUTING_SUGGESTION). Deadline = now + SLA (working hours if configured).
   */
  async dispatch(
    em: EntityManager,
    actor: CaseActorRef,
    caseOrId: Case | number,
    opts: {
      departmentId?: number;
      note?: string | null;
      expectedVersion?: number;
      /** The department's notice; default "新派遣案卷 #id / 请在 … 前处置完毕". */
      notice?: (deadline: Date) => { title: string; body: string };
    } = {},
  ): Promise<Case> {
    const c = typeof caseOrId === 'number' ? await this.lock(em, caseOrId, opts.expectedVersion) : caseOrId;
    this.check(c, 'dispatch', actor.roles ?? [actor.role]);
    const now = new Date();
    let explanation: string | null = null;
    let departmentId = opts.departmentId ?? null;
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
    const dept = await this.departments.inTransaction(em, departmentId);
    if (!dept || !dept.active) throw new AppException('DEPARTMENT_NOT_FOUND');
    const deadline = computeDeadline(now, c.slaHours, this.effects.config.cases.workingHours);
    return this.move(em, actor, c, 'dispatch', {
      patch: { departmentId: dept.id, handlerUserId: null, dispatchedAt: now, deadline, resolvedAt: null, closedAt: null },
      event: {
        note: opts.note ?? null,
        data: {
          departmentId: dept.id,
          suggested: opts.departmentId === undefined,
          explanation,
          deadline: deadline.toISOString(),
          slaHours: c.slaHours,
        },
      },
      residentNote: `已交给${dept.name}处理`,
      after: async (em2, saved) => {
        const notice = opts.notice?.(deadline) ?? { title: `新派遣案卷 #${saved.id}`, body: `请在 ${chinaTime(deadline)} 前处置完毕` };
        await this.notices.notifyStaff(em2, {
          departmentId: dept.id,
          kind: 'case_dispatched',
          ...notice,
          caseId: saved.id,
          place: placeText(saved),
        });
      },
    });
  }

  /**
   * submitted → merged into an open master case (dispatcher or auto-merge): the case gets masterCaseId
   * and a merge event, the master an event naming the merged case and its report; audit and hooks.
   * Returns false (and changes nothing) when the master is missing, the case itself, or not open.
   */
  async merge(
    em: EntityManager,
    caseOrId: Case | number,
    masterCaseId: number,
    actor: CaseActorRef,
    opts: { note: string; data?: Record<string, unknown>; expectedVersion?: number; patch?: Partial<Case> },
  ): Promise<boolean> {
    const c = typeof caseOrId === 'number' ? await this.lock(em, caseOrId, opts.expectedVersion) : caseOrId;
    const master = await em.getRepository(Case).findOne({ where: { id: masterCaseId }, ...this.tx.forUpdate() });
    if (!master || master.id === c.id || !isOpenStatus(master.status)) return false;
    const to = checkTransition(c.status, 'merge', c.kind, actor.roles ?? [actor.role]);
    if (!to.ok) return false;
    const from = c.status;
    const data = opts.data ?? {};
    const saved = await saveCase(em, c, { ...opts.patch, status: to.to, masterCaseId: master.id });
    Object.assign(c, { status: saved.status, masterCaseId: saved.masterCaseId, version: saved.version });
    await this.effects.event(em, c.id, {
      action: 'merge',
      fromStatus: from,
      toStatus: to.to,
      actorUserId: actor.userId,
      actorRole: actor.role,
      note: opts.note,
      data: { masterCaseId: master.id, ...data },
    });
    await this.effects.event(em, master.id, {
      action: 'merge',
      fromStatus: null,
      toStatus: null,
      actorUserId: actor.userId,
      actorRole: actor.role,
      note: `合并了重复上报（案卷 ${c.id}）`,
      data: { mergedCaseId: c.id, reportId: c.primaryReportId, ...data },
    });
    await this.effects.auditRecord(em, await this.auditActor(em, actor), 'merge', c.id, { masterCaseId: master.id, ...data });
    await this.hooks.emit(em, { caseRow: saved, action: 'merge', fromStatus: from, actorUserId: actor.userId });
    return true;
  }

  /** Content flag (a risky photo or text): flagged = true and a `content_flag` event; the state does not change. */
  async flag(
    em: EntityManager,
    caseId: number,
    opts: { note: string; photoIds?: number[]; data?: Record<string, unknown> },
  ): Promise<Case | null> {
    const c = await em.getRepository(Case).findOne({ where: { id: caseId }, ...this.tx.forUpdate() });
    if (!c) return null;
    const saved = c.flagged ? c : await saveCase(em, c, { flagged: true });
    await this.effects.event(em, caseId, {
      action: 'content_flag',
      fromStatus: c.status,
      toStatus: c.status,
      actorUserId: null,
      actorRole: 'system',
      note: opts.note,
      photoIds: opts.photoIds ?? null,
      data: opts.data ?? null,
    });
    return saved;
  }

  /** A timeline event that does not move the state (notes, feedback, evidence …). */
  addEvent(
    em: EntityManager,
    caseId: number,
    actor: CaseActorRef,
    event: { action: string; note?: string | null; photoIds?: number[] | null; data?: Record<string, unknown> | null },
  ): Promise<CaseEvent> {
    return this.effects.event(em, caseId, {
      fromStatus: null,
      toStatus: null,
      actorUserId: actor.userId,
      actorRole: actor.role,
      ...event,
    });
  }

  /** Evidence of a resolve or a pickup report: an `evidence` event carrying `{verified, checks}`; the latest is the case's. */
  attachEvidence(em: EntityManager, caseId: number, evidence: CaseEvidence): Promise<CaseEvent> {
    return this.addEvent(
      em,
      caseId,
      { userId: null, role: 'system' },
      { action: 'evidence', photoIds: evidence.photoIds ?? null, data: { verified: evidence.verified, checks: evidence.checks } },
    );
  }

  /**
   * "解决了吗?" on a closed case (docs/domain.md §5.6), once per report: satisfied, or "没有解决" (within
   * the reopen window, with a photo) which becomes a pending reopen request. Writes the feedback row and a
   * `feedback` / `reopen_requested` event; `beforeEvent` runs between them (the caller attaches photos).
   */
  async recordFeedback(
    em: EntityManager,
    input: {
      reportId: number;
      caseId: number;
      userId: number;
      satisfied: boolean;
      comment?: string | null;
      /** The content check of the comment; 'review' keeps it out of the dispatchers' notice and push. */
      commentCheck?: string | null;
      photoIds: number[];
    },
    now = new Date(),
    beforeEvent?: (c: Case) => Promise<void>,
  ): Promise<void> {
    const c = await this.lock(em, input.caseId);
    if (c.status !== 'closed') throw new AppException('FEEDBACK_NOT_ALLOWED');
    const feedback = em.getRepository(ReportFeedback);
    if (await feedback.exist({ where: { reportId: input.reportId } })) throw new AppException('FEEDBACK_ALREADY_GIVEN');
    if (!input.satisfied) {
      const closedAt = c.closedAt ?? c.updatedAt;
      if (now.getTime() - closedAt.getTime() > REPORT_LIMITS.reopenWindowDays * 86400_000) throw new AppException('REOPEN_WINDOW_PASSED');
      if (input.photoIds.length === 0) throw new AppException('REOPEN_PHOTO_REQUIRED');
    }
    const comment = input.comment?.trim() || null;
    const photoIds = input.photoIds.length ? input.photoIds : null;
    await feedback.insert({
      reportId: input.reportId,
      caseId: c.id,
      userId: input.userId,
      satisfied: input.satisfied,
      comment,
      commentCheck: input.commentCheck ?? null,
      photoIds,
      reopenStatus: input.satisfied ? null : 'pending',
    });
    // A verdict is a figure of the case's department (satisfaction) in the daily roll-up.
    await addVerdictToDayFigures(em, String(em.connection.options.type), input.reportId);
    await beforeEvent?.(c);
    await this.addEvent(
      em,
      c.id,
      { userId: input.userId, role: 'resident' },
      {
        action: input.satisfied ? 'feedback' : 'reopen_requested',
        note: comment,
        photoIds,
        data: { reportId: input.reportId, satisfied: input.satisfied },
      },
    );
    if (!input.satisfied) {
      await this.notices.notifyRole(em, 'dispatcher', {
        kind: 'reopen_requested',
        title: `居民反馈未解决：案卷 #${c.id}`,
        // A comment waiting for moderation is not pushed to phones: the dispatcher reads it in the queue.
        body:
          input.commentCheck === 'review'
            ? '居民认为问题没有解决（反馈文字待内容审核），请决定是否返工'
            : (comment ?? '居民认为问题没有解决，请决定是否返工'),
        caseId: c.id,
        place: placeText(c),
      });
    }
  }

  /**
   * One more resident affected (我也遇到, docs/domain.md §15): an atomic increment that leaves the version
   * alone (the count is not something a staff screen acts on). Returns the new count.
   */
  async countMeToo(em: EntityManager, caseId: number): Promise<number> {
    await em
      .createQueryBuilder()
      .update(Case)
      .set({ meTooCount: () => 'meTooCount + 1' } as never)
      .where('id = :caseId', { caseId })
      .execute();
    const row = await em.getRepository(Case).findOneOrFail({ where: { id: caseId }, select: { id: true, meTooCount: true } });
    return row.meTooCount;
  }

  /**
   * The readable address found later (reverse geocoding): written only while the case has none, in one
   * statement and without a new version — it arrives moments after submission and must not turn a
   * dispatcher's open screen stale (409 CASE_VERSION_CONFLICT).
   */
  async fillAddress(em: EntityManager, caseId: number, place: { address: string | null; landmark: string | null }): Promise<boolean> {
    // Written out (one per report, after the answer): the text TypeORM's update builder made, without the version + 1.
    const changed = await changedRows(
      em,
      'UPDATE cases SET address = ?, landmark = ?, updatedAt = CURRENT_TIMESTAMP WHERE id = ? AND address IS NULL',
      [place.address, place.landmark, caseId],
    );
    return changed > 0;
  }

  /** fillAddress for several cases in one statement (the address fill's batch); never over an address already there. */
  async fillAddresses(
    em: EntityManager,
    rows: readonly { caseId: number; address: string | null; landmark: string | null }[],
  ): Promise<void> {
    if (rows.length <= 1) {
      if (rows.length) await this.fillAddress(em, rows[0].caseId, rows[0]);
      return;
    }
    const address = caseById(rows.map((r) => ({ id: r.caseId, value: r.address })));
    const landmark = caseById(rows.map((r) => ({ id: r.caseId, value: r.landmark })));
    await em.query(
      `UPDATE cases SET address = ${address.sql}, landmark = ${landmark.sql}, updatedAt = CURRENT_TIMESTAMP WHERE id IN (${rows.map(() => '?').join(', ')}) AND address IS NULL`,
      [...address.params, ...landmark.params, ...rows.map((r) => r.caseId)],
    );
  }

  /** Demo data: moves a case's creation (and its `submit` event) into the past. */
  async backdate(em: EntityManager, caseId: number, createdAt: Date): Promise<void> {
    await saveCase(em, await this.lock(em, caseId), { createdAt });
    await em.getRepository(CaseEvent).update({ caseId, action: 'submit' }, { createdAt });
  }

  /**
   * The case's stored dispatch outcome (dispatch quality, docs/domain.md §17) follows its dispatch and return events in
   * the same transaction; `saved` is brought in line without reading the row again.
   */
  private async keepDispatchOutcome(em: EntityManager, saved: Case, action: 'dispatch' | 'return', event: CaseEvent): Promise<void> {
    const departmentId = typeof event.data?.departmentId === 'number' ? event.data.departmentId : null;
    const suggested = event.data?.suggested === true;
    await addDispatchEvent(em, saved.id, { id: event.id, action, departmentId, suggested });
    if (action === 'return') saved.returnCount += 1;
    else {
      if (saved.firstDispatchedAt === null)
        Object.assign(saved, { firstDispatchedAt: event.createdAt, firstDepartmentId: departmentId, suggestionTaken: suggested });
      saved.dispatchCount += 1;
    }
  }

  /**
   * Demo data: moves a case's whole history `byMs` into the past (its dates and every timeline event), so a
   * demo reward paid weeks ago stands on a case handled before it. Only for cases already closed: an open case
   * moved back would turn overdue and start the escalation ladder.
   */
  async backdateHistory(em: EntityManager, caseId: number, byMs: number): Promise<void> {
    const c = await this.lock(em, caseId);
    if (c.status !== 'closed') throw new Error(`backdateHistory: case ${caseId} is ${c.status}, not closed`);
    const back = (d: Date | null) => (d ? new Date(d.getTime() - byMs) : null);
    // Its events' days are figures of the roll-up too: row and events move together.
    await withCaseFigures(em, caseId, async () => {
      await saveCase(
        em,
        c,
        {
          createdAt: back(c.createdAt)!,
          dispatchedAt: back(c.dispatchedAt),
          deadline: back(c.deadline),
          resolvedAt: back(c.resolvedAt),
          closedAt: back(c.closedAt),
          firstDispatchedAt: back(c.firstDispatchedAt),
        },
        { figures: false },
      );
      const events = em.getRepository(CaseEvent);
      for (const e of await events.find({ where: { caseId }, select: { id: true, createdAt: true } }))
        await events.update({ id: e.id }, { createdAt: back(e.createdAt)! });
    });
  }

  /**
   * Demo data: the seed runs a case's moves within a second, so its handling time (dispatch → resolve) would be zero.
   * This moves everything before the resolve `byMs` into the past — the case's creation, dispatch and deadline, the
   * submit, accept and dispatch events — and the claim to at most half an hour after the dispatch, so the case was
   * handled over `byMs`. The resolve and what follows keep their times, so the fix's photo still postdates the
   * dispatch. Only for cases already resolved or closed: an open case moved back could turn overdue.
   */
  async spreadHandling(em: EntityManager, caseId: number, byMs: number): Promise<void> {
    const c = await this.lock(em, caseId);
    if (c.status !== 'resolved' && c.status !== 'closed') throw new Error(`spreadHandling: case ${caseId} is ${c.status}, not resolved`);
    const back = (d: Date | null, ms = byMs) => (d ? new Date(d.getTime() - ms) : null);
    const claimedAfterDispatch = Math.min(30 * 60_000, byMs / 4);
    await withCaseFigures(em, caseId, async () => {
      const shifted = {
        createdAt: back(c.createdAt)!,
        dispatchedAt: back(c.dispatchedAt),
        deadline: back(c.deadline),
        firstDispatchedAt: back(c.firstDispatchedAt),
      };
      await saveCase(em, c, shifted, { figures: false });
      const events = em.getRepository(CaseEvent);
      for (const e of await events.find({ where: { caseId }, select: { id: true, action: true, createdAt: true }, order: { id: 'ASC' } })) {
        if (e.action === 'resolve') break;
        if (e.action === 'claim') await events.update({ id: e.id }, { createdAt: back(e.createdAt, byMs - claimedAfterDispatch)! });
        else if (e.action === 'submit' || e.action === 'accept' || e.action === 'dispatch')
          await events.update({ id: e.id }, { createdAt: back(e.createdAt)! });
      }
    });
  }

  private async auditActor(em: EntityManager, actor: CaseActorRef): Promise<{ id: number | null; name: string }> {
    if (actor.userId === null) return { id: null, name: actor.name ?? 'system' };
    return { id: actor.userId, name: actor.name ?? (await this.effects.actorName(em, actor.userId)) };
  }
}
