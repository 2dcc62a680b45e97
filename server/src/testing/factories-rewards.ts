import type { EntityManager } from 'typeorm';
import { Case } from '../cases/case.entity';
import { Transactions } from '../database/transactions';
import { RewardGrantService } from '../rewards/reward-grant.service';
import { newRequestId, REPORT_TEST_AREA, uploadScene } from './factories-reports';
import type { TestApp } from './test-app';

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Creates a campaign through the admin API (running now, generous caps unless overridden). */
export async function createCampaign(
  t: TestApp,
  adminToken: string,
  overrides: Record<string, unknown> = {},
): Promise<{ id: number; name: string }> {
  const res = await t
    .http()
    .post('/api/v1/campaigns')
    .set(bearer(adminToken))
    .send({
      name: '测试红包活动',
      startsAt: new Date(Date.now() - 86_400_000).toISOString(),
      endsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      budgetFen: 100_000,
      approvalThresholdFen: 1_000,
      ...overrides,
    });
  if (res.status !== 201) throw new Error(`campaign create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A resident's snap report at the test area's centre (optionally elsewhere / with a device location). */
export async function submitSnap(
  t: TestApp,
  token: string,
  seed: number,
  extra: Record<string, unknown> = {},
): Promise<{ reportId: number; caseId: number }> {
  const photoIds = [await uploadScene(t, token, seed)];
  const res = await t
    .http()
    .post('/api/v1/reports')
    .set(bearer(token))
    .send({
      kind: 'snap',
      categoryCode: 'exposed_garbage',
      description: '路边有垃圾',
      location: REPORT_TEST_AREA.centre,
      photoIds,
      clientRequestId: newRequestId('rw'),
      ...extra,
    });
  if (res.status !== 201) throw new Error(`report failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { reportId: res.body.id, caseId: res.body.caseId };
}

/**
 * Accepts a case: through POST /cases/:id/accept when the cases module serves it, otherwise (cases
 * module not there yet) by the same move in a transaction followed by the CaseHooks listener.
 */
export async function acceptCase(t: TestApp, dispatcherToken: string, caseId: number): Promise<void> {
  const res = await t.http().post(`/api/v1/cases/${caseId}/accept`).set(bearer(dispatcherToken)).send({});
  if (res.status === 200 || res.status === 201) return;
  if (res.status !== 404 || res.body.code !== 'ROUTE_NOT_FOUND')
    throw new Error(`accept failed: ${res.status} ${JSON.stringify(res.body)}`);
  // eslint-disable-next-line no-console -- opt-in diagnostics for a test run
  if (process.env.REWARDS_TEST_VERBOSE) console.warn('acceptCase: cases module absent, using the in-transaction fallback');
  await t.app.get(Transactions).run(async (em: EntityManager) => {
    const c = await em.getRepository(Case).findOneByOrFail({ id: caseId });
    const fromStatus = c.status;
    c.status = 'accepted';
    await em.getRepository(Case).save(c);
    await t.app.get(RewardGrantService).onCaseTransition(em, { caseRow: c, action: 'accept', fromStatus, actorUserId: null });
  });
}

export async function waitFor<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 8000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}
