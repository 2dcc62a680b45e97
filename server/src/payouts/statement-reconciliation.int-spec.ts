import { StaffNotice } from '../notifications/staff-notice.entity';
import { Reward } from '../rewards/reward.entity';
import { User } from '../users/user.entity';
import { residentLogin, seedReportTestPlaces, staffToken } from '../testing/factories-reports';
import { acceptCase, bearer, createCampaign, submitSnap, waitFor } from '../testing/factories-rewards';
import { startTestApp, type TestApp } from '../testing/test-app';
import { SimWechatpayService } from '../wechatpay/simulator/sim-wechatpay.service';
import { StatementReconciliationService } from './statement-reconciliation.service';

/**
 * Reconciliation against WeChat Pay's own statement: the fund-flow bill the simulator makes from its
 * bills, downloaded and hash-checked by the real client, matched line by line to rewards. Into the
 * simulator's books go an outflow no reward explains, a paid reward's bill vanishes, and one amount
 * changes: the auditor gets exactly those three, with names, kept and exportable, and a notice.
 */
describe('statement reconciliation (资金账单) through the simulator', () => {
  let t: TestApp;
  let dispatcher: string;
  let auditorA: { token: string; userId: number };
  let auditorB: string;
  let seed = 9300;
  const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const sim = () => t.app.get(SimWechatpayService);
  const nameOf = async (userId: number) => (await t.db.getRepository(User).findOneByOrFail({ id: userId })).displayName;

  const paidReward = async (name: string): Promise<Reward> => {
    const resident = await residentLogin(t, name);
    // Each resident somewhere else (about 170 m apart): several residents rewarded at one spot is itself a fraud signal.
    const r = await submitSnap(t, resident.token, seed, { location: { lat: 31.222 + (seed++ % 10) * 0.0015, lng: 121.47 } });
    await acceptCase(t, dispatcher, r.caseId);
    const reward = await t.db.getRepository(Reward).findOneByOrFail({ reportId: r.reportId });
    const p = await t
      .http()
      .post('/api/v1/payout-batches')
      .set(bearer(auditorA.token))
      .send({ rewardIds: [reward.id] });
    await t.http().post(`/api/v1/payout-batches/${p.body.id}/approve`).set(bearer(auditorB)).expect(200);
    const c = await t.http().post(`/api/v1/rewards/${reward.id}/claim`).set(bearer(resident.token)).expect(200);
    await t.http().post(`/api/v1/sim/wechatpay/transfer-bills/${c.body.outBillNo}/confirm`).set(bearer(resident.token)).expect(200);
    return (await waitFor(
      () => t.db.getRepository(Reward).findOneByOrFail({ id: reward.id }),
      (x) => x.status === 'paid',
    ))!;
  };

  beforeAll(async () => {
    t = await startTestApp({ WECHATPAY_SIM_DUPLICATE_RATE: '0', WECHATPAY_SIM_LATE_RATE: '0' });
    await seedReportTestPlaces(t.db, 'sr');
    const admin = (await staffToken(t, 'sr-admin', ['admin'])).token;
    dispatcher = (await staffToken(t, 'sr-dispatcher', ['dispatcher'])).token;
    auditorA = await staffToken(t, 'sr-auditor-a', ['auditor']);
    auditorB = (await staffToken(t, 'sr-auditor-b', ['auditor'])).token;
    await createCampaign(t, admin, { name: '账单核对测试', approvalThresholdFen: 100_000 });
  });
  afterAll(async () => t?.close());

  it('matches every outflow of the day to a paid reward', async () => {
    await paidReward('sr-居民甲');
    await paidReward('sr-居民乙');
    const res = await t.http().post(`/api/v1/ledger/statements/${today()}/reconcile`).set(bearer(auditorA.token));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ billDate: today(), status: 'ok', outflowCount: 2, matchedCount: 2, differences: [] });
    expect(res.body.sha1).toMatch(/^[0-9a-f]{40}$/);
    expect(res.body.outflowFen).toBe(res.body.matchedFen);
    expect((await t.http().post(`/api/v1/ledger/statements/${today()}/reconcile`).set(bearer(dispatcher))).status).toBe(403);
  });

  it('lists an unknown outflow, a missing one and an amount mismatch; keeps, exports and notifies', async () => {
    const vanished = await paidReward('sr-居民丙');
    const changed = await paidReward('sr-居民丁');
    const store = sim().store;
    const now = sim().now();
    store.insert({
      outBillNo: 'SOMEONEELSE0001',
      mchid: '1900000001',
      transferBillNo: '1330999999999999999',
      appid: 'wx-sim-appid',
      openid: 'o-stranger',
      amountFen: 777,
      paramsHash: 'x',
      params: '{}',
      notifyUrl: '',
      state: 'SUCCESS',
      failReason: null,
      packageInfo: '',
      createdAt: now,
      updatedAt: now,
      callbacksSent: 0,
    });
    store.patch(vanished.outBillNo!, { state: 'FAIL' });
    store.patch(changed.outBillNo!, { amountFen: changed.amountFen + 100 });

    const res = await t.http().post(`/api/v1/ledger/statements/${today()}/reconcile`).set(bearer(auditorA.token));
    expect(res.body.status).toBe('differences');
    const kinds = (res.body.differences as { kind: string }[]).map((d) => d.kind).sort();
    expect(kinds).toEqual(['AMOUNT_MISMATCH', 'MISSING_OUTFLOW', 'UNKNOWN_OUTFLOW']);
    const byKind = Object.fromEntries((res.body.differences as { kind: string }[]).map((d) => [d.kind, d]));
    expect(byKind.UNKNOWN_OUTFLOW).toMatchObject({ rewardId: null, wechatBillNo: '1330999999999999999', billFen: 777 });
    expect(byKind.MISSING_OUTFLOW).toMatchObject({
      rewardId: vanished.id,
      residentName: await nameOf(vanished.userId),
      rewardFen: vanished.amountFen,
    });
    expect(byKind.AMOUNT_MISMATCH).toMatchObject({
      rewardId: changed.id,
      residentName: await nameOf(changed.userId),
      billFen: changed.amountFen + 100,
      rewardFen: changed.amountFen,
    });

    const kept = await t.http().get('/api/v1/ledger/statements').set(bearer(auditorA.token));
    expect(kept.body[0]).toMatchObject({ billDate: today(), status: 'differences' });
    const csv = await t.http().get(`/api/v1/ledger/statements/${today()}/export.csv`).set(bearer(auditorA.token));
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text).toContain('UNKNOWN_OUTFLOW');
    expect(csv.text).toContain(await nameOf(vanished.userId));
    const notices = await t.db.getRepository(StaffNotice).findBy({ userId: auditorA.userId, kind: 'statement_diff' });
    expect(notices.at(-1)?.title).toContain('3 处差异');
  });

  it('runs the bill of yesterday once after 10:00 China time, and refuses a bad date', async () => {
    expect((await t.http().post('/api/v1/ledger/statements/2026-02-30/reconcile').set(bearer(auditorA.token))).body.code).toBe(
      'STATEMENT_DATE_INVALID',
    );
    expect((await t.http().get('/api/v1/ledger/statements/2020-01-01').set(bearer(auditorA.token))).status).toBe(404);
    // The daily job: before 10:00 China time nothing; after, yesterday once.
    const svc = t.app.get(StatementReconciliationService);
    expect(await svc.runDue(new Date('2026-12-05T01:00:00Z'))).toBeNull();
    const yesterday = await svc.runDue(new Date('2026-12-05T03:00:00Z'));
    expect(yesterday).toMatchObject({ billDate: '2026-12-04' });
    expect(await svc.runDue(new Date('2026-12-05T03:30:00Z'))).toBeNull();
  });
});
