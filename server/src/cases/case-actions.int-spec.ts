import { CASE_ACTIONS, CASE_STATUSES, nextStatus, rolesForAction, roleMayPerform, type CaseAction, type CaseStatus } from '@sansui/shared';
import { AuditLog } from '../audit/audit-log.entity';
import { OutboxMessage } from '../notifications/outbox-message.entity';
import { postAction } from '../testing/case-actions-helpers';
import { caseEvents, insertActor, insertCase, insertPhoto, seedCaseWorld, type Actor, type CaseWorld } from '../testing/factories-cases';
import { REPORT_TEST_AREA } from '../testing/factories-reports';
import { startTestApp, type TestApp } from '../testing/test-app';
import { CaseHooks, type CaseTransitionEvent } from './case-hooks';
import { Case } from './case.entity';

/** Every §5 move over HTTP: allowed and refused transitions, the role × department matrix, and each action's own rules. */
describe('case actions (HTTP)', () => {
  let t: TestApp;
  let w: CaseWorld;
  const hookCalls: CaseTransitionEvent[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    w = await seedCaseWorld(t);
    t.app.get(CaseHooks).onTransition('test', async (_em, e) => {
      hookCalls.push(e);
    });
  });
  afterAll(() => t.close());

  /** A case in `status` of department A (so that department-scoped actions are possible from every state). */
  async function caseIn(status: CaseStatus, kind: 'snap' | 'pickup' = 'snap') {
    return insertCase(t, { status, kind, departmentId: w.deptA, gridId: w.gridAId, reporterId: w.resident.user.id });
  }

  /** Someone who may do `action` from `status` (and, for department-scoped actions, belongs to department A). */
  function performer(action: CaseAction): Actor {
    const role = rolesForAction(action).find((r) => r !== 'system')!;
    return role === 'dispatcher' ? w.dispatcher : role === 'inspector' ? w.inspector : w.handlerA;
  }

  const cells = CASE_STATUSES.flatMap((from) =>
    CASE_ACTIONS.flatMap((action) => {
      const kinds: ('snap' | 'pickup')[] = action === 'verify_pass' && from === 'accepted' ? ['snap', 'pickup'] : ['snap'];
      return kinds.map((kind) => [from, action, kind, nextStatus(from, action, kind)] as const);
    }),
  );

  it.each(cells)('%s --%s (%s)--> %s', async (from, action, kind, to) => {
    const c = await caseIn(from, kind);
    const extra =
      action === 'merge' ? { masterCaseId: (await caseIn('accepted')).id } : action === 'dispatch' ? { departmentId: w.deptA } : {};
    const actor = performer(action);
    const before = await caseEvents(t, c.id);
    const res = await postAction(t, actor, c, action, extra);
    const after = await t.db.getRepository(Case).findOneByOrFail({ id: c.id });
    const events = (await caseEvents(t, c.id)).slice(before.length);
    if (to === null) {
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('CASE_TRANSITION_NOT_ALLOWED');
      expect(after.status).toBe(from);
      expect(after.version).toBe(c.version);
      expect(events).toHaveLength(0);
    } else {
      expect(res.status).toBe(200);
      expect(res.body.status).toBe(to);
      expect(after.status).toBe(to);
      expect(after.version).toBe(c.version + 1);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ action, fromStatus: from, toStatus: to, actorUserId: actor.user.id });
      expect(res.body.timeline.at(-1)).toMatchObject({ action, actorName: actor.user.displayName });
    }
  });

  describe('role × action × department', () => {
    let both: Actor;
    beforeAll(async () => {
      // Sees every case (dispatcher) but works in department B: department-scoped actions on A's cases are refused.
      both = await insertActor(t, ['dispatcher', 'handler'], w.deptB);
    });

    const actors = ['dispatcher', 'inspector', 'auditor', 'admin', 'handlerA', 'managerA', 'handlerB', 'managerB', 'both'] as const;
    const rows = CASE_ACTIONS.flatMap((action) => actors.map((who) => [action, who] as const));

    it.each(rows)('%s by %s', async (action, who) => {
      const from: CaseStatus = {
        accept: 'submitted',
        reject: 'submitted',
        merge: 'submitted',
        dispatch: 'accepted',
        claim: 'dispatched',
        return: 'in_progress',
        resolve: 'in_progress',
        verify_pass: 'resolved',
        verify_fail: 'resolved',
        reopen: 'closed',
      }[action] as CaseStatus;
      const c = await caseIn(from);
      const actor = who === 'both' ? both : (w as unknown as Record<string, Actor>)[who];
      const extra =
        action === 'merge' ? { masterCaseId: (await caseIn('accepted')).id } : action === 'dispatch' ? { departmentId: w.deptA } : {};
      const res = await postAction(t, actor, c, action, extra);
      const roles = actor.user.roles;
      const seesAll = roles.some((r) => ['dispatcher', 'inspector', 'auditor', 'admin'].includes(r));
      const seesIt = seesAll || actor.user.departmentId === w.deptA;
      const scoped = ['claim', 'return', 'resolve'].includes(action);
      let expected: [number, string | null];
      if (!seesIt) expected = [404, 'CASE_NOT_FOUND'];
      else if (!roleMayPerform(roles, from, action, c.kind)) expected = [403, 'CASE_ROLE_NOT_ALLOWED'];
      else if (scoped && actor.user.departmentId !== w.deptA) expected = [403, 'CASE_NOT_IN_DEPARTMENT'];
      else expected = [200, null];
      expect([res.status, res.status === 200 ? null : res.body.code]).toEqual(expected);
      const row = await t.db.getRepository(Case).findOneByOrFail({ id: c.id });
      expect(row.status === from).toBe(expected[0] !== 200);
    });
  });

  it('answers 404 for a case id that does not exist or is not a number', async () => {
    expect((await t.http().post('/api/v1/cases/999999/accept').set(w.dispatcher.auth).send({})).body.code).toBe('CASE_NOT_FOUND');
    expect((await t.http().post('/api/v1/cases/abc/accept').set(w.dispatcher.auth).send({})).status).toBe(404);
  });

  it('refuses residents (403) and unauthenticated callers (401)', async () => {
    const c = await caseIn('submitted');
    expect((await t.http().post(`/api/v1/cases/${c.id}/accept`).set(w.resident.auth).send({})).status).toBe(403);
    expect((await t.http().post(`/api/v1/cases/${c.id}/accept`).send({})).status).toBe(401);
  });

  it('refuses a stale screen with CASE_VERSION_CONFLICT', async () => {
    const c = await caseIn('submitted');
    const stale = await t
      .http()
      .post(`/api/v1/cases/${c.id}/accept`)
      .set(w.dispatcher.auth)
      .send({ expectedVersion: c.version + 3 });
    expect([stale.status, stale.body.code]).toEqual([409, 'CASE_VERSION_CONFLICT']);
    const fresh = await t.http().post(`/api/v1/cases/${c.id}/accept`).set(w.dispatcher.auth).send({ expectedVersion: c.version });
    expect(fresh.status).toBe(200);
    expect(fresh.body.version).toBe(c.version + 1);
  });

  it('writes the audit entry, the reporter message and the hooks in the move', async () => {
    const c = await caseIn('submitted');
    hookCalls.length = 0;
    const before = await t.db.getRepository(OutboxMessage).count({ where: { userId: w.resident.user.id } });
    expect((await postAction(t, w.dispatcher, c, 'accept')).status).toBe(200);
    expect(await t.db.getRepository(OutboxMessage).count({ where: { userId: w.resident.user.id } })).toBe(before + 1);
    expect(await t.db.getRepository(AuditLog).count({ where: { action: 'case.accept', targetId: String(c.id) } })).toBe(1);
    expect(hookCalls).toEqual([
      expect.objectContaining({
        action: 'accept',
        fromStatus: 'submitted',
        actorUserId: w.dispatcher.user.id,
        caseRow: expect.objectContaining({ id: c.id, status: 'accepted' }),
      }),
    ]);
    // claim is not resident-visible and not audited
    const d = await caseIn('dispatched');
    const mid = await t.db.getRepository(OutboxMessage).count({ where: { userId: w.resident.user.id } });
    expect((await postAction(t, w.handlerA, d, 'claim')).status).toBe(200);
    expect(await t.db.getRepository(OutboxMessage).count({ where: { userId: w.resident.user.id } })).toBe(mid);
    expect(await t.db.getRepository(AuditLog).count({ where: { action: 'case.claim', targetId: String(d.id) } })).toBe(0);
  });

  it('reject needs a reason from the fixed list', async () => {
    const c = await caseIn('submitted');
    const bad = await t.http().post(`/api/v1/cases/${c.id}/reject`).set(w.dispatcher.auth).send({ reason: 'because' });
    expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const ok = await t
      .http()
      .post(`/api/v1/cases/${c.id}/reject`)
      .set(w.dispatcher.auth)
      .send({ reason: 'out_of_scope', note: '私人小区' });
    expect(ok.status).toBe(200);
    expect((await caseEvents(t, c.id)).at(-1)).toMatchObject({ action: 'reject', note: '私人小区', data: { reason: 'out_of_scope' } });
  });

  describe('merge', () => {
    it("moves the case into an open master whose reportIds then include the merged case's reports", async () => {
      const master = await caseIn('dispatched');
      const dup = await caseIn('submitted');
      const res = await t.http().post(`/api/v1/cases/${dup.id}/merge`).set(w.dispatcher.auth).send({ masterCaseId: master.id });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'merged', masterCaseId: master.id });
      const m = await t.http().get(`/api/v1/cases/${master.id}`).set(w.dispatcher.auth);
      expect(m.body.reportIds).toEqual([master.primaryReportId, dup.primaryReportId]);
    });

    it.each([
      ['itself', async (dup: Case) => dup.id],
      ['a closed case', async () => (await caseIn('closed')).id],
      ['a merged case', async () => (await caseIn('merged')).id],
      ['a case that does not exist', async () => 999999],
    ])('refuses a merge into %s', async (_label, target) => {
      const dup = await caseIn('submitted');
      const res = await t
        .http()
        .post(`/api/v1/cases/${dup.id}/merge`)
        .set(w.dispatcher.auth)
        .send({ masterCaseId: await target(dup) });
      expect([res.status, res.body.code]).toEqual([409, 'CASE_MERGE_TARGET_INVALID']);
      expect((await t.db.getRepository(Case).findOneByOrFail({ id: dup.id })).status).toBe('submitted');
    });
  });

  describe('dispatch', () => {
    it('to a chosen department: sets dispatchedAt and deadline = now + SLA, notifies the department', async () => {
      const c = await insertCase(t, { status: 'accepted', gridId: w.gridAId, slaHours: 24, reporterId: w.resident.user.id });
      const t0 = Date.now();
      const res = await t.http().post(`/api/v1/cases/${c.id}/dispatch`).set(w.dispatcher.auth).send({ departmentId: w.deptB });
      expect(res.status).toBe(200);
      expect(res.body.departmentId).toBe(w.deptB);
      const deadline = Date.parse(res.body.deadline);
      expect(deadline - t0).toBeGreaterThanOrEqual(24 * 3600_000 - 1000);
      expect(deadline - Date.now()).toBeLessThanOrEqual(24 * 3600_000 + 1000);
    });

    it('without a department takes the stored routing suggestion', async () => {
      const c = await insertCase(t, {
        status: 'accepted',
        gridId: w.gridAId,
        reporterId: w.resident.user.id,
        triage: { routing: { departmentId: w.deptB, explanation: '按规则派遣至 B', rule: 'rule' } },
      });
      const res = await t.http().post(`/api/v1/cases/${c.id}/dispatch`).set(w.dispatcher.auth).send({});
      expect(res.status).toBe(200);
      expect(res.body.departmentId).toBe(w.deptB);
      expect((await caseEvents(t, c.id)).at(-1)?.data).toMatchObject({
        departmentId: w.deptB,
        suggested: true,
        explanation: '按规则派遣至 B',
      });
    });

    it('without a department and no stored suggestion asks the routing service (grid → street → sanitation)', async () => {
      const c = await insertCase(t, { status: 'accepted', gridId: w.gridAId, reporterId: w.resident.user.id });
      const res = await t.http().post(`/api/v1/cases/${c.id}/dispatch`).set(w.dispatcher.auth).send({});
      expect(res.status).toBe(200);
      expect(res.body.departmentId).toBe(w.deptA);
    });

    it('without any suggestion answers 409 NO_ROUTING_SUGGESTION', async () => {
      const c = await insertCase(t, { status: 'accepted', gridId: null, ...REPORT_TEST_AREA.outside, reporterId: w.resident.user.id });
      const res = await t.http().post(`/api/v1/cases/${c.id}/dispatch`).set(w.dispatcher.auth).send({});
      expect([res.status, res.body.code]).toEqual([409, 'NO_ROUTING_SUGGESTION']);
      expect((await t.db.getRepository(Case).findOneByOrFail({ id: c.id })).status).toBe('accepted');
    });

    it('refuses an unknown department with 422', async () => {
      const c = await caseIn('accepted');
      const res = await t.http().post(`/api/v1/cases/${c.id}/dispatch`).set(w.dispatcher.auth).send({ departmentId: 999999 });
      expect([res.status, res.body.code]).toEqual([422, 'DEPARTMENT_NOT_FOUND']);
    });
  });

  describe('return', () => {
    it('goes back to accepted without department or deadline (not overdue), keeping the department in the event', async () => {
      const c = await insertCase(t, {
        status: 'in_progress',
        departmentId: w.deptA,
        reporterId: w.resident.user.id,
        deadline: new Date(Date.now() - 3600_000),
      });
      const res = await t.http().post(`/api/v1/cases/${c.id}/return`).set(w.handlerA.auth).send({ reason: '应由城管处理' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'accepted', departmentId: null, deadline: null, overdue: false });
      expect((await caseEvents(t, c.id)).at(-1)).toMatchObject({
        action: 'return',
        note: '应由城管处理',
        data: expect.objectContaining({ departmentId: w.deptA }),
      });
      // The department no longer sees it.
      expect((await t.http().get(`/api/v1/cases/${c.id}`).set(w.handlerA.auth)).status).toBe(404);
      const overdue = await t.http().get('/api/v1/cases?overdue=true&pageSize=100').set(w.dispatcher.auth);
      expect(overdue.body.items.map((i: { id: number }) => i.id)).not.toContain(c.id);
    });

    it('needs a reason', async () => {
      const c = await caseIn('dispatched');
      expect((await t.http().post(`/api/v1/cases/${c.id}/return`).set(w.handlerA.auth).send({})).status).toBe(400);
    });
  });

  describe('resolve', () => {
    it('attaches the handler’s after-photos as resolution photos', async () => {
      const c = await caseIn('in_progress');
      const p = await insertPhoto(t, w.handlerA.user.id);
      const res = await t
        .http()
        .post(`/api/v1/cases/${c.id}/resolve`)
        .set(w.handlerA.auth)
        .send({ photoIds: [p.id], location: { lat: c.lat + 0.0005, lng: c.lng }, note: '已清运' });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('resolved');
      expect(res.body.photosByRole.resolution.map((x: { id: number }) => x.id)).toEqual([p.id]);
      expect(res.body.timeline.at(-1).photos.map((x: { id: number }) => x.id)).toEqual([p.id]);
    });

    it.each([
      ['no photo', async () => ({ photoIds: [] }), 422, 'RESOLVE_PHOTO_REQUIRED'],
      ['someone else’s photo', async () => ({ photoIds: [(await insertPhoto(t, w.handlerA2.user.id)).id] }), 422, 'PHOTO_NOT_OWNED'],
      [
        'a photo taken ~330 m away',
        async (c: Case) => ({ photoIds: [(await insertPhoto(t, w.handlerA.user.id)).id], location: { lat: c.lat + 0.003, lng: c.lng } }),
        422,
        'RESOLVE_TOO_FAR',
      ],
      [
        'a photo whose GPS is ~330 m away',
        async (c: Case) => ({ photoIds: [(await insertPhoto(t, w.handlerA.user.id, { lat: c.lat + 0.003, lng: c.lng })).id] }),
        422,
        'RESOLVE_TOO_FAR',
      ],
    ])('refuses %s', async (_label, body, status, code) => {
      const c = await caseIn('in_progress');
      const b = await body(c);
      const res = await t.http().post(`/api/v1/cases/${c.id}/resolve`).set(w.handlerA.auth).send(b);
      expect([res.status, res.body.code]).toEqual([status, code]);
      const row = await t.db.getRepository(Case).findOneByOrFail({ id: c.id });
      expect(row.status).toBe('in_progress');
      // Nothing attached: the same photo can still be used.
      if (b.photoIds.length && code === 'RESOLVE_TOO_FAR') {
        const again = await t
          .http()
          .post(`/api/v1/cases/${c.id}/resolve`)
          .set(w.handlerA.auth)
          .send({ photoIds: b.photoIds, location: { lat: c.lat, lng: c.lng } });
        expect(again.status).toBe(200);
      }
    });
  });

  describe('verify and reopen', () => {
    it('a pickup case in accepted closes on a passed verification', async () => {
      const c = await caseIn('accepted', 'pickup');
      const res = await postAction(t, w.dispatcher, c, 'verify_pass');
      expect(res.body.status).toBe('closed');
      expect(res.body.closedAt).not.toBeNull();
    });

    it('a failed verification sends the case back to in_progress as rework', async () => {
      const c = await caseIn('resolved');
      const res = await postAction(t, w.inspector, c, 'verify_fail');
      expect(res.body.status).toBe('in_progress');
      expect((await caseEvents(t, c.id)).at(-1)).toMatchObject({ action: 'verify_fail', actorRole: 'inspector', note: '还有垃圾' });
    });

    it('reopen sends a closed case back to the same department with a new deadline', async () => {
      const c = await insertCase(t, {
        status: 'closed',
        departmentId: w.deptA,
        reporterId: w.resident.user.id,
        closedAt: new Date(Date.now() - 2 * 86400_000),
        deadline: new Date(Date.now() - 3 * 86400_000),
      });
      const res = await postAction(t, w.dispatcher, c, 'reopen');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'dispatched', departmentId: w.deptA, closedAt: null, overdue: false });
      expect(Date.parse(res.body.deadline)).toBeGreaterThan(Date.now());
    });

    it('residents\' "没有解决" waits for a dispatcher, who reopens or declines it', async () => {
      const closed = async () =>
        insertCase(t, {
          status: 'closed',
          departmentId: w.deptA,
          reporterId: w.resident.user.id,
          closedAt: new Date(Date.now() - 86400_000),
        });
      const unsolved = async (c: Case) => {
        const photo = await insertPhoto(t, w.resident.user.id);
        const res = await t
          .http()
          .post(`/api/v1/reports/${c.primaryReportId}/feedback`)
          .set(w.resident.auth)
          .send({ satisfied: false, comment: '还是很脏', photoIds: [photo.id] });
        expect(res.status).toBeLessThan(300);
      };
      const a = await closed();
      await unsolved(a);
      const pending = await t.http().get('/api/v1/cases/reopen-requests').set(w.dispatcher.auth);
      expect(pending.body.items.map((r: { caseId: number }) => r.caseId)).toContain(a.id);
      expect((await t.http().get('/api/v1/cases/reopen-requests').set(w.handlerA.auth)).status).toBe(403);
      expect((await t.http().get(`/api/v1/cases/${a.id}`).set(w.dispatcher.auth)).body.reopenRequests).toEqual([
        expect.objectContaining({ reportId: a.primaryReportId, comment: '还是很脏', status: 'pending' }),
      ]);

      const declined = await t.http().post(`/api/v1/cases/${a.id}/reopen/decline`).set(w.dispatcher.auth).send({});
      expect(declined.status).toBe(200);
      expect(declined.body).toMatchObject({ status: 'closed', reopenRequests: [] });
      expect(declined.body.timeline.at(-1).action).toBe('reopen_declined');
      expect((await t.http().post(`/api/v1/cases/${a.id}/reopen/decline`).set(w.dispatcher.auth).send({})).body.code).toBe(
        'REOPEN_REQUEST_NOT_FOUND',
      );

      const b = await closed();
      await unsolved(b);
      const reopened = await postAction(t, w.dispatcher, b, 'reopen');
      expect(reopened.body).toMatchObject({ status: 'dispatched', reopenRequests: [] });
      const after = await t.http().get('/api/v1/cases/reopen-requests').set(w.dispatcher.auth);
      expect(after.body.items.map((r: { caseId: number }) => r.caseId)).not.toContain(b.id);
      // The decided ones stay findable, newest first, a page at a time.
      const accepted = await t.http().get('/api/v1/cases/reopen-requests?status=accepted&pageSize=1').set(w.dispatcher.auth);
      expect(accepted.body).toMatchObject({
        total: 1,
        page: 1,
        pageSize: 1,
        items: [expect.objectContaining({ caseId: b.id, status: 'accepted' })],
      });
      const declinedList = await t.http().get('/api/v1/cases/reopen-requests?status=declined').set(w.dispatcher.auth);
      expect(declinedList.body.items.map((r: { caseId: number }) => r.caseId)).toEqual([a.id]);
      expect((await t.http().get('/api/v1/cases/reopen-requests?status=maybe').set(w.dispatcher.auth)).body.code).toBe('VALIDATION_FAILED');
    });

    it('reopen is refused 7 days after closing', async () => {
      const c = await insertCase(t, {
        status: 'closed',
        departmentId: w.deptA,
        reporterId: w.resident.user.id,
        closedAt: new Date(Date.now() - 8 * 86400_000),
      });
      const res = await postAction(t, w.dispatcher, c, 'reopen');
      expect([res.status, res.body.code]).toEqual([409, 'REOPEN_WINDOW_PASSED']);
    });
  });

  it('a whole life: submitted → accepted → dispatched (suggestion) → claimed → resolved → closed, one event per move', async () => {
    const c = await insertCase(t, { status: 'submitted', gridId: w.gridAId, reporterId: w.resident.user.id });
    for (const [actor, action] of [
      [w.dispatcher, 'accept'],
      [w.dispatcher, 'dispatch'],
      [w.handlerA, 'claim'],
      [w.handlerA, 'resolve'],
      [w.dispatcher, 'verify_pass'],
    ] as const) {
      const res = await postAction(t, actor, c, action);
      expect(res.status).toBe(200);
    }
    const detail = await t.http().get(`/api/v1/cases/${c.id}`).set(w.dispatcher.auth);
    expect(detail.body.status).toBe('closed');
    expect(detail.body.timeline.map((e: { action: string }) => e.action)).toEqual([
      'accept',
      'dispatch',
      'claim',
      'resolve',
      'verify_pass',
    ]);
    expect(detail.body.actions).toEqual(['reopen']);
    const messages = await t.db
      .getRepository(OutboxMessage)
      .find({ where: { userId: w.resident.user.id }, order: { id: 'DESC' }, take: 4 });
    expect(messages.map((m) => m.payload.data.phrase2)).toEqual(['已解决', '已处理', '已派遣', '已受理']);
  });
});
