import type { EntityManager } from 'typeorm';
import { Case } from '../cases/case.entity';
import { Transactions } from '../database/transactions';
import { Campaign } from '../rewards/campaign.entity';
import { Reward } from '../rewards/reward.entity';
import { RewardGrantService } from '../rewards/reward-grant.service';
import { User } from '../users/user.entity';
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

/** A campaign (by default running from yesterday to tomorrow) written directly: no API, no audit; for benches and fixtures. */
export function saveCampaign(em: EntityManager, name: string, over: Partial<Campaign> = {}): Promise<Campaign> {
  const repo = em.getRepository(Campaign);
  return repo.save(
    repo.create({
      name,
      startsAt: new Date(Date.now() - 86_400_000),
      endsAt: new Date(Date.now() + 86_400_000),
      budgetFen: 1_000_000,
      reservedFen: 0,
      dailyCountCap: null,
      dailyAmountCapFen: null,
      monthlyCountCap: null,
      monthlyAmountCapFen: null,
      categoryAmounts: null,
      snapTrigger: 'accepted',
      mergedDuplicateFen: 0,
      approvalThresholdFen: 1_000_000,
      active: true,
      ...over,
    }),
  );
}

/** A resident with an openid and an approved 2-yuan reward ready to claim (no bill yet), written directly. */
export async function saveResidentWithApprovedReward(
  em: EntityManager,
  campaignId: number,
  resident: { openid: string; displayName: string },
  reportId: number,
): Promise<{ user: User; reward: Reward }> {
  const users = em.getRepository(User);
  const user = await users.save(users.create({ kind: 'resident', ...resident, roles: ['resident'], departmentId: null, active: true }));
  const rewards = em.getRepository(Reward);
  const reward = await rewards.save(
    rewards.create({
      reportId,
      caseId: reportId,
      userId: user.id,
      campaignId,
      categoryCode: 'exposed_garbage',
      amountFen: 200,
      status: 'approved',
      basis: 'primary',
      holdReasons: null,
      reviewNote: null,
      batchId: null,
      attempt: 0,
      outBillNo: null,
      billState: null,
      transferBillNo: null,
      packageInfo: null,
      billParams: null,
      failReason: null,
      billCreatedAt: null,
      paidAt: null,
    }),
  );
  return { user, reward };
}
