import { Case } from '../cases/case.entity';
import { Photo } from '../uploads/photo.entity';
import { insertActor, insertCase, insertPhoto, seedCaseWorld, type Actor, type CaseWorld } from '../testing/factories-cases';
import { REPORT_TEST_AREA } from '../testing/factories-reports';
import { startTestApp, type TestApp } from '../testing/test-app';
import { downloadWorkbook } from '../testing/workbook';
import { Area } from '../areas/area.entity';
import { DEMO_CHECKLIST } from './demo-checklist';

const MONTH = '2026-11';
const AT = REPORT_TEST_AREA.centre;

describe('evaluation regime: checklist, rounds, findings, publication, monthly scores', () => {
  let t: TestApp;
  let w: CaseWorld;
  let districtId: number;
  let outsider: Actor;
  let firstRound: number;

  const api = (method: 'get' | 'post' | 'put', path: string, who: Actor, body?: object) =>
    t.http()[method](`/api/v1${path}`).set(who.auth).send(body);
  const photo = async (who: Actor) => (await insertPhoto(t, who.user.id)).id;
  const newRound = async (kind: 'covert' | 'open', name: string) => {
    const res = await api('post', '/inspection-rounds', w.dispatcher, {
      kind,
      name,
      month: MONTH,
      areaIds: [districtId],
      inspectorUserIds: [w.inspector.user.id],
    });
    expect(res.status).toBe(201);
    return res.body.id as number;
  };
  const finding = async (roundId: number, who: Actor, itemCode: string, count?: number) =>
    api('post', `/inspection-rounds/${roundId}/findings`, who, { itemCode, location: AT, photoIds: [await photo(who)], count });

  beforeAll(async () => {
    t = await startTestApp();
    w = await seedCaseWorld(t);
    districtId = (await t.db.getRepository(Area).findOneByOrFail({ level: 'district' })).id;
    outsider = await insertActor(t, ['inspector']);
  });
  afterAll(() => t?.close());

  it('admins save the checklist as versions; GET /checklist answers the newest', async () => {
    expect((await api('get', '/checklist', w.dispatcher)).body).toEqual({ version: 0, items: [] });
    expect((await api('put', '/checklist', w.dispatcher, { items: DEMO_CHECKLIST })).status).toBe(403);
    const bad = await api('put', '/checklist', w.admin, { items: [DEMO_CHECKLIST[0], DEMO_CHECKLIST[0]] });
    expect(bad.body.code).toBe('CHECKLIST_INVALID');
    const unknown = await api('put', '/checklist', w.admin, { items: [{ ...DEMO_CHECKLIST[0], categoryCode: 'nope' }] });
    expect(unknown.body.code).toBe('CATEGORY_UNKNOWN');
    expect((await api('put', '/checklist', w.admin, { items: DEMO_CHECKLIST, note: '十大规范' })).body.version).toBe(1);
    const got = await api('get', '/checklist', w.inspector).expect(200);
    expect(got.body.version).toBe(1);
    expect(got.body.items[0]).toEqual({
      code: 'A01',
      section: '道路清扫与垃圾收运',
      text: expect.any(String),
      deduction: 5,
      maxDeduction: 40,
      categoryCode: 'exposed_garbage',
    });
    expect(got.body.items.reduce((s: number, i: { maxDeduction: number }) => s + i.maxDeduction, 0)).toBe(1000);
  });

  it('a covert round is invisible to the inspected before publication; findings are capped per item, area and round', async () => {
    const id = await newRound('covert', '11 月第一次暗访');
    firstRound = id;
    for (const who of [w.handlerA, w.managerA, w.handlerB, outsider])
      expect((await api('get', `/inspection-rounds/${id}`, who)).status).toBe(404);
    expect((await api('get', `/inspection-rounds?month=${MONTH}`, w.handlerA)).body).toEqual([]);
    expect((await api('get', `/inspection-rounds/${id}`, w.auditor)).status).toBe(200);
    expect((await api('get', `/inspection-rounds/${id}/circular`, w.handlerA)).status).toBe(404);

    // A01: 5 points each, at most 40 per area and round.
    const first = (await finding(id, w.inspector, 'A01', 3)).body;
    expect(first).toMatchObject({ id: expect.any(Number), deduction: 15, evidence: { verified: false } });
    // A photo without capture facts is not refused but left unverified, check by check.
    expect(first.evidence.checks.map((c: { code: string }) => c.code)).toContain('ON_SITE');
    expect((await finding(id, w.dispatcher, 'A01', 6)).body.deduction).toBe(25);
    expect((await finding(id, w.inspector, 'A01')).body.deduction).toBe(0);
    expect((await finding(id, w.inspector, 'B02', 2)).body.deduction).toBe(4);

    expect((await finding(id, w.inspector, 'ZZ9')).body.code).toBe('CHECKLIST_ITEM_UNKNOWN');
    expect((await finding(id, outsider, 'A01')).status).toBe(404);
    expect((await finding(id, w.handlerA, 'A01')).status).toBe(403);
    const outside = await api('post', `/inspection-rounds/${id}/findings`, w.inspector, {
      itemCode: 'A01',
      location: REPORT_TEST_AREA.outside,
      photoIds: [await photo(w.inspector)],
    });
    expect(outside.body.code).toBe('FINDING_OUTSIDE_ROUND');
    const noPhoto = await api('post', `/inspection-rounds/${id}/findings`, w.inspector, { itemCode: 'A01', location: AT, photoIds: [] });
    expect(noPhoto.body.code).toBe('FINDING_PHOTO_REQUIRED');
    const someoneElses = await api('post', `/inspection-rounds/${id}/findings`, w.inspector, {
      itemCode: 'A01',
      location: AT,
      photoIds: [await photo(w.dispatcher)],
    });
    expect(someoneElses.body.code).toBe('PHOTO_NOT_OWNED');

    const detail = (await api('get', `/inspection-rounds/${id}`, w.dispatcher).expect(200)).body;
    expect(detail).toMatchObject({ kind: 'covert', status: 'draft', month: MONTH, checklistVersion: 1, findingCount: 4 });
    expect(detail.areas).toEqual([{ areaId: districtId, areaName: '测试区', deduction: 44, score: 956, findings: 4, rank: 1 }]);
    expect(detail.findings[0]).toMatchObject({
      itemCode: 'A01',
      count: 3,
      deduction: 15,
      caseId: null,
      photos: [expect.objectContaining({ url: expect.any(String) })],
    });

    // Publication: every finding opens one routed case; the inspected now see the round and the cases.
    expect((await api('post', `/inspection-rounds/${id}/publish`, w.inspector)).status).toBe(403);
    expect((await api('post', `/inspection-rounds/${id}/publish`, w.dispatcher)).body).toEqual({ id, status: 'published', casesOpened: 4 });
    const published = (await api('get', `/inspection-rounds/${id}`, w.handlerA).expect(200)).body;
    const caseIds = published.findings.map((f: { caseId: number }) => f.caseId);
    expect(caseIds.every((c: number | null) => typeof c === 'number')).toBe(true);
    const c = await t.db.getRepository(Case).findOneByOrFail({ id: caseIds[0] });
    expect(c).toMatchObject({
      source: 'inspection',
      status: 'dispatched',
      departmentId: w.deptA,
      categoryCode: 'exposed_garbage',
      slaHours: expect.any(Number),
    });
    expect(c.deadline!.getTime()).toBeGreaterThan(Date.now());
    expect((await api('get', `/cases/${caseIds[0]}`, w.handlerA)).status).toBe(200);
    const casePhotos = await t.db.getRepository(Photo).findBy({ caseId: caseIds[0] });
    expect(casePhotos.map((p) => p.role)).toEqual(['evidence']);
    expect((await api('post', `/inspection-rounds/${id}/publish`, w.dispatcher)).body.casesOpened).toBe(0);
    expect((await finding(id, w.inspector, 'A02')).body.code).toBe('ROUND_PUBLISHED');
  });

  it('the 督查通报 of a round: printable HTML and Excel with scores, findings, photos and cases', async () => {
    const html = await api('get', `/inspection-rounds/${firstRound}/circular`, w.handlerA).expect(200);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.text).toContain('关于11 月第一次暗访情况的督查通报');
    expect(html.text).toContain('<td>测试区</td><td>4</td><td>44</td><td>956</td>');
    expect((html.text.match(/<img src=/g) ?? []).length).toBe(4);
    // Places read as words (the case's address, or the area while it has none), never as coordinates.
    expect(html.text).toContain('<th>地点</th>');
    expect(html.text).not.toMatch(/\d+\.\d{5}, \d+\.\d{5}/);
    const { wb } = await downloadWorkbook(
      t.http().get(`/api/v1/inspection-rounds/${firstRound}/circular?format=xlsx`).set(w.dispatcher.auth),
    );
    expect(wb.worksheets.map((ws) => ws.name)).toEqual(['得分排名', '问题清单', '重点监控点位']);
    const list = wb.getWorksheet('问题清单')!;
    const caseCells = list.getColumn(9).values.filter((v) => typeof v === 'number');
    expect(caseCells).toHaveLength(4);
    expect((await api('get', `/inspection-rounds/${firstRound}/circular?format=pdf`, w.dispatcher)).status).toBe(400);
  });

  it('an open round is visible to the inspected while it runs', async () => {
    const id = await newRound('open', '11 月明查');
    expect((await api('get', `/inspection-rounds/${id}`, w.handlerA)).status).toBe(200);
    expect((await finding(id, w.inspector, 'C01', 2)).body.deduction).toBe(10);
    // A new checklist version does not change a running round: it keeps the version it was created with.
    const v2 = DEMO_CHECKLIST.map((i) => (i.code === 'C01' ? { ...i, deduction: 20 } : i));
    expect((await api('put', '/checklist', w.admin, { items: v2 })).body.version).toBe(2);
    expect((await finding(id, w.inspector, 'C01', 1)).body.deduction).toBe(5);
    expect((await api('get', `/inspection-rounds/${id}`, w.dispatcher)).body.checklistVersion).toBe(1);
  });

  it('publish sent twice at the same time opens each finding’s case exactly once', async () => {
    const id = await newRound('covert', '11 月第二次暗访');
    for (const code of ['A02', 'A03', 'H01']) expect((await finding(id, w.inspector, code)).status).toBe(201);
    const [a, b] = await Promise.all([
      api('post', `/inspection-rounds/${id}/publish`, w.dispatcher),
      api('post', `/inspection-rounds/${id}/publish`, w.dispatcher2),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect([a.body.casesOpened, b.body.casesOpened].sort()).toEqual([0, 3]);
    const detail = (await api('get', `/inspection-rounds/${id}`, w.dispatcher)).body;
    const ids = detail.findings.map((f: { caseId: number }) => f.caseId);
    expect(new Set(ids).size).toBe(3);
    const reports: { n: number | string }[] = await t.db.query(
      `SELECT COUNT(*) AS n FROM reports WHERE clientRequestId LIKE 'inspection-finding-%' AND caseId IN (${ids.join(',')})`,
    );
    expect(Number(reports[0].n)).toBe(3);
  });

  it('GET /evaluations: month scores from published rounds and the area’s own KPIs, reweighted where a component has no data', async () => {
    expect((await api('get', `/evaluations?month=${MONTH}`, w.handlerA)).status).toBe(403);
    expect((await api('get', '/evaluations?month=2026-13', w.dispatcher)).body.code).toBe('MONTH_INVALID');

    // Two closed cases in the district this month: one on time with a 处置后 photo, one late without.
    const closedAt = new Date('2026-11-10T02:00:00Z');
    const onTime = await insertCase(t, {
      status: 'closed',
      reporterId: w.resident.user.id,
      gridId: w.gridAId,
      closedAt,
      deadline: new Date('2026-11-11T00:00:00Z'),
    });
    await insertCase(t, {
      status: 'closed',
      reporterId: w.resident.user.id,
      gridId: w.gridAId,
      closedAt,
      deadline: new Date('2026-11-09T00:00:00Z'),
    });
    await t.db.getRepository(Photo).update({ id: await photo(w.handlerA) }, { caseId: onTime.id, role: 'resolution' });

    const res = (await api('get', `/evaluations?month=${MONTH}`, w.auditor).expect(200)).body;
    expect(res.weights).toEqual({ covert: 0.4, open: 0.5, digital: 0.1 });
    const item = res.items.find((i: { areaId: number }) => i.areaId === districtId);
    // Covert: mean of 956 (first round) and 1000 − (5 + 10 + 5) = 980. The open round is not published: no open data.
    // Digital: on time 1/2, with evidence 1/2, no feedback → (0.5·0.5 + 0.5·0.3) / 0.8 = 0.5 → 500.
    expect(item).toMatchObject({ areaName: '测试区', covert: 968, open: null, digital: 500, rank: 1, missing: ['open'] });
    expect(item.total).toBeCloseTo((968 * 0.4 + 500 * 0.1) / 0.5, 2);
    expect(item.inputs.covertRounds.map((r: { score: number }) => r.score)).toEqual([956, 980]);
    expect(item.inputs.kpis).toMatchObject({ closed: 2, closedOnTime: 1, closedWithEvidence: 1, feedback: 0, satisfactionRate: null });
    expect(res.notes.join()).toContain('明查');

    // Admin-configured weights apply.
    const bad = await api('put', '/evaluation-settings', w.admin, {
      weights: { covert: 0.5, open: 0.5, digital: 0.5 },
      digitalMix: { onTime: 0.5, verified: 0.3, satisfaction: 0.2 },
      leaderWeight: 0,
    });
    expect(bad.body.code).toBe('EVALUATION_WEIGHTS_INVALID');
    await api('put', '/evaluation-settings', w.admin, {
      weights: { covert: 0.9, open: 0, digital: 0.1 },
      digitalMix: { onTime: 1, verified: 0, satisfaction: 0 },
      leaderWeight: 0,
    }).expect(200);
    const again = (await api('get', `/evaluations?month=${MONTH}`, w.dispatcher)).body;
    const item2 = again.items.find((i: { areaId: number }) => i.areaId === districtId);
    expect(item2.digital).toBe(500);
    expect(item2.total).toBeCloseTo(968 * 0.9 + 500 * 0.1, 2);

    // Communities inside the district, ranked on the findings located in each.
    const grids = (await api('get', `/evaluations/grids?month=${MONTH}&areaId=${districtId}`, w.dispatcher).expect(200)).body;
    expect(grids.items).toEqual([expect.objectContaining({ areaName: '测试社区', covert: 968, digital: 500, rank: 1 })]);
    // The quarter: the mean of its months with data (October and December have none here).
    const q = (await api('get', '/evaluations/quarter?quarter=2026-Q4', w.auditor).expect(200)).body;
    expect(q.months).toEqual(['2026-10', '2026-11', '2026-12']);
    expect(q.items.find((i: { areaId: number }) => i.areaId === districtId)).toMatchObject({
      months: [null, item2.total, null],
      total: item2.total,
      rank: 1,
    });
    expect((await api('get', '/evaluations/quarter?quarter=2026-5', w.auditor)).body.code).toBe('QUARTER_INVALID');
  });
});
