import { Reward } from './reward.entity';
import { User } from '../users/user.entity';
import { residentLogin, seedReportTestPlaces, staffToken } from '../testing/factories-reports';
import { acceptCase, bearer, createCampaign, submitSnap } from '../testing/factories-rewards';
import { startTestApp, type TestApp } from '../testing/test-app';

/**
 * The three signals an auditor saw pass (issue 14 §2), each with crafted data over HTTP: a burst of
 * rewards for one resident, one WeChat phone number behind several accounts, several residents rewarded
 * at one spot within minutes (a staged scene); thresholds edited by an admin; every hold shows its reason.
 */
describe('fraud signals: reward burst, shared phone, spot cluster; admin thresholds', () => {
  let t: TestApp;
  let admin: string;
  let dispatcher: string;
  let auditor: string;
  let seed = 9500;
  let spot = 0;

  /** A snap at its own spot (about 170 m from the others) unless `at` is given, accepted; its reward. */
  const rewarded = async (who: { token: string }, at?: { lat: number; lng: number }): Promise<Reward> => {
    const location = at ?? { lat: 31.221 + (spot % 12) * 0.0015, lng: 121.461 + Math.floor(spot++ / 12) * 0.0018 };
    const r = await submitSnap(t, who.token, seed++, { location });
    await acceptCase(t, dispatcher, r.caseId);
    return t.db.getRepository(Reward).findOneByOrFail({ reportId: r.reportId });
  };
  const signalsOf = (r: Reward) => (r.holdReasons ?? []).map((h) => h.signal);

  beforeAll(async () => {
    t = await startTestApp();
    await seedReportTestPlaces(t.db, 'fs');
    admin = (await staffToken(t, 'fs-admin', ['admin'])).token;
    dispatcher = (await staffToken(t, 'fs-dispatcher', ['dispatcher'])).token;
    auditor = (await staffToken(t, 'fs-auditor', ['auditor'])).token;
    await createCampaign(t, admin, { name: '风险信号测试', dailyCountCap: 100 });
  });
  afterAll(async () => t?.close());

  it('holds the fifth reward of one resident within ten minutes (defaults: more than 4 in 10 min)', async () => {
    const busy = await residentLogin(t, 'fs-busy');
    const rewards: Reward[] = [];
    for (let i = 0; i < 5; i++) rewards.push(await rewarded(busy));
    expect(rewards.slice(0, 4).map(signalsOf)).toEqual([[], [], [], []]);
    expect(rewards[4].status).toBe('held');
    expect(rewards[4].holdReasons).toEqual([{ signal: 'REWARD_BURST', evidence: { rewards: 5, minutes: 10, max: 4 } }]);
    // The auditor's list shows the reason with the hold.
    const list = await t.http().get('/api/v1/rewards').query({ status: 'held' }).set(bearer(auditor));
    expect(list.body.items.find((x: { id: number }) => x.id === rewards[4].id)?.holdReasons?.[0]?.signal).toBe('REWARD_BURST');
  });

  it('holds a reward whose WeChat phone number is already on another resident account', async () => {
    const first = await residentLogin(t, 'fs-phone-a');
    const second = await residentLogin(t, 'fs-phone-b');
    await t.db.getRepository(User).update({ id: first.userId }, { phone: '13800138000' });
    await t.db.getRepository(User).update({ id: second.userId }, { phone: '13800138000' });
    const r = await rewarded(second);
    expect(r.status).toBe('held');
    expect(r.holdReasons).toEqual([{ signal: 'SHARED_PHONE', evidence: { accounts: 2, otherUserIds: [first.userId], max: 1 } }]);
  });

  it('holds the reward of the third resident rewarded at one spot within the hour (a staged scene)', async () => {
    const here = { lat: 31.2385, lng: 121.4785 };
    const [a, b, c] = [await residentLogin(t, 'fs-spot-a'), await residentLogin(t, 'fs-spot-b'), await residentLogin(t, 'fs-spot-c')];
    expect(signalsOf(await rewarded(a, here))).toEqual([]);
    expect(signalsOf(await rewarded(b, { lat: here.lat + 0.0001, lng: here.lng }))).toEqual([]);
    const third = await rewarded(c, here);
    expect(third.status).toBe('held');
    expect(third.holdReasons).toEqual([
      {
        signal: 'SPOT_CLUSTER',
        evidence: { residents: 3, otherUserIds: expect.arrayContaining([a.userId, b.userId]), radiusM: 30, minutes: 60 },
      },
    ]);
  });

  it('lets only admins edit the thresholds (audited); new grants follow them', async () => {
    expect((await t.http().get('/api/v1/fraud-settings').set(bearer(auditor))).body).toMatchObject({
      rewardBurstMax: 4,
      spotClusterResidents: 3,
    });
    expect((await t.http().put('/api/v1/fraud-settings').set(bearer(dispatcher)).send({ rewardBurstMax: 9 })).status).toBe(403);
    expect((await t.http().put('/api/v1/fraud-settings').set(bearer(admin)).send({ rewardBurstMax: 0 })).status).toBe(400);
    const saved = await t.http().put('/api/v1/fraud-settings').set(bearer(admin)).send({ spotClusterResidents: 5 });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ spotClusterResidents: 5, rewardBurstMax: 4 });
    const there = { lat: 31.2215, lng: 121.4795 };
    const people = [await residentLogin(t, 'fs-relaxed-a'), await residentLogin(t, 'fs-relaxed-b'), await residentLogin(t, 'fs-relaxed-c')];
    const rs: Reward[] = [];
    for (const p of people) rs.push(await rewarded(p, there));
    expect(rs.map(signalsOf)).toEqual([[], [], []]);
    const audit = await t.http().get('/api/v1/audit').query({ action: 'fraud_settings.update' }).set(bearer(auditor));
    expect(JSON.stringify(audit.body)).toContain('fraud_settings.update');
  });
});
