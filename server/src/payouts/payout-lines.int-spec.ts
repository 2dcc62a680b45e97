import type { PayoutLinesPage } from '@sansui/shared';
import { Case } from '../cases/case.entity';
import { Reward } from '../rewards/reward.entity';
import { residentLogin, seedReportTestPlaces, staffToken, type ReportTestPlaces } from '../testing/factories-reports';
import { acceptCase, bearer, createCampaign, submitSnap } from '../testing/factories-rewards';
import { startTestApp, type TestApp } from '../testing/test-app';
import { User } from '../users/user.entity';

/**
 * Batches an auditor can judge (docs/domain.md §8): the candidates and a batch's lines narrowed by department,
 * category, amount, fraud signal and reporter, with the count and total of the whole selection; a batch
 * proposed from a filter holds exactly what the proposer saw, or is refused.
 */
describe('payout lines: filters, totals, proposing what was seen', () => {
  let t: TestApp;
  let places: ReportTestPlaces;
  let auditorA: { token: string; userId: number };
  let auditorB: { token: string; userId: number };
  let dispatcher: string;
  /** rewardId per label: a1, a2, a3 by 王小明 (openid of alice), b1, b2 by 李四. */
  const ids: Record<string, number> = {};
  let aliceOpenid = '';

  const get = async (path: string, query: Record<string, unknown> = {}, token = auditorA.token) =>
    t.http().get(`/api/v1${path}`).query(query).set(bearer(token));
  const candidates = async (query: Record<string, unknown> = {}) => {
    const res = await get('/payout-batches/candidates', query);
    expect(res.status).toBe(200);
    return res.body as PayoutLinesPage;
  };

  beforeAll(async () => {
    t = await startTestApp();
    places = await seedReportTestPlaces(t.db, 'pl');
    const admin = (await staffToken(t, 'pl-admin', ['admin'])).token;
    dispatcher = (await staffToken(t, 'pl-dispatcher', ['dispatcher'])).token;
    auditorA = await staffToken(t, 'pl-auditor-a', ['auditor']);
    auditorB = await staffToken(t, 'pl-auditor-b', ['auditor']);
    await t.db.getRepository(User).update({ id: auditorA.userId }, { displayName: '审计员甲' });
    await createCampaign(t, admin, { name: '批次明细测试' });
    const alice = await residentLogin(t, 'pl-alice');
    const bob = await residentLogin(t, 'pl-bob');
    await t.db.getRepository(User).update({ id: alice.userId }, { displayName: '王小明' });
    await t.db.getRepository(User).update({ id: bob.userId }, { displayName: '李四' });
    aliceOpenid = (await t.db.getRepository(User).findOneByOrFail({ id: alice.userId })).openid!;

    const [deptX, deptY] = Object.values(places.departments);
    // label, who, amount, category, department, signals
    const plan = [
      ['a1', alice, 200, 'exposed_garbage', deptX.id, null],
      ['a2', alice, 500, 'exposed_garbage', deptY.id, [{ signal: 'REWARD_BURST', evidence: { rewards: 6, minutes: 10, max: 5 } }]],
      ['a3', alice, 800, 'illegal_ads', deptX.id, [{ signal: 'SPOT_CLUSTER', evidence: { residents: 3 } }]],
      ['b1', bob, 300, 'illegal_ads', deptY.id, null],
      ['b2', bob, 1000, 'exposed_garbage', deptX.id, [{ signal: 'SHARED_PHONE', evidence: { accounts: 3 } }]],
    ] as const;
    let seed = 9100;
    for (const [label, who, amountFen, categoryCode, departmentId, signals] of plan) {
      const r = await submitSnap(t, who.token, seed++, { location: { lat: 31.222 + (seed - 9100) * 0.003, lng: 121.465 } });
      await acceptCase(t, dispatcher, r.caseId);
      const reward = await t.db.getRepository(Reward).findOneByOrFail({ reportId: r.reportId });
      // Crafted: the grant's own amount and signals vary with the seed data; the filters are what is tested.
      await t.db
        .getRepository(Reward)
        .update(
          { id: reward.id },
          { status: 'cleared', amountFen, categoryCode, holdReasons: signals as never, reviewNote: signals ? '已核实' : null },
        );
      await t.db.getRepository(Case).update({ id: r.caseId }, { departmentId });
      ids[label] = reward.id;
    }
  }, 180_000);
  afterAll(async () => t?.close());

  const lineIds = (p: PayoutLinesPage) => p.items.map((l) => l.rewardId);

  it('lists every candidate with its count and total, and pages without losing the totals', async () => {
    const all = await candidates();
    expect([all.total, all.totalFen]).toEqual([5, 2800]);
    const page2 = await candidates({ pageSize: 2, page: 2 });
    expect(page2).toMatchObject({ total: 5, totalFen: 2800, page: 2, pageSize: 2 });
    expect(lineIds(page2)).toEqual([ids.a3, ids.b1]);
    const line = page2.items[0];
    expect(line).toMatchObject({ reporterName: '王小明', amountFen: 800, categoryCode: 'illegal_ads', reviewNote: '已核实' });
    expect(line.signals).toEqual([{ signal: 'SPOT_CLUSTER', evidence: { residents: 3 } }]);
    expect(line.departmentName).toBe(Object.values(places.departments)[0].name);
    // The openid is masked even for an auditor: the name and the case identify the reporter.
    expect(line.reporterOpenid).not.toBe(aliceOpenid);
    expect(line.reporterOpenid).toBe(`${aliceOpenid.slice(0, 4)}****${aliceOpenid.slice(-4)}`);
  });

  it('narrows by department, category, amount, signal and reporter', async () => {
    const [deptX, deptY] = Object.values(places.departments);
    const byDept = await candidates({ departmentId: deptX.id });
    expect([lineIds(byDept), byDept.totalFen]).toEqual([[ids.a1, ids.a3, ids.b2], 2000]);
    expect(lineIds(await candidates({ departmentId: deptY.id, categoryCode: 'illegal_ads' }))).toEqual([ids.b1]);
    const mid = await candidates({ minFen: 300, maxFen: 800 });
    expect([lineIds(mid), mid.total, mid.totalFen]).toEqual([[ids.a2, ids.a3, ids.b1], 3, 1600]);
    expect(lineIds(await candidates({ signal: 'REWARD_BURST' }))).toEqual([ids.a2]);
    expect(lineIds(await candidates({ signal: 'any' }))).toEqual([ids.a2, ids.a3, ids.b2]);
    expect(lineIds(await candidates({ signal: 'none' }))).toEqual([ids.a1, ids.b1]);
    expect(lineIds(await candidates({ reporter: '小明' }))).toEqual([ids.a1, ids.a2, ids.a3]);
    expect(lineIds(await candidates({ reporter: aliceOpenid }))).toEqual([ids.a1, ids.a2, ids.a3]);
    // LIKE wildcards in the input are plain characters.
    expect((await candidates({ reporter: '%' })).total).toBe(0);
  });

  it('narrows by the days the rewards were earned, as days in China', async () => {
    // a1 earned at 00:30 on 12-01 in Beijing (still 11-30 in UTC), a2 at 23:30 on 11-30 in Beijing
    await t.db.getRepository(Reward).update({ id: ids.a1 }, { createdAt: new Date('2026-11-30T16:30:00Z') });
    await t.db.getRepository(Reward).update({ id: ids.a2 }, { createdAt: new Date('2026-11-30T15:30:00Z') });
    expect(lineIds(await candidates({ from: '2026-12-01', to: '2026-12-01' }))).toEqual([ids.a1]);
    expect(lineIds(await candidates({ from: '2026-11-30', to: '2026-11-30' }))).toEqual([ids.a2]);
    const both = await candidates({ from: '2026-11-30', to: '2026-12-01' });
    expect([lineIds(both), both.total, both.totalFen]).toEqual([[ids.a1, ids.a2], 2, 700]);
    expect(lineIds(await candidates({ from: '2026-12-02' }))).toEqual([ids.a3, ids.b1, ids.b2]);
    const reversed = await get('/payout-batches/candidates', { from: '2026-12-02', to: '2026-12-01' });
    expect([reversed.status, reversed.body.code]).toEqual([422, 'PAYOUT_FILTER_INVALID']);
    expect(reversed.body.message).toContain('起始日不能晚于截止日');
    expect((await get('/payout-batches/candidates', { from: '2026-13-01' })).status).toBe(400);
  });

  it('refuses a bad filter with a stable code, and is closed to residents and admins', async () => {
    const inverted = await get('/payout-batches/candidates', { minFen: 900, maxFen: 100 });
    expect([inverted.status, inverted.body.code]).toEqual([422, 'PAYOUT_FILTER_INVALID']);
    expect((await get('/payout-batches/candidates', { signal: 'drop table' })).status).toBe(400);
    expect((await get('/payout-batches/candidates', { pageSize: 1000 })).status).toBe(400);
    const resident = await residentLogin(t, 'pl-carol');
    expect((await get('/payout-batches/candidates', {}, resident.token)).status).toBe(403);
  });

  it('proposes what the proposer saw, refuses a changed selection, and shows the batch lines filtered', async () => {
    const stale = await t
      .http()
      .post('/api/v1/payout-batches')
      .set(bearer(auditorA.token))
      .send({ categoryCode: 'exposed_garbage', expectedCount: 3, expectedTotalFen: 1600 });
    expect([stale.status, stale.body.code]).toEqual([409, 'BATCH_SELECTION_CHANGED']);
    expect((await candidates()).total).toBe(5);

    const seen = await candidates({ categoryCode: 'exposed_garbage' });
    const res = await t
      .http()
      .post('/api/v1/payout-batches')
      .set(bearer(auditorA.token))
      .send({ categoryCode: 'exposed_garbage', expectedCount: seen.total, expectedTotalFen: seen.totalFen });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(Number), totalFen: 1700, rewardIds: [ids.a1, ids.a2, ids.b2] });
    const batchId = res.body.id as number;
    expect(lineIds(await candidates())).toEqual([ids.a3, ids.b1]);

    const lines = await get(`/payout-batches/${batchId}/lines`, { signal: 'any' }, auditorB.token);
    expect(lines.status).toBe(200);
    expect([lineIds(lines.body), lines.body.total, lines.body.totalFen]).toEqual([[ids.a2, ids.b2], 2, 1500]);
    expect(lines.body.items.map((l: { status: string }) => l.status)).toEqual(['proposed', 'proposed']);
    expect((await get(`/payout-batches/${batchId}/lines`, { reporter: '李四' })).body.totalFen).toBe(1000);
    expect((await get('/payout-batches/99999/lines')).body.code).toBe('BATCH_NOT_FOUND');

    // Names, never bare ids, for the proposer and the approvers.
    const approved = await t.http().post(`/api/v1/payout-batches/${batchId}/approve`).set(bearer(auditorB.token));
    expect(approved.status).toBe(200);
    expect(approved.body.proposedByName).toBe('审计员甲');
    expect(approved.body.approvals[0]).toMatchObject({ userId: auditorB.userId, userName: 'pl-auditor-b' });
    const listed = await get('/payout-batches', {}, dispatcher);
    expect(listed.body.items[0]).toMatchObject({ id: batchId, proposedByName: '审计员甲' });
  });
});
