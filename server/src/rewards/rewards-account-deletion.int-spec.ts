import { LedgerEntry } from '../ledger/ledger-entry.entity';
import { residentLogin, seedReportTestPlaces, staffToken } from '../testing/factories-reports';
import { bearer, createCampaign, submitSnap } from '../testing/factories-rewards';
import { startTestApp, type TestApp } from '../testing/test-app';
import { Campaign } from './campaign.entity';
import { Reward } from './reward.entity';

/** 注销 (docs/domain.md §2): the app promises that red packets not yet received are void; their budget goes back. */
describe('account deletion and the resident’s rewards', () => {
  let t: TestApp;
  let admin: string;
  let dispatcher: string;

  beforeAll(async () => {
    t = await startTestApp();
    await seedReportTestPlaces(t.db, 'del');
    admin = (await staffToken(t, 'del-admin', ['admin'])).token;
    dispatcher = (await staffToken(t, 'del-dispatcher', ['dispatcher'])).token;
  });
  afterAll(async () => t?.close());

  it('cancels the unreceived rewards, returns their budget with a ledger entry, keeps the paid ones and other residents’ rewards', async () => {
    const campaignId = (await createCampaign(t, admin, { budgetFen: 100_000, categoryAmounts: { exposed_garbage: 200 } })).id;
    const leaving = await residentLogin(t, 'del-leaving');
    const staying = await residentLogin(t, 'del-staying');
    const reports = [
      await submitSnap(t, leaving.token, 501),
      await submitSnap(t, leaving.token, 502),
      await submitSnap(t, staying.token, 503),
    ];
    for (const r of reports)
      expect((await t.http().post(`/api/v1/cases/${r.caseId}/accept`).set(bearer(dispatcher)).send({})).status).toBe(200);
    const rewards = t.db.getRepository(Reward);
    const mine = await rewards.find({ where: { userId: leaving.userId }, order: { id: 'ASC' } });
    expect(mine).toHaveLength(2);
    await rewards.update({ id: mine[1].id }, { status: 'paid' }); // already received: stays as a money record
    const reservedBefore = (await t.db.getRepository(Campaign).findOneByOrFail({ id: campaignId })).reservedFen;

    expect((await t.http().delete('/api/v1/me').set(bearer(leaving.token))).status).toBeLessThan(300);

    expect((await rewards.findOneByOrFail({ id: mine[0].id })).status).toBe('cancelled');
    expect((await rewards.findOneByOrFail({ id: mine[1].id })).status).toBe('paid');
    expect((await rewards.findOneByOrFail({ userId: staying.userId })).status).not.toBe('cancelled');
    expect((await t.db.getRepository(Campaign).findOneByOrFail({ id: campaignId })).reservedFen).toBe(reservedBefore - 200);
    const entries = await t.db.getRepository(LedgerEntry).findBy({ rewardId: mine[0].id, kind: 'cancelled' });
    expect(entries.map((e) => e.amountFen)).toEqual([200]);
  });
});
