import { Area } from '../areas/area.entity';
import { Case } from '../cases/case.entity';
import { insertCase, insertPhoto, seedCaseWorld, type Actor, type CaseWorld } from '../testing/factories-cases';
import { REPORT_TEST_AREA } from '../testing/factories-reports';
import { startTestApp, type TestApp } from '../testing/test-app';
import { DEMO_CHECKLIST } from './demo-checklist';

const DAY = 86_400_000;
const { lat, lng } = REPORT_TEST_AREA.centre;
/** Metres north of a point. */
const north = (p: { lat: number; lng: number }, m: number) => ({ lat: p.lat + m / 111_195, lng: p.lng });
/** Three spots of grid A, 300 m apart, and one of grid B. */
const SPOT_RECENT = { lat, lng };
const SPOT_FINDINGS = { lat: lat + 0.006, lng };
const SPOT_B = { lat, lng: 121.49 };

type Point = { key: string; reason: string; cleanDays: number; clearsOn: string; caseCount: number; findingCount: number; lat: number };

/** docs/domain.md §16: places that keep relapsing are listed for inspectors until they stay clean for 60 China days. */
describe('evaluation: key monitoring points', () => {
  let t: TestApp;
  let w: CaseWorld;
  let districtId: number;

  const api = (method: 'get' | 'post' | 'put', path: string, who: Actor, body?: object) =>
    t.http()[method](`/api/v1${path}`).set(who.auth).send(body);
  const points = async (query = '', who: Actor = w.inspector): Promise<Point[]> =>
    (await api('get', `/monitoring-points${query}`, who).expect(200)).body.items;
  /** A case of `daysAgo` days ago (China noon-ish) at a place. */
  const caseAt = async (
    p: { lat: number; lng: number },
    daysAgo: number,
    over: { status?: 'dispatched' | 'rejected'; gridId?: number } = {},
  ) => {
    const c = await insertCase(t, {
      status: over.status ?? 'dispatched',
      reporterId: w.resident.user.id,
      gridId: over.gridId ?? w.gridAId,
      categoryCode: 'exposed_garbage',
      address: '测试路 8 号',
      ...p,
    });
    await t.db.getRepository(Case).update({ id: c.id }, { createdAt: new Date(Date.now() - daysAgo * DAY) });
    return c;
  };
  const round = async (kind: 'covert' | 'open', name: string) =>
    (
      await api('post', '/inspection-rounds', w.dispatcher, {
        kind,
        name,
        month: new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7),
        areaIds: [districtId],
        inspectorUserIds: [w.inspector.user.id],
      }).expect(201)
    ).body.id as number;
  const finding = async (roundId: number, p: { lat: number; lng: number }) =>
    api('post', `/inspection-rounds/${roundId}/findings`, w.inspector, {
      itemCode: 'A03',
      location: p,
      photoIds: [(await insertPhoto(t, w.inspector.user.id)).id],
    }).expect(201);

  beforeAll(async () => {
    t = await startTestApp();
    w = await seedCaseWorld(t);
    districtId = (await t.db.getRepository(Area).findOneByOrFail({ level: 'district' })).id;
    await api('put', '/checklist', w.admin, { items: DEMO_CHECKLIST }).expect(200);
  }, 180_000); // an app and a case world: a few seconds, minutes on a loaded 2-core CI box
  afterAll(() => t?.close());

  it('three cases of one category within the duplicate radius in 90 days make a point; rejected ones do not count', async () => {
    await caseAt(SPOT_RECENT, 20);
    await caseAt(north(SPOT_RECENT, 30), 10);
    expect(await points()).toEqual([]);
    await caseAt(north(SPOT_RECENT, -20), 5, { status: 'rejected' });
    expect(await points()).toEqual([]);
    await caseAt(north(SPOT_RECENT, -20), 5);
    const [p] = await points();
    expect(p).toMatchObject({
      categoryCode: 'exposed_garbage',
      categoryName: expect.any(String),
      reason: 'repeated_cases',
      reasonText: '90 天内同类问题 3 件以上',
      areaId: districtId,
      gridId: w.gridAId,
      gridName: '测试网格一',
      address: '测试路 8 号',
      caseCount: 3,
      findingCount: 0,
      cleanDays: 4,
    });
    expect(p.lat).toBeCloseTo(SPOT_RECENT.lat, 6);
  });

  it('a spot leaves the list after 60 whole clean days: 58 days after its last case it is still listed, 65 days after it is not', async () => {
    const before = (await points()).length;
    for (const daysAgo of [80, 70, 65]) await caseAt(SPOT_B, daysAgo, { gridId: w.gridBId });
    expect(await points()).toHaveLength(before);
    const older = north(SPOT_B, 400);
    for (const daysAgo of [80, 70, 58]) await caseAt(older, daysAgo, { gridId: w.gridBId });
    const listed = (await points(`?areaId=${w.gridBId}`)) as (Point & { clearsOn: string })[];
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ cleanDays: 57, caseCount: 3 });
    // It clears on the 61st China day after the last case's day, if nothing happens there before.
    const lastDay = new Date(Date.now() - 58 * DAY + 8 * 3600_000).toISOString().slice(0, 10);
    expect(listed[0].clearsOn).toBe(new Date(Date.parse(lastDay) + 61 * DAY).toISOString().slice(0, 10));
    // The filter reads the place: grid A's point is not in grid B.
    expect((await points(`?areaId=${w.gridAId}`)).map((p) => p.key)).not.toContain(listed[0].key);
  });

  it('a finding of the category at the same spot in the next round makes a point once that round is published', async () => {
    const first = await round('covert', '第一轮暗访');
    await finding(first, SPOT_FINDINGS);
    await api('post', `/inspection-rounds/${first}/publish`, w.dispatcher).expect(200);
    const second = await round('open', '第二轮明查');
    await finding(second, north(SPOT_FINDINGS, 15));
    const atSpot = async () => (await points()).filter((p) => Math.abs(p.lat - SPOT_FINDINGS.lat) < 0.001);
    expect(await atSpot()).toEqual([]); // the second round is still a draft
    expect((await points(`?roundId=${second}`)).length).toBeGreaterThan(0); // the inspectors' list for the round
    await api('post', `/inspection-rounds/${second}/publish`, w.dispatcher).expect(200);
    const [p] = await atSpot();
    // Each published finding opened a case there: two cases, two findings.
    expect(p).toMatchObject({
      reason: 'repeated_findings',
      reasonText: '连续两轮检查发现同类问题',
      findingCount: 2,
      caseCount: 2,
      cleanDays: 0,
    });
  });

  it('is for the organisers and inspectors, and refuses bad filters with stable codes', async () => {
    expect((await api('get', '/monitoring-points', w.handlerA)).status).toBe(403);
    expect((await api('get', '/monitoring-points', w.auditor)).status).toBe(200);
    const bad: [string, number, string][] = [
      ['?areaId=999999', 404, 'AREA_NOT_FOUND'],
      ['?roundId=999999', 404, 'ROUND_NOT_FOUND'],
      ['?areaId=abc', 400, 'VALIDATION_FAILED'],
    ];
    for (const [query, status, code] of bad) {
      const res = await api('get', `/monitoring-points${query}`, w.dispatcher);
      expect({ query, status: res.status, code: res.body.code }).toEqual({ query, status, code });
      expect(res.body.message).toMatch(/[\u4e00-\u9fa5]/);
    }
  });
});
