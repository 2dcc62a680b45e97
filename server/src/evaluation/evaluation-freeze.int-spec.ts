import { Area } from '../areas/area.entity';
import { insertCase, insertPhoto, seedCaseWorld, type Actor, type CaseWorld } from '../testing/factories-cases';
import { REPORT_TEST_AREA } from '../testing/factories-reports';
import { startTestApp, type TestApp } from '../testing/test-app';
import { DEMO_CHECKLIST } from './demo-checklist';

const MONTH = '2026-10';
const AT = REPORT_TEST_AREA.centre;

/** docs/domain.md §16: once a month's results are published, nothing can move them. */
describe('evaluation: publishing a month freezes its results', () => {
  let t: TestApp;
  let w: CaseWorld;
  let districtId: number;

  const api = (method: 'get' | 'post' | 'put', path: string, who: Actor, body?: object) =>
    t.http()[method](`/api/v1${path}`).set(who.auth).send(body);
  const newRound = async (name: string, month = MONTH) =>
    api('post', '/inspection-rounds', w.dispatcher, {
      kind: 'covert',
      name,
      month,
      areaIds: [districtId],
      inspectorUserIds: [w.inspector.user.id],
    });
  const finding = async (roundId: number, itemCode: string, count = 1) =>
    api('post', `/inspection-rounds/${roundId}/findings`, w.inspector, {
      itemCode,
      location: AT,
      photoIds: [(await insertPhoto(t, w.inspector.user.id)).id],
      count,
    });
  const settings = (covert: number, digital: number) => ({
    weights: { covert, open: 0, digital },
    digitalMix: { onTime: 1, verified: 0, satisfaction: 0 },
    leaderWeight: 0,
  });

  beforeAll(async () => {
    t = await startTestApp();
    w = await seedCaseWorld(t);
    districtId = (await t.db.getRepository(Area).findOneByOrFail({ level: 'district' })).id;
    await api('put', '/checklist', w.admin, { items: DEMO_CHECKLIST }).expect(200);
  });
  afterAll(() => t?.close());

  it('refuses while a round of the month is unpublished, then stores the figures, which later changes do not move', async () => {
    const first = (await newRound('10 月第一次暗访')).body.id as number;
    expect((await finding(first, 'A01', 2)).body.deduction).toBe(10);
    await api('put', '/evaluation-settings', w.admin, settings(0.9, 0.1)).expect(200);
    // One closed case on time this month: digital = 1,000.
    await insertCase(t, {
      status: 'closed',
      reporterId: w.resident.user.id,
      gridId: w.gridAId,
      closedAt: new Date('2026-10-10T02:00:00Z'),
      deadline: new Date('2026-10-11T00:00:00Z'),
    });

    expect((await api('post', `/evaluations/${MONTH}/publish`, w.auditor)).status).toBe(403);
    const drafts = await api('post', `/evaluations/${MONTH}/publish`, w.dispatcher);
    expect(drafts.status).toBe(409);
    expect(drafts.body).toMatchObject({ code: 'EVALUATION_MONTH_HAS_DRAFTS', message: expect.stringContaining('未发布') });
    expect((await api('post', '/evaluations/2026-13/publish', w.dispatcher)).body.code).toBe('MONTH_INVALID');

    await api('post', `/inspection-rounds/${first}/publish`, w.dispatcher).expect(200);
    const live = (await api('get', `/evaluations?month=${MONTH}`, w.dispatcher).expect(200)).body;
    expect(live.published).toBeNull();
    const item = live.items.find((i: { areaId: number }) => i.areaId === districtId);
    expect(item).toMatchObject({ covert: 990, digital: 1000, total: 991 });

    const pub = await api('post', `/evaluations/${MONTH}/publish`, w.dispatcher).expect(200);
    expect(pub.body).toEqual({ month: MONTH, published: { at: expect.any(String), byUserId: w.dispatcher.user.id } });
    const again = await api('post', `/evaluations/${MONTH}/publish`, w.dispatcher2);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('EVALUATION_MONTH_PUBLISHED');

    // Weights change, a late case closes late in the month: the published month does not move; an open month does.
    await api('put', '/evaluation-settings', w.admin, settings(0.5, 0.5)).expect(200);
    await insertCase(t, {
      status: 'closed',
      reporterId: w.resident.user.id,
      gridId: w.gridAId,
      closedAt: new Date('2026-10-20T02:00:00Z'),
      deadline: new Date('2026-10-12T00:00:00Z'),
    });
    const frozen = (await api('get', `/evaluations?month=${MONTH}`, w.auditor).expect(200)).body;
    expect(frozen.published).toEqual(pub.body.published);
    expect(frozen.weights).toEqual({ covert: 0.9, open: 0, digital: 0.1 });
    expect(frozen.items).toEqual(live.items);
    const grids = (await api('get', `/evaluations/grids?month=${MONTH}&areaId=${districtId}`, w.auditor).expect(200)).body;
    expect(grids.published).toEqual(pub.body.published);
    expect(grids.items[0]).toMatchObject({ areaName: '测试社区', covert: 990, total: 991 });
    const quarter = (await api('get', '/evaluations/quarter?quarter=2026-Q4', w.auditor).expect(200)).body;
    expect(quarter.items.find((i: { areaId: number }) => i.areaId === districtId).months[0]).toBe(991);

    // Nothing new can enter the month.
    const late = await newRound('10 月补充暗访');
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ code: 'EVALUATION_MONTH_PUBLISHED', message: expect.stringContaining('已发布') });
    expect((await finding(first, 'A02')).body.code).toBe('ROUND_PUBLISHED');
    expect((await newRound('11 月暗访', '2026-11')).status).toBe(201);

    const audit: { action: string; targetId: string }[] = await t.db.query(
      "SELECT action, targetId FROM audit_log WHERE action = 'evaluation_month.publish'",
    );
    expect(audit).toEqual([{ action: 'evaluation_month.publish', targetId: MONTH }]);
  });

  it('two dispatchers publishing the same month at once: one stores it, the other is told it is published', async () => {
    const month = '2026-09';
    const id = (await newRound('9 月暗访', month)).body.id as number;
    await api('post', `/inspection-rounds/${id}/publish`, w.dispatcher).expect(200);
    const [a, b] = await Promise.all([
      api('post', `/evaluations/${month}/publish`, w.dispatcher),
      api('post', `/evaluations/${month}/publish`, w.dispatcher2),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    // One row for the ranking of areas and one per ranked area for its communities, stored once.
    const areas = (await api('get', `/evaluations?month=${month}`, w.auditor)).body.items.length;
    const rows: { n: number | string }[] = await t.db.query(`SELECT COUNT(*) AS n FROM evaluation_month_results WHERE month = '${month}'`);
    expect(Number(rows[0].n)).toBe(1 + areas);
  });
});
