import { LedgerEntry } from '../ledger/ledger-entry.entity';
import { Reward } from '../rewards/reward.entity';
import { residentLogin, seedReportTestPlaces, staffToken } from '../testing/factories-reports';
import { acceptCase, bearer, createCampaign, submitSnap, waitFor } from '../testing/factories-rewards';
import { startTestApp, type TestApp } from '../testing/test-app';
import { buildSignedCallback } from '../wechatpay/callback';
import type { TransferBill } from '../wechatpay/transfer-client';
import type { WechatpayKeys } from '../wechatpay/wechatpay-keys';
import { WECHATPAY_KEYS } from '../wechatpay/wechatpay.tokens';

/**
 * A reward whose first bill expired has a second bill open. A callback that still arrives for the first
 * bill — late, replayed, or (wrongly) saying SUCCESS — must change nothing: marking the reward failed would
 * let the resident open a third bill while the second can still be confirmed, and marking it paid would
 * book money that WeChat Pay may pay again on the second bill. Either way the reward is paid twice.
 */
describe('a callback for a superseded bill', () => {
  let t: TestApp;
  let keys: WechatpayKeys;
  let dispatcher: string;
  let auditorA: string;
  let auditorB: string;
  let resident: { token: string; userId: number };

  const rewardOf = (reportId: number) => t.db.getRepository(Reward).findOneByOrFail({ reportId });
  const ledgerOf = (rewardId: number) => t.db.getRepository(LedgerEntry).find({ where: { rewardId }, order: { id: 'ASC' } });
  const claim = (rewardId: number) => t.http().post(`/api/v1/rewards/${rewardId}/claim`).set(bearer(resident.token));
  const notify = async (bill: TransferBill, nonce: string) => {
    const signed = buildSignedCallback(
      bill,
      { platformSerial: keys.platformSerial, platformPrivateKeyPem: keys.sim!.platformPrivateKeyPem, apiv3Key: keys.apiv3Key },
      nonce,
    );
    return t.http().post('/api/v1/wechatpay/notify').set(signed.headers).send(signed.body);
  };

  beforeAll(async () => {
    // No duplicated or late callbacks from the simulator: this test sends the stale ones itself.
    t = await startTestApp({ WECHATPAY_SIM_DUPLICATE_RATE: '0', WECHATPAY_SIM_LATE_RATE: '0' });
    keys = t.app.get<WechatpayKeys>(WECHATPAY_KEYS);
    await seedReportTestPlaces(t.db, 'sb');
    const admin = (await staffToken(t, 'sb-admin', ['admin'])).token;
    dispatcher = (await staffToken(t, 'sb-dispatcher', ['dispatcher'])).token;
    auditorA = (await staffToken(t, 'sb-auditor-a', ['auditor'])).token;
    auditorB = (await staffToken(t, 'sb-auditor-b', ['auditor'])).token;
    resident = await residentLogin(t, 'sb-resident');
    await createCampaign(t, admin, { name: '过期重领测试' });
  });
  afterAll(async () => t?.close());

  it('leaves the open second bill alone, so the reward is paid once', async () => {
    const { reportId, caseId } = await submitSnap(t, resident.token, 9100);
    await acceptCase(t, dispatcher, caseId);
    const reward = await rewardOf(reportId);
    const batch = await t
      .http()
      .post('/api/v1/payout-batches')
      .set(bearer(auditorA))
      .send({ rewardIds: [reward.id] });
    expect(batch.status).toBe(201);
    expect((await t.http().post(`/api/v1/payout-batches/${batch.body.id}/approve`).set(bearer(auditorB))).body.status).toBe('approved');

    // Attempt 1 is never confirmed: after 24 h WeChat Pay closes it (FAIL / OVERDUE_CLOSE) and attempt 2 opens.
    const first = await claim(reward.id);
    expect(first.body.outBillNo).toMatch(/A001$/);
    await t
      .http()
      .post('/sim/wechatpay/_control/clock')
      .send({ advanceMs: 25 * 3600_000 });
    await waitFor(
      () => rewardOf(reportId),
      (r) => r.status === 'expired',
    );
    const second = await claim(reward.id);
    expect(second.status).toBe(200);
    expect(second.body.outBillNo).toMatch(/A002$/);
    const before = await ledgerOf(reward.id);
    expect(before.map((e) => [e.kind, e.outBillNo])).toEqual([
      ['reserved', null],
      ['granted', null],
      ['failed', first.body.outBillNo],
    ]);

    // The first bill's callbacks arrive again: its FAIL, and a SUCCESS that should never exist.
    const stale = { out_bill_no: first.body.outBillNo, transfer_bill_no: 'stale-1', transfer_amount: reward.amountFen };
    expect((await notify({ ...stale, state: 'FAIL', fail_reason: 'OVERDUE_CLOSE' }, 'stale-fail')).status).toBe(204);
    expect((await notify({ ...stale, state: 'SUCCESS' }, 'stale-success')).status).toBe(204);

    // Nothing moved: still attempt 2, still waiting for the resident; no ledger entry added.
    expect(await rewardOf(reportId)).toMatchObject({
      status: 'transferring',
      outBillNo: second.body.outBillNo,
      billState: 'WAIT_USER_CONFIRM',
      paidAt: null,
    });
    expect(await ledgerOf(reward.id)).toEqual(before);
    // Claiming again hands out the same second bill, never a third one.
    const again = await claim(reward.id);
    expect(again.body).toEqual(second.body);

    // The resident confirms attempt 2: paid once, one paid entry for attempt 2.
    await t.http().post(`/api/v1/sim/wechatpay/transfer-bills/${second.body.outBillNo}/confirm`).set(bearer(resident.token)).expect(200);
    await waitFor(
      () => rewardOf(reportId),
      (r) => r.status === 'paid',
    );
    expect((await ledgerOf(reward.id)).map((e) => [e.kind, e.outBillNo])).toEqual([
      ...before.map((e) => [e.kind, e.outBillNo]),
      ['paid', second.body.outBillNo],
    ]);
  });
});
