import { Area } from '../areas/area.entity';
import { insertCase, insertPhoto, seedCaseWorld, type Actor, type CaseWorld } from '../testing/factories-cases';
import { REPORT_TEST_AREA } from '../testing/factories-reports';
import { startTestApp, type TestApp } from '../testing/test-app';
import { DEMO_CHECKLIST } from './demo-checklist';

const QUARTER = '2026-Q4';
const MONTH = '2026-10';

/** docs/domain.md §16: the quarter mixes the months with the 领导评价 an admin enters; published months do not move. */
describe('evaluation: leader scores in the quarter', () => {
  let t: TestApp;
  let w: CaseWorld;
  let districtId: number;

  const api = (method: 'get' | 'post' | 'put', path: string, who: Actor, body?: object) =>
    t.http()[method](`/api/v1${path}`).set(who.auth).send(body);
  const weights = (leaderWeight: number) => ({
    weights: { covert: 0.9, open: 0, digital: 0.1 },
    digitalMix: { onTime: 1, verified: 0, satisfaction: 0 },
    leaderWeight,
  });
  const districtRow = async () =>
    (await api('get', `/evaluations/quarter?quarter=${QUARTER}`, w.auditor).expect(200)).body.items.find(
      (i: { areaId: number }) => i.areaId === districtId,
    );
  const rowCount = async () => Number((await t.db.query('SELECT COUNT(*) AS n FROM evaluation_leader_scores'))[0].n);

  beforeAll(async () => {
    t = await startTestApp();
    w = await seedCaseWorld(t);
    districtId = (await t.db.getRepository(Area).findOneByOrFail({ level: 'district' })).id;
    await api('put', '/checklist', w.admin, { items: DEMO_CHECKLIST }).expect(200);
    await api('put', '/evaluation-settings', w.admin, weights(0)).expect(200);
    // October: one covert round with a 10-point finding, a case closed on time → total 0.9 × 990 + 0.1 × 1,000 = 991, published.
    const round = (
      await api('post', '/inspection-rounds', w.dispatcher, {
        kind: 'covert',
        name: '10 月暗访',
        month: MONTH,
        areaIds: [districtId],
        inspectorUserIds: [w.inspector.user.id],
      }).expect(201)
    ).body.id as number;
    await api('post', `/inspection-rounds/${round}/findings`, w.inspector, {
      itemCode: 'A01',
      location: REPORT_TEST_AREA.centre,
      photoIds: [(await insertPhoto(t, w.inspector.user.id)).id],
      count: 2,
    }).expect(201);
    await insertCase(t, {
      status: 'closed',
      reporterId: w.resident.user.id,
      gridId: w.gridAId,
      closedAt: new Date('2026-10-10T02:00:00Z'),
      deadline: new Date('2026-10-11T00:00:00Z'),
    });
    await api('post', `/inspection-rounds/${round}/publish`, w.dispatcher).expect(200);
    await api('post', `/evaluations/${MONTH}/publish`, w.dispatcher).expect(200);
  });
  afterAll(() => t?.close());

  it('an admin enters a leader score: the quarter mixes it at the configured weight, the published month stays as stored', async () => {
    expect(await districtRow()).toMatchObject({ months: [991, null, null], monthsMean: 991, leader: null, total: 991 });

    // Only admins enter them; everyone who reads the ranking reads them.
    expect((await api('put', `/evaluations/leader-scores/${QUARTER}`, w.dispatcher, { items: [] })).status).toBe(403);
    const saved = await api('put', `/evaluations/leader-scores/${QUARTER}`, w.admin, {
      items: [{ areaId: districtId, score: 800.5, note: ' 整改积极 ' }],
    }).expect(200);
    expect(saved.body).toMatchObject({
      quarter: QUARTER,
      leaderWeight: 0,
      items: [{ areaId: districtId, areaName: '测试区', score: 800.5, note: '整改积极', enteredByUserId: w.admin.user.id }],
    });
    expect((await api('get', `/evaluations/leader-scores?quarter=${QUARTER}`, w.dispatcher).expect(200)).body.items).toHaveLength(1);

    // Weight 0: the score is shown but does not count.
    expect(await districtRow()).toMatchObject({ leader: 800.5, total: 991 });

    // Weight 0.2, set after October was published: the quarter moves, October's stored total does not.
    await api('put', '/evaluation-settings', w.admin, weights(0.2)).expect(200);
    const quarter = (await api('get', `/evaluations/quarter?quarter=${QUARTER}`, w.auditor).expect(200)).body;
    expect(quarter.leaderWeight).toBe(0.2);
    expect(quarter.items.find((i: { areaId: number }) => i.areaId === districtId)).toMatchObject({
      months: [991, null, null],
      monthsMean: 991,
      leader: 800.5,
      total: 952.9, // 0.8 × 991 + 0.2 × 800.5
    });
    const october = (await api('get', `/evaluations?month=${MONTH}`, w.auditor).expect(200)).body;
    expect(october.published).not.toBeNull();
    expect(october.items.find((i: { areaId: number }) => i.areaId === districtId).total).toBe(991);

    // Changing and removing are audited with the values before and after.
    await api('put', `/evaluations/leader-scores/${QUARTER}`, w.admin, { items: [{ areaId: districtId, score: 900 }] }).expect(200);
    expect((await districtRow()).total).toBe(972.8); // 0.8 × 991 + 0.2 × 900
    await api('put', `/evaluations/leader-scores/${QUARTER}`, w.admin, { items: [{ areaId: districtId, score: null }] }).expect(200);
    expect(await districtRow()).toMatchObject({ leader: null, total: 991 });
    const audit: { data: string | object }[] = await t.db.query(
      "SELECT data FROM audit_log WHERE action = 'evaluation_leader_scores.save' ORDER BY id",
    );
    const data = audit.map((a) => (typeof a.data === 'string' ? JSON.parse(a.data) : a.data));
    expect(data.map((d) => [d.before, d.after])).toEqual([
      [[], [{ areaId: districtId, score: 800.5 }]],
      [[{ areaId: districtId, score: 800.5 }], [{ areaId: districtId, score: 900 }]],
      [[{ areaId: districtId, score: 900 }], [{ areaId: districtId, score: null }]],
    ]);
  });

  it('refuses bad scores with stable codes and writes nothing', async () => {
    const put = (quarter: string, items: unknown) => api('put', `/evaluations/leader-scores/${quarter}`, w.admin, { items });
    const cases: [string, unknown, number, string][] = [
      [QUARTER, [{ areaId: districtId, score: 1000.01 }], 422, 'LEADER_SCORE_INVALID'],
      [QUARTER, [{ areaId: districtId, score: -1 }], 422, 'LEADER_SCORE_INVALID'],
      [QUARTER, [{ areaId: districtId, score: 90.123 }], 422, 'LEADER_SCORE_INVALID'],
      [QUARTER, [{ areaId: districtId, score: 900, note: '长'.repeat(201) }], 422, 'LEADER_SCORE_INVALID'],
      [
        QUARTER,
        [
          { areaId: districtId, score: 900 },
          { areaId: districtId, score: 800 },
        ],
        422,
        'LEADER_SCORE_INVALID',
      ],
      [QUARTER, [{ areaId: 999999, score: 900 }], 404, 'AREA_NOT_FOUND'],
      ['2026-Q5', [{ areaId: districtId, score: 900 }], 400, 'QUARTER_INVALID'],
      ['2026-10', [{ areaId: districtId, score: 900 }], 400, 'QUARTER_INVALID'],
    ];
    for (const [quarter, items, status, code] of cases) {
      const res = await put(quarter, items);
      expect({ items, status: res.status, code: res.body.code }).toEqual({ items, status, code });
      expect(res.body.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    const typed = await put(QUARTER, [{ areaId: districtId, score: '九百' }]);
    expect(typed.status).toBe(400);
    expect((await api('get', '/evaluations/leader-scores?quarter=Q4', w.admin)).body.code).toBe('QUARTER_INVALID');
    expect(await rowCount()).toBe(0);
  });
  it('takes a null or absent note as no note', async () => {
    const put = (item: object) =>
      api('put', `/evaluations/leader-scores/${QUARTER}`, w.admin, { items: [{ areaId: districtId, ...item }] });
    const noted = async () => (await api('get', `/evaluations/leader-scores?quarter=${QUARTER}`, w.admin).expect(200)).body.items[0];

    expect((await put({ score: 880, note: null }).expect(200)).body.items).toMatchObject([{ areaId: districtId, score: 880, note: null }]);
    await put({ score: 880, note: '   ' }).expect(200);
    expect(await noted()).toMatchObject({ score: 880, note: null });
    await put({ score: 870, note: '复查整改到位' }).expect(200);
    expect(await noted()).toMatchObject({ score: 870, note: '复查整改到位' });
    // The form sends the whole row: a row saved without a note has none.
    await put({ score: 860 }).expect(200);
    expect(await noted()).toMatchObject({ score: 860, note: null });
    await put({ score: null, note: null }).expect(200);
    expect(await rowCount()).toBe(0);
  });
});
