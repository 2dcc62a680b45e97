import type { CaseActor } from '@sansui/shared';
import { Transactions } from '../database/transactions';
import { caseDispatchOutcome } from '../stats/dispatch-quality';
import { insertCase, seedCaseWorld, type CaseWorld } from '../testing/factories-cases';
import { startTestApp, type TestApp } from '../testing/test-app';
import { CaseEvent } from './case-event.entity';
import { CaseLifecycle } from './case-lifecycle.service';
import { Case } from './case.entity';
import { rebuildDispatchOutcomes } from './dispatch-outcome.repository';

interface Outcome {
  firstDispatchedAt: number | null;
  firstDepartmentId: number | null;
  suggestionTaken: boolean;
  dispatchCount: number;
  returnCount: number;
}

/**
 * The dispatch outcome each case keeps (dispatch quality, docs/domain.md §17) equals a recount of its own timeline:
 * after random dispatch / return histories made through CaseLifecycle, after two transactions race to move the same
 * case (the version check decides, the loser leaves nothing), and after the rebuild command's recount.
 */
describe('the dispatch outcome a case keeps', () => {
  let t: TestApp;
  let w: CaseWorld;
  let lifecycle: CaseLifecycle;
  let tx: Transactions;
  const dispatcher = { userId: null, role: 'dispatcher' as CaseActor, name: '派遣员' };
  const handler = { userId: null, role: 'handler' as CaseActor, name: '处置员' };

  beforeAll(async () => {
    t = await startTestApp();
    w = await seedCaseWorld(t);
    lifecycle = t.app.get(CaseLifecycle);
    tx = t.app.get(Transactions);
  }, 120_000);
  afterAll(() => t.close());

  const accepted = () =>
    insertCase(t, {
      status: 'accepted',
      gridId: w.gridAId,
      reporterId: w.resident.user.id,
      triage: { routing: { departmentId: w.deptA, explanation: '测试路由', rule: 'test' } },
    });

  const dispatch = (id: number, departmentId?: number, expectedVersion?: number) =>
    tx.run((em) => lifecycle.dispatch(em, dispatcher, id, { departmentId, expectedVersion }));
  const giveBack = (id: number, expectedVersion?: number) =>
    tx.run(async (em) => {
      const c = await lifecycle.lock(em, id, expectedVersion);
      return lifecycle.move(em, handler, c, 'return', {
        patch: { departmentId: null, handlerUserId: null, deadline: null },
        event: { note: '不归我们管', data: { departmentId: c.departmentId, reason: '不归我们管' } },
      });
    });

  /** What the case row says. */
  async function stored(ids: number[]): Promise<Map<number, Outcome>> {
    const rows = await t.db.getRepository(Case).find({ where: ids.map((id) => ({ id })), order: { id: 'ASC' } });
    return new Map(
      rows.map((c) => [
        c.id,
        {
          firstDispatchedAt: c.firstDispatchedAt?.getTime() ?? null,
          firstDepartmentId: c.firstDepartmentId,
          suggestionTaken: Boolean(c.suggestionTaken),
          dispatchCount: c.dispatchCount,
          returnCount: c.returnCount,
        },
      ]),
    );
  }

  /** The recount from the case's events, by the rule of stats/dispatch-quality.ts. */
  async function recounted(ids: number[]): Promise<Map<number, Outcome>> {
    const out = new Map<number, Outcome>();
    for (const caseId of ids) {
      const events = await t.db.getRepository(CaseEvent).find({ where: { caseId }, order: { createdAt: 'ASC', id: 'ASC' } });
      const timeline = events
        .filter((e) => e.action === 'dispatch' || e.action === 'return')
        .map((e) => ({
          action: e.action as 'dispatch' | 'return',
          departmentId: typeof e.data?.departmentId === 'number' ? e.data.departmentId : null,
          suggested: e.data?.suggested === true,
          at: e.createdAt,
        }));
      const first = timeline.find((e) => e.action === 'dispatch');
      const o = caseDispatchOutcome({ caseId, categoryCode: 'exposed_garbage', events: timeline });
      out.set(caseId, {
        firstDispatchedAt: first?.at.getTime() ?? null,
        firstDepartmentId: first?.departmentId ?? null,
        suggestionTaken: o?.suggestionTaken ?? false,
        dispatchCount: timeline.filter((e) => e.action === 'dispatch').length,
        returnCount: timeline.filter((e) => e.action === 'return').length,
      });
    }
    return out;
  }

  it('follows random dispatch and return histories, and the rebuild recounts the same from the events', async () => {
    const rnd = mulberry32(20261206);
    const ids: number[] = [];
    for (let i = 0; i < 16; i++) {
      const c = await accepted();
      ids.push(c.id);
      let dispatched = false;
      for (let step = Math.floor(rnd() * 6); step > 0; step--) {
        if (dispatched) await giveBack(c.id);
        // The routing suggestion (deptA) as given, or a department picked by hand.
        else await dispatch(c.id, rnd() < 0.4 ? undefined : rnd() < 0.5 ? w.deptA : w.deptB);
        dispatched = !dispatched;
      }
    }
    const expected = await recounted(ids);
    expect(await stored(ids)).toEqual(expected);
    const counts = [...expected.values()];
    expect(counts.some((o) => o.dispatchCount === 0)).toBe(true);
    expect(counts.some((o) => o.dispatchCount >= 2 && o.returnCount >= 1)).toBe(true);
    expect(counts.some((o) => o.suggestionTaken)).toBe(true);
    expect(counts.some((o) => o.dispatchCount > 0 && !o.suggestionTaken)).toBe(true);

    // The rebuild command's recount, from wiped columns, gives the same; versions and update times are left alone.
    const before = await t.db.getRepository(Case).find({ where: ids.map((id) => ({ id })), order: { id: 'ASC' } });
    await t.db.query(
      'UPDATE cases SET firstDispatchedAt = NULL, firstDepartmentId = 999, suggestionTaken = 1, dispatchCount = 7, returnCount = 7, updatedAt = updatedAt',
    );
    await rebuildDispatchOutcomes(t.db, String(t.db.options.type), { batch: 5 });
    expect(await stored(ids)).toEqual(expected);
    const after = await t.db.getRepository(Case).find({ where: ids.map((id) => ({ id })), order: { id: 'ASC' } });
    expect(after.map((c) => [c.version, c.updatedAt.getTime()])).toEqual(before.map((c) => [c.version, c.updatedAt.getTime()]));
  });

  it('two transactions moving the same case: the version check lets one through, the other leaves nothing behind', async () => {
    const ids: number[] = [];
    const winners = new Map<number, number>();
    for (let i = 0; i < 8; i++) {
      const c = await accepted();
      ids.push(c.id);
      // Both read version c.version; one dispatch commits, the other finds the case moved on.
      const [toA, toB] = await Promise.allSettled([dispatch(c.id, w.deptA, c.version), dispatch(c.id, w.deptB, c.version)]);
      expect([toA.status, toB.status].sort()).toEqual(['fulfilled', 'rejected']);
      const lost = (toA.status === 'rejected' ? toA : toB) as PromiseRejectedResult;
      expect((lost.reason as { code?: string }).code).toBe('CASE_VERSION_CONFLICT');
      winners.set(c.id, toA.status === 'fulfilled' ? w.deptA : w.deptB);
      // Then two returns race on the dispatched case: one is recorded.
      const v = (await t.db.getRepository(Case).findOneByOrFail({ id: c.id })).version;
      const raced = await Promise.allSettled([giveBack(c.id, v), giveBack(c.id, v)]);
      expect(raced.map((r) => (r.status === 'fulfilled' ? 'ok' : (r.reason as { code?: string }).code)).sort()).toEqual([
        'CASE_VERSION_CONFLICT',
        'ok',
      ]);
    }
    const got = await stored(ids);
    expect(got).toEqual(await recounted(ids));
    for (const id of ids)
      expect(got.get(id)).toEqual(expect.objectContaining({ dispatchCount: 1, returnCount: 1, firstDepartmentId: winners.get(id) }));
    const events = t.db.getRepository(CaseEvent);
    expect(await events.count({ where: ids.map((caseId) => ({ caseId, action: 'dispatch' })) })).toBe(ids.length);
    expect(await events.count({ where: ids.map((caseId) => ({ caseId, action: 'return' })) })).toBe(ids.length);
  });
});

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}
