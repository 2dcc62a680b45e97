import { generateKeyPairSync } from 'node:crypto';
import { LedgerEntry } from '../ledger/ledger-entry.entity';
import { Reward } from '../rewards/reward.entity';
import { residentLogin, seedReportTestPlaces, staffToken } from '../testing/factories-reports';
import { acceptCase, bearer, createCampaign, submitSnap } from '../testing/factories-rewards';
import { startTestApp, type TestApp } from '../testing/test-app';
import { buildSignedCallback } from '../wechatpay/callback';
import type { TransferBill } from '../wechatpay/transfer-client';
import { WECHATPAY_KEYS } from '../wechatpay/wechatpay.tokens';
import type { WechatpayKeys } from '../wechatpay/wechatpay-keys';

const second = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});
const SECOND_SERIAL = 'PUB_KEY_ID_0114000000000000000000000000SWITCH';

/**
 * Callbacks as WeChat Pay's docs describe them, crafted: during a key switch a callback may be signed
 * with either configured key; a validly signed callback whose amount, mch_id or openid differs from the
 * bill holds the reward for the auditor instead of paying it; campaign amounts outside the scene's
 * single-transfer limits are refused when the campaign is saved.
 */
describe('payout callbacks: two platform keys, contents checked against the bill; campaign amount limits', () => {
  let t: TestApp;
  let keys: WechatpayKeys;
  let admin: string;
  let dispatcher: string;
  let auditorA: string;
  let auditorB: string;
  let seed = 9100;

  /** A reward granted, batched, approved and claimed: its bill waits for the resident's confirmation. */
  const claimedReward = async (): Promise<Reward> => {
    // A new resident each time: several rewards of one person at one spot would be held as SAME_SPOT.
    const alice = await residentLogin(t, `bd-resident-${seed}`);
    // Each resident somewhere else (about 170 m apart): several residents rewarded at one spot is itself a fraud signal.
    const r = await submitSnap(t, alice.token, seed, { location: { lat: 31.222 + (seed++ % 10) * 0.0015, lng: 121.47 } });
    await acceptCase(t, dispatcher, r.caseId);
    const reward = await t.db.getRepository(Reward).findOneByOrFail({ reportId: r.reportId });
    const p = await t
      .http()
      .post('/api/v1/payout-batches')
      .set(bearer(auditorA))
      .send({ rewardIds: [reward.id] });
    expect(p.status).toBe(201);
    expect((await t.http().post(`/api/v1/payout-batches/${p.body.id}/approve`).set(bearer(auditorB))).body.status).toBe('approved');
    expect((await t.http().post(`/api/v1/rewards/${reward.id}/claim`).set(bearer(alice.token))).status).toBe(200);
    return t.db.getRepository(Reward).findOneByOrFail({ id: reward.id });
  };
  const callback = (bill: TransferBill, signer: { serial: string; privateKey: string }, id: string) =>
    buildSignedCallback(bill, { platformSerial: signer.serial, platformPrivateKeyPem: signer.privateKey, apiv3Key: keys.apiv3Key }, id);
  const success = (r: Reward, patch: Partial<TransferBill> = {}): TransferBill => ({
    out_bill_no: r.outBillNo!,
    transfer_bill_no: r.transferBillNo ?? '1330000000000',
    state: 'SUCCESS',
    mch_id: keys.mchid,
    transfer_amount: r.amountFen,
    openid: (r.billParams as { openid: string }).openid,
    ...patch,
  });

  beforeAll(async () => {
    t = await startTestApp({
      WECHATPAY_PLATFORM_SERIAL_2: SECOND_SERIAL,
      WECHATPAY_PLATFORM_KEY_2: second.publicKey,
      WECHATPAY_SIM_DUPLICATE_RATE: '0',
      WECHATPAY_SIM_LATE_RATE: '0',
    });
    keys = t.app.get(WECHATPAY_KEYS);
    await seedReportTestPlaces(t.db, 'bd');
    admin = (await staffToken(t, 'bd-admin', ['admin'])).token;
    dispatcher = (await staffToken(t, 'bd-dispatcher', ['dispatcher'])).token;
    auditorA = (await staffToken(t, 'bd-auditor-a', ['auditor'])).token;
    auditorB = (await staffToken(t, 'bd-auditor-b', ['auditor'])).token;
    await createCampaign(t, admin, { name: '回调核对测试', approvalThresholdFen: 100_000 });
  });
  afterAll(async () => t?.close());

  it('accepts a callback signed with the second key of a switch and pays once; refuses a key it does not hold', async () => {
    const r = await claimedReward();
    const stranger = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    const forged = callback(success(r), { serial: 'PUB_KEY_ID_STRANGER', privateKey: stranger.privateKey }, 'cb-forged');
    expect((await t.http().post('/api/v1/wechatpay/notify').set(forged.headers).send(forged.body)).status).toBe(401);
    const wrongKeyRightSerial = callback(success(r), { serial: SECOND_SERIAL, privateKey: stranger.privateKey }, 'cb-forged-2');
    expect((await t.http().post('/api/v1/wechatpay/notify').set(wrongKeyRightSerial.headers).send(wrongKeyRightSerial.body)).status).toBe(
      401,
    );
    expect((await t.db.getRepository(Reward).findOneByOrFail({ id: r.id })).status).toBe('transferring');

    const signed = callback(success(r), { serial: SECOND_SERIAL, privateKey: second.privateKey }, 'cb-second-key');
    expect((await t.http().post('/api/v1/wechatpay/notify').set(signed.headers).send(signed.body)).status).toBe(204);
    expect((await t.db.getRepository(Reward).findOneByOrFail({ id: r.id })).status).toBe('paid');
    const old = callback(success(r), { serial: keys.platformSerial, privateKey: keys.sim!.platformPrivateKeyPem }, 'cb-old-key');
    expect((await t.http().post('/api/v1/wechatpay/notify').set(old.headers).send(old.body)).status).toBe(204);
    expect(await t.db.getRepository(LedgerEntry).countBy({ rewardId: r.id, kind: 'paid' })).toBe(1);
  });

  it.each([
    ['amount', { transfer_amount: 99_999 }],
    ['mch_id', { mch_id: '1999999999' }],
    ['openid', { openid: 'o-someone-else' }],
  ])('holds the reward for the auditor when a signed SUCCESS carries another %s', async (field, patch) => {
    const r = await claimedReward();
    const signed = callback(success(r, patch), { serial: keys.platformSerial, privateKey: keys.sim!.platformPrivateKeyPem }, `cb-${field}`);
    expect((await t.http().post('/api/v1/wechatpay/notify').set(signed.headers).send(signed.body)).status).toBe(204);
    const held = await t.db.getRepository(Reward).findOneByOrFail({ id: r.id });
    expect(held.status).toBe('held');
    expect(held.holdReasons).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          signal: 'BILL_MISMATCH',
          evidence: expect.objectContaining({ outBillNo: r.outBillNo, state: 'SUCCESS' }),
        }),
      ]),
    );
    expect(await t.db.getRepository(LedgerEntry).countBy({ rewardId: r.id, kind: 'paid' })).toBe(0);
    // The auditor sees why, cannot send it back into a batch, and the reconcile job leaves it alone.
    const list = await t.http().get('/api/v1/rewards').query({ status: 'held' }).set(bearer(auditorA));
    expect(list.body.items.find((x: { id: number }) => x.id === r.id)?.holdReasons?.[0]?.signal).toBe('BILL_MISMATCH');
    const release = await t.http().post(`/api/v1/rewards/${r.id}/release`).set(bearer(auditorA)).send({ note: '放行' });
    expect(release.status).toBe(409);
    expect(release.body.code).toBe('REWARD_BILL_MISMATCH');
    expect((await t.http().post('/api/v1/payouts/reconcile').set(bearer(auditorA))).status).toBe(200);
    expect((await t.db.getRepository(Reward).findOneByOrFail({ id: r.id })).status).toBe('held');
  });

  it('refuses campaign amounts outside the scene’s single-transfer limits (0.10–200 yuan) when saved', async () => {
    const low = await t
      .http()
      .post('/api/v1/campaigns')
      .set(bearer(admin))
      .send({
        name: '限额测试',
        startsAt: new Date().toISOString(),
        endsAt: new Date(Date.now() + 86_400_000).toISOString(),
        budgetFen: 1000,
        categoryAmounts: { exposed_garbage: 5 },
      });
    expect(low.status).toBe(422);
    expect(low.body.code).toBe('CAMPAIGN_AMOUNT_OUT_OF_RANGE');
    expect(low.body.message).toContain('categoryAmounts.exposed_garbage=5 分');
    const campaigns = await t.http().get('/api/v1/campaigns').set(bearer(admin));
    const id = campaigns.body[0].id;
    const high = await t.http().patch(`/api/v1/campaigns/${id}`).set(bearer(admin)).send({ mergedDuplicateFen: 20_001 });
    expect(high.status).toBe(422);
    expect(high.body.details).toEqual([expect.objectContaining({ field: 'mergedDuplicateFen' })]);
    expect(
      (
        await t
          .http()
          .patch(`/api/v1/campaigns/${id}`)
          .set(bearer(admin))
          .send({ categoryAmounts: { exposed_garbage: 20_000 }, mergedDuplicateFen: 0 })
      ).status,
    ).toBe(200);
  });
});
