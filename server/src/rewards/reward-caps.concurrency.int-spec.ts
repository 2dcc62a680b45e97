import { Case } from '../cases/case.entity';
import { Transactions } from '../database/transactions';
import { LedgerEntry } from '../ledger/ledger-entry.entity';
import { residentLogin, seedReportTestPlaces, staffToken } from '../testing/factories-reports';
import { bearer, createCampaign, submitSnap } from '../testing/factories-rewards';
import { startTestApp, type TestApp } from '../testing/test-app';
import { Campaign } from './campaign.entity';
import { RewardDecision } from './reward-decision.entity';
import { RewardGrantService } from './reward-grant.service';
import { Reward } from './reward.entity';

/**
 * docs/domain.md §8 caps and budget under concurrency (§11): several cases of one resident accepted at the
 * same moment by two dispatchers never exceed the per-person daily/monthly count or amount caps nor
 * the campaign budget, and one report never earns twice. Run it on MariaDB too (TEST_DB=mysql).
 */
describe('reward caps and budget under concurrent accepts', () => {
  let t: TestApp;
  let seed = 9000;
  let admin: string;
  let auditor: string;
  let dispatchers: string[];
  let campaignId = 0;
  let residentNo = 0;
  const AMOUNT = 200;

  /** Deactivates the previous campaign and starts a new one (the grant uses the first active one). */
  const freshCampaign = async (overrides: Record<string, unknown>) => {
    if (campaignId)
      expect((await t.http().patch(`/api/v1/campaigns/${campaignId}`).set(bearer(admin)).send({ active: false })).status).toBe(200);
    campaignId = (await createCampaign(t, admin, { budgetFen: 100_000, categoryAmounts: { exposed_garbage: AMOUNT }, ...overrides })).id;
    return campaignId;
  };
  const newResident = () => residentLogin(t, `cap-resident-${residentNo++}`);
  const submitMany = async (token: string, n: number) => {
    const out: { reportId: number; caseId: number }[] = [];
    for (let i = 0; i < n; i++) out.push(await submitSnap(t, token, seed++));
    return out;
  };
  /** All cases accepted at once, alternating between two dispatchers. */
  const acceptAllAtOnce = async (caseIds: number[]) => {
    const res = await Promise.all(
      caseIds.map((id, i) =>
        t
          .http()
          .post(`/api/v1/cases/${id}/accept`)
          .set(bearer(dispatchers[i % 2]))
          .send({}),
      ),
    );
    return res.map((r) => r.status);
  };
  const outcome = async (reportIds: number[]) => {
    const decisions = await t.db.getRepository(RewardDecision).find({ where: reportIds.map((reportId) => ({ reportId, campaignId })) });
    const rewards = await t.db.getRepository(Reward).find({ where: reportIds.map((reportId) => ({ reportId })) });
    const reasons: Record<string, number> = {};
    for (const d of decisions) {
      const key = d.granted ? 'granted' : d.reason;
      reasons[key] = (reasons[key] ?? 0) + 1;
    }
    const campaign = await t.db.getRepository(Campaign).findOneByOrFail({ id: campaignId });
    const reserved = await t.db.getRepository(LedgerEntry).findBy({ campaignId, kind: 'reserved' });
    return { rewards, reasons, reservedFen: campaign.reservedFen, ledgerReservedFen: reserved.reduce((s, e) => s + e.amountFen, 0) };
  };

  beforeAll(async () => {
    t = await startTestApp();
    await seedReportTestPlaces(t.db, 'cap');
    admin = (await staffToken(t, 'cap-admin', ['admin'])).token;
    auditor = (await staffToken(t, 'cap-auditor', ['auditor'])).token;
    dispatchers = [
      (await staffToken(t, 'cap-dispatcher-1', ['dispatcher'])).token,
      (await staffToken(t, 'cap-dispatcher-2', ['dispatcher'])).token,
    ];
  });
  afterAll(async () => t?.close());

  it('daily count cap 2: six cases of one resident accepted at once earn exactly two rewards', async () => {
    await freshCampaign({ dailyCountCap: 2 });
    const alice = await newResident();
    const reports = await submitMany(alice.token, 6);
    expect(await acceptAllAtOnce(reports.map((r) => r.caseId))).toEqual([200, 200, 200, 200, 200, 200]);
    const o = await outcome(reports.map((r) => r.reportId));
    expect(o.rewards).toHaveLength(2);
    expect(o.rewards.every((r) => r.userId === alice.userId && r.amountFen === AMOUNT && ['cleared', 'held'].includes(r.status))).toBe(
      true,
    );
    expect(o.reasons).toEqual({ granted: 2, DAILY_COUNT_CAP: 4 });
    expect([o.reservedFen, o.ledgerReservedFen]).toEqual([2 * AMOUNT, 2 * AMOUNT]);
  });

  it('daily amount cap: 500 fen a day at 200 a report allows two of six', async () => {
    await freshCampaign({ dailyAmountCapFen: 500 });
    const bob = await newResident();
    const reports = await submitMany(bob.token, 6);
    expect(await acceptAllAtOnce(reports.map((r) => r.caseId))).toEqual([200, 200, 200, 200, 200, 200]);
    const o = await outcome(reports.map((r) => r.reportId));
    expect(o.rewards).toHaveLength(2);
    expect(o.reasons).toEqual({ granted: 2, DAILY_AMOUNT_CAP: 4 });
    expect(o.reservedFen).toBe(2 * AMOUNT);
  });

  it('monthly count cap 3 and monthly amount cap 500 hold as well', async () => {
    await freshCampaign({ monthlyCountCap: 3 });
    const carol = await newResident();
    const byCount = await submitMany(carol.token, 6);
    expect(await acceptAllAtOnce(byCount.map((r) => r.caseId))).toEqual([200, 200, 200, 200, 200, 200]);
    const oc = await outcome(byCount.map((r) => r.reportId));
    expect(oc.rewards).toHaveLength(3);
    expect(oc.reasons).toEqual({ granted: 3, MONTHLY_COUNT_CAP: 3 });

    await freshCampaign({ monthlyAmountCapFen: 500 });
    const dave = await newResident();
    const byAmount = await submitMany(dave.token, 5);
    expect(await acceptAllAtOnce(byAmount.map((r) => r.caseId))).toEqual([200, 200, 200, 200, 200]);
    const oa = await outcome(byAmount.map((r) => r.reportId));
    expect(oa.rewards).toHaveLength(2);
    expect(oa.reasons).toEqual({ granted: 2, MONTHLY_AMOUNT_CAP: 3 });
  });

  it('budget of 600 fen: six residents accepted at once, three earn, three BUDGET_EXHAUSTED', async () => {
    await freshCampaign({ budgetFen: 600 });
    const reports: { reportId: number; caseId: number }[] = [];
    for (let i = 0; i < 6; i++) reports.push(...(await submitMany((await newResident()).token, 1)));
    expect(await acceptAllAtOnce(reports.map((r) => r.caseId))).toEqual([200, 200, 200, 200, 200, 200]);
    const o = await outcome(reports.map((r) => r.reportId));
    expect(o.rewards).toHaveLength(3);
    expect(o.reasons).toEqual({ granted: 3, BUDGET_EXHAUSTED: 3 });
    expect([o.reservedFen, o.ledgerReservedFen]).toEqual([600, 600]);
  });

  it('an auditor cancelling a reward while new cases are accepted: caps and budget stay consistent, no error', async () => {
    await freshCampaign({ dailyCountCap: 2 });
    const fay = await newResident();
    const [first, ...rest] = await submitMany(fay.token, 4);
    await acceptAllAtOnce([first.caseId]);
    const toCancel = (await t.db.getRepository(Reward).findOneByOrFail({ reportId: first.reportId })).id;
    const [cancel, ...accepts] = await Promise.all([
      t.http().post(`/api/v1/rewards/${toCancel}/cancel`).set(bearer(auditor)).send({ note: '核实为虚假上报' }),
      ...rest.map((r, i) =>
        t
          .http()
          .post(`/api/v1/cases/${r.caseId}/accept`)
          .set(bearer(dispatchers[i % 2]))
          .send({}),
      ),
    ]);
    expect([cancel.status, cancel.body.status]).toEqual([200, 'cancelled']);
    expect(accepts.map((r) => r.status)).toEqual([200, 200, 200]);
    const live = (await t.db.getRepository(Reward).findBy({ userId: fay.userId, campaignId })).filter((r) => r.status !== 'cancelled');
    // The cancel frees a place only for grants after it: 1 or 2 new rewards, never more than the cap.
    expect(live.length).toBeGreaterThanOrEqual(1);
    expect(live.length).toBeLessThanOrEqual(2);
    expect((await t.db.getRepository(Campaign).findOneByOrFail({ id: campaignId })).reservedFen).toBe(live.length * AMOUNT);
  });

  it('one report never earns twice: a double accept, and two grants for the same case racing', async () => {
    await freshCampaign({ dailyCountCap: 5 });
    const erin = await newResident();
    const [a, b] = await submitMany(erin.token, 2);
    const statuses = (await acceptAllAtOnce([a.caseId, a.caseId])).sort();
    expect(statuses).toEqual([200, 409]);

    // Below the case lock: the grant itself, twice at once for the same (already accepted) case.
    await acceptAllAtOnce([b.caseId]);
    await t.db.getRepository(Reward).delete({ reportId: b.reportId });
    await t.db.getRepository(Campaign).update({ id: campaignId }, { reservedFen: AMOUNT });
    const tx = t.app.get(Transactions);
    const grants = t.app.get(RewardGrantService);
    const results = await Promise.allSettled(
      [1, 2, 3].map(() =>
        tx.run(async (em) => {
          const c = await em.getRepository(Case).findOneByOrFail({ id: b.caseId });
          const campaign = await em.getRepository(Campaign).findOneByOrFail({ id: campaignId });
          return grants.grantForCase(em, c, campaign, new Date());
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    expect(results.map((r) => (r as PromiseFulfilledResult<Reward[]>).value.length).sort()).toEqual([0, 0, 1]);
    expect(await t.db.getRepository(Reward).countBy({ reportId: b.reportId })).toBe(1);
    expect(await t.db.getRepository(Reward).countBy({ reportId: a.reportId })).toBe(1);
    const o = await outcome([b.reportId]);
    expect(o.reasons).toEqual({ granted: 2, ALREADY_REWARDED: 2 });
  });
});
