import { StaffNotice } from '../notifications/staff-notice.entity';
import { caseEvents, insertCase, seedCaseWorld, type CaseWorld } from '../testing/factories-cases';
import { startTestApp, type TestApp } from '../testing/test-app';
import { CaseEscalation } from './case-escalation.entity';
import type { Case } from './case.entity';
import { EscalationService } from './escalation.service';

const HOUR = 3600_000;

/** The escalation ladder (docs/domain.md §7) with a controllable clock, and extensions that move the deadline. */
describe('escalation ladder and extensions', () => {
  let t: TestApp;
  let w: CaseWorld;
  let sut: EscalationService;

  beforeAll(async () => {
    t = await startTestApp();
    w = await seedCaseWorld(t);
    sut = t.app.get(EscalationService);
  });
  afterAll(() => t.close());

  /** A 4-hour case of department A dispatched at t0 (deadline t0 + 4 h) — far in the past so the real clock does not interfere. */
  async function dispatchedCase(t0: Date, status: 'dispatched' | 'in_progress' = 'dispatched'): Promise<Case> {
    return insertCase(t, {
      status,
      departmentId: w.deptA,
      reporterId: w.resident.user.id,
      slaHours: 4,
      dispatchedAt: t0,
      deadline: new Date(t0.getTime() + 4 * HOUR),
    });
  }
  const steps = async (caseId: number) =>
    (await t.db.getRepository(CaseEscalation).find({ where: { caseId }, order: { id: 'ASC' } })).map((e) => e.step);
  const escalateEvents = async (caseId: number) =>
    (await caseEvents(t, caseId)).filter((e) => e.action === 'escalate').map((e) => (e.data as { step: string }).step);
  const notices = async (caseId: number) => t.db.getRepository(StaffNotice).find({ where: { caseId }, order: { id: 'ASC' } });
  const at = (t0: Date, hours: number) => new Date(t0.getTime() + hours * HOUR);

  it('fires each step once, at 50 %, at the deadline and at 2× SLA, even when run twice', async () => {
    const t0 = new Date('2026-01-05T00:00:00Z');
    const c = await dispatchedCase(t0);
    const fired = async (hours: number) => (await sut.runOnce(at(t0, hours))).fired.filter((f) => f.caseId === c.id).map((f) => f.step);
    expect(await fired(1.9)).toEqual([]);
    expect(await fired(2)).toEqual(['reminder']);
    expect(await fired(2.5)).toEqual([]);
    expect(await fired(4)).toEqual(['overdue']);
    expect(await fired(4)).toEqual([]);
    expect(await fired(8)).toEqual(['circular']);
    expect(await fired(9)).toEqual([]);
    expect(await steps(c.id)).toEqual(['reminder', 'overdue', 'circular']);
    expect(await escalateEvents(c.id)).toEqual(['reminder', 'overdue', 'circular']);
    const n = await notices(c.id);
    // reminder → the department (its handlers); overdue → the department manager; circular → each dispatcher.
    expect(n.filter((x) => x.kind === 'case_reminder').map((x) => [x.departmentId, x.userId])).toEqual([[w.deptA, null]]);
    expect(n.filter((x) => x.kind === 'case_overdue').map((x) => x.userId)).toEqual([w.managerA.user.id]);
    expect(
      n
        .filter((x) => x.kind === 'case_circular')
        .map((x) => x.userId)
        .sort(),
    ).toEqual(expect.arrayContaining([w.dispatcher.user.id, w.dispatcher2.user.id]));
  });

  it('the reminder goes to the handler who claimed the case and names the address and the time left', async () => {
    const t0 = new Date('2026-01-04T00:00:00Z');
    const c = await insertCase(t, {
      status: 'in_progress',
      departmentId: w.deptA,
      handlerUserId: w.handlerA.user.id,
      address: '西湖区文三路 88 号',
      reporterId: w.resident.user.id,
      slaHours: 4,
      dispatchedAt: t0,
      deadline: at(t0, 4),
    });
    await sut.runOnce(at(t0, 2.25));
    const [reminder] = (await notices(c.id)).filter((x) => x.kind === 'case_reminder');
    expect([reminder.userId, reminder.departmentId]).toEqual([w.handlerA.user.id, null]);
    expect(reminder.body).toContain('西湖区文三路 88 号');
    expect(reminder.body).toContain('还剩 1 小时 45 分');
    await sut.runOnce(at(t0, 4));
    const [overdue] = (await notices(c.id)).filter((x) => x.kind === 'case_overdue');
    expect(overdue.userId).toBe(w.managerA.user.id);
    expect(overdue.body).toContain('西湖区文三路 88 号');
  });

  it('a late first run records every step that is due, once', async () => {
    const t0 = new Date('2026-01-06T00:00:00Z');
    const c = await dispatchedCase(t0, 'in_progress');
    const r = await sut.runOnce(at(t0, 10));
    expect(r.fired.filter((f) => f.caseId === c.id).map((f) => f.step)).toEqual(['reminder', 'overdue', 'circular']);
    expect((await sut.runOnce(at(t0, 11))).fired.filter((f) => f.caseId === c.id)).toEqual([]);
  });

  it('two runs at the same time still record and notify each step once', async () => {
    const t0 = new Date('2026-01-07T00:00:00Z');
    const c = await dispatchedCase(t0);
    const [a, b, d] = await Promise.all([sut.runOnce(at(t0, 5)), sut.runOnce(at(t0, 5)), sut.runOnce(at(t0, 5))]);
    const mine = (r: typeof a) => r.fired.filter((f) => f.caseId === c.id).length;
    expect(mine(a) + mine(b) + mine(d)).toBe(2);
    expect(await steps(c.id)).toEqual(['reminder', 'overdue']);
    expect(await escalateEvents(c.id)).toEqual(['reminder', 'overdue']);
    expect((await notices(c.id)).filter((x) => x.kind === 'case_overdue')).toHaveLength(1);
  });

  it('resolved, closed and returned cases do not escalate', async () => {
    const t0 = new Date('2026-01-08T00:00:00Z');
    const resolved = await insertCase(t, {
      status: 'resolved',
      departmentId: w.deptA,
      reporterId: w.resident.user.id,
      dispatchedAt: t0,
      deadline: at(t0, 4),
    });
    const returned = await dispatchedCase(t0);
    const ret = await t.http().post(`/api/v1/cases/${returned.id}/return`).set(w.handlerA.auth).send({ reason: '不是我们的' });
    expect(ret.status).toBe(200);
    const r = await sut.runOnce(at(t0, 9));
    expect(r.fired.filter((f) => f.caseId === resolved.id || f.caseId === returned.id)).toEqual([]);
  });

  it('an approved extension moves the deadline and re-arms the ladder; a refused one does not', async () => {
    const t0 = new Date(Date.now() - 5 * HOUR);
    const c = await dispatchedCase(t0, 'in_progress'); // deadline 1 h ago
    expect((await sut.runOnce(new Date())).fired.filter((f) => f.caseId === c.id).map((f) => f.step)).toEqual(['reminder', 'overdue']);

    const req = await t.http().post(`/api/v1/cases/${c.id}/extension`).set(w.handlerA.auth).send({ hours: 24, reason: '需要调用大型机械' });
    expect(req.status).toBe(200);
    expect(req.body.extensions).toEqual([expect.objectContaining({ hours: 24, status: 'pending', requestedBy: w.handlerA.user.id })]);
    const again = await t.http().post(`/api/v1/cases/${c.id}/extension`).set(w.managerA.auth).send({ hours: 2, reason: '再申请' });
    expect([again.status, again.body.code]).toEqual([409, 'EXTENSION_PENDING']);
    expect((await t.http().post(`/api/v1/cases/${c.id}/extension/decide`).set(w.handlerA.auth).send({ approved: true })).body.code).toBe(
      'CASE_ROLE_NOT_ALLOWED',
    );

    const ok = await t.http().post(`/api/v1/cases/${c.id}/extension/decide`).set(w.dispatcher.auth).send({ approved: true, note: '同意' });
    expect(ok.status).toBe(200);
    expect(Date.parse(ok.body.deadline)).toBe(at(t0, 28).getTime());
    expect(ok.body.overdue).toBe(false);
    expect(ok.body.extensions[0]).toMatchObject({
      status: 'approved',
      decidedBy: w.dispatcher.user.id,
      deadlineAfter: at(t0, 28).toISOString(),
    });
    expect((await t.http().post(`/api/v1/cases/${c.id}/extension/decide`).set(w.dispatcher.auth).send({ approved: true })).body.code).toBe(
      'EXTENSION_NOT_FOUND',
    );

    // New deadline t0 + 28 h: reminder at t0 + 14 h, overdue at t0 + 28 h, circular at t0 + 56 h.
    expect((await sut.runOnce(at(t0, 13))).fired.filter((f) => f.caseId === c.id)).toEqual([]);
    expect((await sut.runOnce(at(t0, 14))).fired.filter((f) => f.caseId === c.id).map((f) => f.step)).toEqual(['reminder']);
    expect((await sut.runOnce(at(t0, 28))).fired.filter((f) => f.caseId === c.id).map((f) => f.step)).toEqual(['overdue']);
    expect(await steps(c.id)).toEqual(['reminder', 'overdue', 'reminder', 'overdue']);

    const req2 = await t.http().post(`/api/v1/cases/${c.id}/extension`).set(w.handlerA.auth).send({ hours: 8, reason: '天气' });
    expect(req2.status).toBe(200);
    const no = await t
      .http()
      .post(`/api/v1/cases/${c.id}/extension/decide`)
      .set(w.dispatcher.auth)
      .send({ approved: false, note: '不同意' });
    expect(no.body.deadline).toBe(at(t0, 28).toISOString());
    expect(
      no.body.timeline.filter((e: { action: string }) => e.action.startsWith('extension')).map((e: { action: string }) => e.action),
    ).toEqual(['extension_request', 'extension_decide', 'extension_request', 'extension_decide']);
  });

  it.each([
    ['another department', 'handlerB', 'dispatched', 404, 'CASE_NOT_FOUND'],
    ['a dispatcher', 'dispatcher', 'dispatched', 403, 'CASE_ROLE_NOT_ALLOWED'],
    ['a resolved case', 'handlerA', 'resolved', 409, 'CASE_TRANSITION_NOT_ALLOWED'],
  ] as const)('refuses an extension request from %s', async (_label, who, status, code, error) => {
    const c = await insertCase(t, { status, departmentId: w.deptA, reporterId: w.resident.user.id });
    const res = await t.http().post(`/api/v1/cases/${c.id}/extension`).set(w[who].auth).send({ hours: 4, reason: '原因' });
    expect([res.status, res.body.code]).toEqual([code, error]);
  });

  it('validates extension hours (1..720)', async () => {
    const c = await insertCase(t, { status: 'dispatched', departmentId: w.deptA, reporterId: w.resident.user.id });
    for (const hours of [0, 721, 1.5])
      expect((await t.http().post(`/api/v1/cases/${c.id}/extension`).set(w.handlerA.auth).send({ hours, reason: 'x' })).status).toBe(400);
  });

  it('lists cases that reached 2× SLA for dispatchers and auditors, not for handlers', async () => {
    const t0 = new Date('2026-01-09T00:00:00Z');
    const c = await dispatchedCase(t0);
    await sut.runOnce(at(t0, 8));
    const res = await t.http().get('/api/v1/cases/circular-list?pageSize=100').set(w.auditor.auth);
    expect(res.status).toBe(200);
    const item = res.body.items.find((i: { id: number }) => i.id === c.id);
    expect(item).toMatchObject({ id: c.id, status: 'dispatched', overdue: true });
    expect(item.overdueMinutes).toBeGreaterThan(0);
    expect(res.body.total).toBe(res.body.items.length);
    expect((await t.http().get('/api/v1/cases/circular-list').set(w.handlerA.auth)).status).toBe(403);
    const open = await t.http().get('/api/v1/cases/circular-list?openOnly=true&pageSize=100').set(w.dispatcher.auth);
    expect(open.body.items.every((i: { status: string }) => i.status === 'dispatched' || i.status === 'in_progress')).toBe(true);
  });
});
