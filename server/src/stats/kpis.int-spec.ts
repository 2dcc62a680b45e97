import { Area } from '../areas/area.entity';
import { Department } from '../departments/department.entity';
import { rebuildDayFigures } from '../cases/day-figures.repository';
import { ReportFeedback } from '../cases/report-feedback.entity';
import { staffToken } from '../testing/factories-auth';
import { insertCase, insertEvent } from '../testing/factories-stats';
import { startTestApp, type TestApp } from '../testing/test-app';
import { downloadWorkbook } from '../testing/workbook';
import { DepartmentKpisService } from './department-kpis.service';
import { parsePeriod } from './stats-period';
import { CaseEvidence } from '../cases/evidence/case-evidence.entity';

const at = (iso: string) => new Date(iso);
/** An open case counts as overdue once its deadline is behind the clock: "not due" must stay true whenever the suite runs. */
const NOT_DUE = at('2099-01-01T00:00:00Z');

/**
 * Crafted data, period 2026-11-01 … 2026-11-30 (UTC+8 days):
 * department A: c1 on time (2 h), c2 late (10 h), c3 overdue and reworked, c4 overdue from before the
 * period, c5 returned by A (not A's overdue); department B: c6 on time (4 h) then reopened, c8 open
 * but not due; department C: nothing.
 */
describe('department KPIs, grid stats, trends and the circular', () => {
  let t: TestApp;
  let depA: Department;
  let depB: Department;
  let depC: Department;
  let grid1: Area;
  let grid2: Area;
  const tokens: Record<string, string> = {};
  const auth = (role: string) => ({ Authorization: `Bearer ${tokens[role]}` });
  const period = { from: '2026-11-01', to: '2026-11-30' };

  beforeAll(async () => {
    t = await startTestApp();
    const deps = t.db.getRepository(Department);
    const mk = (code: string, name: string) =>
      deps.save(deps.create({ code, name, type: 'sanitation', areaId: null, contactPhone: null, active: true }));
    depA = await mk('kpi-a', '环卫所<A>');
    depB = await mk('kpi-b', '城管执法局');
    depC = await mk('kpi-c', '河道办');
    const areas = t.db.getRepository(Area);
    grid1 = await areas.save(areas.create({ code: 'kpi-g1', name: '一号网格', level: 'grid', parentId: null, geometry: null }));
    grid2 = await areas.save(areas.create({ code: 'kpi-g2', name: '二号网格', level: 'grid', parentId: null, geometry: null }));

    const handlerA = await staffToken(t, ['handler'], depA.id);
    tokens.handler = handlerA.token;
    tokens.dispatcher = (await staffToken(t, ['dispatcher'])).token;
    tokens.auditor = (await staffToken(t, ['auditor'])).token;
    tokens.managerB = (await staffToken(t, ['dept_manager'], depB.id)).token;

    const db = t.db;
    const c1 = await insertCase(db, {
      status: 'closed',
      categoryCode: 'exposed_garbage',
      gridId: grid1.id,
      departmentId: depA.id,
      createdAt: at('2026-11-01T23:00:00Z'),
      dispatchedAt: at('2026-11-02T00:00:00Z'),
      deadline: at('2026-11-02T04:00:00Z'),
      resolvedAt: at('2026-11-02T02:00:00Z'),
      closedAt: at('2026-11-02T03:00:00Z'),
    });
    const c2 = await insertCase(db, {
      status: 'closed',
      categoryCode: 'exposed_garbage',
      gridId: grid1.id,
      departmentId: depA.id,
      createdAt: at('2026-11-02T23:00:00Z'),
      dispatchedAt: at('2026-11-03T00:00:00Z'),
      deadline: at('2026-11-03T04:00:00Z'),
      resolvedAt: at('2026-11-03T10:00:00Z'),
      closedAt: at('2026-11-03T12:00:00Z'),
    });
    // Evidence (docs/domain.md §14): c1 closed on verified evidence; c2's current evidence is unverified (earlier verified ones do not count).
    const evidence = db.getRepository(CaseEvidence);
    const ev = (caseId: number, verified: boolean, current: boolean) =>
      evidence.insert({ caseId, purpose: 'resolve', reportId: null, verified, current, checks: [], photoIds: [], actorUserId: null });
    await ev(c1.id, true, true);
    await ev(c2.id, true, false);
    // an on-site verification of an earlier round (before the current evidence) does not make c2 verified
    await evidence.insert({
      caseId: c2.id,
      purpose: 'verify',
      reportId: null,
      verified: true,
      current: false,
      checks: [],
      photoIds: [],
      actorUserId: null,
    });
    await ev(c2.id, false, true);
    const c3 = await insertCase(db, {
      status: 'in_progress',
      categoryCode: 'piling',
      gridId: grid1.id,
      departmentId: depA.id,
      createdAt: at('2026-11-04T23:00:00Z'),
      dispatchedAt: at('2026-11-05T00:00:00Z'),
      deadline: at('2026-11-05T04:00:00Z'),
    });
    const c4 = await insertCase(db, {
      status: 'dispatched',
      categoryCode: 'piling',
      gridId: null,
      departmentId: depA.id,
      createdAt: at('2026-10-19T00:00:00Z'),
      dispatchedAt: at('2026-10-20T00:00:00Z'),
      deadline: at('2026-10-20T04:00:00Z'),
    });
    // returned by A: the cases module clears department and deadline on return
    const c5 = await insertCase(db, {
      status: 'accepted',
      categoryCode: 'piling',
      gridId: grid2.id,
      departmentId: null,
      createdAt: at('2026-11-05T23:00:00Z'),
      dispatchedAt: at('2026-11-06T00:00:00Z'),
      deadline: null,
    });
    const c6 = await insertCase(db, {
      status: 'closed',
      categoryCode: 'street_vending',
      gridId: grid2.id,
      departmentId: depB.id,
      slaHours: 48,
      createdAt: at('2026-11-09T23:00:00Z'),
      dispatchedAt: at('2026-11-10T00:00:00Z'),
      deadline: at('2026-11-12T00:00:00Z'),
      resolvedAt: at('2026-11-10T04:00:00Z'),
      closedAt: at('2026-11-10T05:00:00Z'),
    });
    const c7 = await insertCase(db, {
      status: 'dispatched',
      categoryCode: 'street_vending',
      departmentId: depB.id,
      createdAt: at('2026-12-04T23:00:00Z'),
      dispatchedAt: at('2026-12-05T00:00:00Z'),
      deadline: NOT_DUE,
    });
    const c8 = await insertCase(db, {
      status: 'in_progress',
      categoryCode: 'street_vending',
      departmentId: depB.id,
      createdAt: at('2026-11-19T23:00:00Z'),
      dispatchedAt: at('2026-11-20T00:00:00Z'),
      deadline: NOT_DUE,
    });
    await insertCase(db, { status: 'rejected', categoryCode: 'exposed_garbage', gridId: grid1.id, createdAt: at('2026-11-02T01:00:00Z') });

    for (const [c, dep] of [
      [c1, depA],
      [c2, depA],
      [c3, depA],
      [c4, depA],
      [c5, depA],
      [c6, depB],
      [c7, depB],
      [c8, depB],
    ] as const)
      await insertEvent(db, c.id, 'dispatch', c.dispatchedAt!, null, { departmentId: dep.id });
    await insertEvent(db, c1.id, 'resolve', at('2026-11-02T02:00:00Z'), handlerA.user.id);
    await insertEvent(db, c2.id, 'resolve', at('2026-11-03T10:00:00Z'), handlerA.user.id);
    await insertEvent(db, c3.id, 'resolve', at('2026-11-05T05:00:00Z'), handlerA.user.id);
    await insertEvent(db, c3.id, 'verify_fail', at('2026-11-05T06:00:00Z'));
    await insertEvent(db, c5.id, 'return', at('2026-11-06T02:00:00Z'), handlerA.user.id, { departmentId: depA.id, reason: '非本部门职责' });
    await insertEvent(db, c6.id, 'resolve', at('2026-11-10T04:00:00Z'));
    await insertEvent(db, c6.id, 'reopen', at('2026-11-12T00:00:00Z'));
    await insertEvent(db, c1.id, 'resolve', at('2026-12-02T00:00:00Z'), handlerA.user.id); // outside the period

    const fb = t.db.getRepository(ReportFeedback);
    const feedback = async (reportId: number, caseId: number, satisfied: boolean, createdAt: Date) => {
      const row = await fb.save(
        fb.create({
          reportId,
          caseId,
          userId: 1,
          satisfied,
          comment: null,
          photoIds: null,
          reopenStatus: null,
          decidedByUserId: null,
          decidedAt: null,
        }),
      );
      await fb.createQueryBuilder().update(ReportFeedback).set({ createdAt }).where({ id: row.id }).execute();
    };
    await feedback(c1.primaryReportId, c1.id, true, at('2026-11-03T00:00:00Z'));
    await feedback(c2.primaryReportId, c2.id, false, at('2026-11-04T00:00:00Z'));
    await feedback(c6.primaryReportId, c6.id, true, at('2026-11-11T00:00:00Z'));
    // Evidence and verdicts were written directly, not through CaseLifecycle: the daily roll-up is recounted, as the
    // rebuild command does after a restore.
    await rebuildDayFigures(db);
  });
  afterAll(() => t.close());

  it('computes each department figure from the crafted cases and events', async () => {
    const res = await t.http().get('/api/v1/stats/departments').query(period).set(auth('dispatcher')).expect(200);
    expect(res.body.from).toBe('2026-10-31T16:00:00.000Z');
    const byId = new Map(res.body.items.map((k: { departmentId: number }) => [k.departmentId, k]));
    expect(byId.get(depA.id)).toEqual({
      departmentId: depA.id,
      departmentName: '环卫所<A>',
      received: 4,
      closed: 2,
      onTimeRate: 0.5,
      closedVerified: 1,
      unverifiedRate: 0.5,
      overdue: 2, // c3 and c4; c5 was returned by A
      returns: 1,
      reworks: 1,
      resolved: 3,
      reworkRate: 0.3333,
      firstTimeRight: 3, // four cases first dispatched to A, c5 returned
      firstTimeRightRate: 0.75,
      medianHandlingHours: 6,
      feedbackTotal: 2,
      feedbackSatisfied: 1,
      satisfactionRate: 0.5,
    });
    expect(byId.get(depB.id)).toMatchObject({
      received: 2,
      closed: 1,
      onTimeRate: 1,
      overdue: 0,
      returns: 0,
      reworks: 1,
      resolved: 1,
      reworkRate: 1,
      medianHandlingHours: 4,
      satisfactionRate: 1,
    });
    expect(byId.get(depC.id)).toMatchObject({
      received: 0,
      closed: 0,
      onTimeRate: null,
      reworkRate: null,
      medianHandlingHours: null,
      satisfactionRate: null,
    });
  });

  it('takes the median of an even and an odd number of durations', async () => {
    const sut = t.app.get(DepartmentKpisService);
    const p = parsePeriod('2026-11-02', '2026-11-02'); // only c1 (2 h)
    expect((await sut.departments(p, { departmentId: depA.id }))[0].medianHandlingHours).toBe(2);
    const p3 = parsePeriod('2026-11-02', '2026-11-03'); // c1, c2 → (2 + 10) / 2
    expect((await sut.departments(p3, { departmentId: depA.id }))[0].medianHandlingHours).toBe(6);
  });

  it('shows a department manager only their own department, and refuses other roles', async () => {
    const res = await t.http().get('/api/v1/stats/departments').query(period).set(auth('managerB')).expect(200);
    expect(res.body.items.map((k: { departmentId: number }) => k.departmentId)).toEqual([depB.id]);
    await t.http().get('/api/v1/stats/departments').query(period).set(auth('auditor')).expect(200);
    const handler = await t.http().get('/api/v1/stats/departments').set(auth('handler'));
    expect([handler.status, handler.body.code]).toEqual([403, 'FORBIDDEN']);
    await t.http().get('/api/v1/stats/departments').expect(401);
    const reversed = await t
      .http()
      .get('/api/v1/stats/departments')
      .query({ from: '2026-11-30', to: '2026-11-01' })
      .set(auth('dispatcher'));
    expect([reversed.status, reversed.body.code]).toEqual([400, 'STATS_PERIOD_INVALID']);
    const unknown = await t.http().get('/api/v1/stats/departments').query({ foo: 1 }).set(auth('dispatcher'));
    expect([unknown.status, unknown.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('counts cases per grid and category, without rejected ones', async () => {
    const res = await t.http().get('/api/v1/stats/grids').query(period).set(auth('dispatcher')).expect(200);
    expect(res.body).toEqual(
      expect.arrayContaining([
        { gridId: grid1.id, gridName: '一号网格', categoryCode: 'exposed_garbage', count: 2 },
        { gridId: grid1.id, gridName: '一号网格', categoryCode: 'piling', count: 1 },
        { gridId: grid2.id, gridName: '二号网格', categoryCode: 'piling', count: 1 },
        { gridId: grid2.id, gridName: '二号网格', categoryCode: 'street_vending', count: 1 },
        { gridId: null, gridName: null, categoryCode: 'street_vending', count: 1 },
      ]),
    );
    expect(res.body).toHaveLength(5);
    const one = await t
      .http()
      .get('/api/v1/stats/grids')
      .query({ ...period, categoryCode: 'piling' })
      .set(auth('dispatcher'))
      .expect(200);
    expect(one.body.map((r: { count: number }) => r.count)).toEqual([1, 1]);
  });

  it('gives daily trends in Beijing days', async () => {
    const res = await t.http().get('/api/v1/stats/trends').query(period).set(auth('dispatcher')).expect(200);
    expect(res.body).toHaveLength(30);
    const day = (d: string) => res.body.find((p: { day: string }) => p.day === d);
    expect(day('2026-11-02')).toEqual({ day: '2026-11-02', reported: 2, closed: 1, overdue: 0 });
    expect(day('2026-11-03')).toEqual({ day: '2026-11-03', reported: 1, closed: 1, overdue: 1 });
    expect(day('2026-11-05')).toEqual({ day: '2026-11-05', reported: 1, closed: 0, overdue: 1 });
    expect(day('2026-11-06')).toEqual({ day: '2026-11-06', reported: 1, closed: 0, overdue: 0 }); // c5 was returned
    expect(day('2026-11-10')).toEqual({ day: '2026-11-10', reported: 1, closed: 1, overdue: 0 });
    expect(res.body.reduce((s: number, p: { reported: number }) => s + p.reported, 0)).toBe(7);
  });

  it('exports the circular as an Excel workbook with the ranking, overdue and reworked cases', async () => {
    const { res, wb } = await downloadWorkbook(
      t
        .http()
        .get('/api/v1/circulars')
        .query({ ...period, format: 'xlsx' })
        .set(auth('dispatcher')),
    );
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain('attachment');
    expect(wb.worksheets.map((w) => w.name)).toEqual(['总体情况', '部门排名', '超期案卷', '返工案卷']);
    const ranking = wb.getWorksheet('部门排名')!;
    expect(ranking.getRow(2).values).toEqual([
      undefined,
      '排名',
      '部门',
      '接收',
      '结案',
      '其中证据已核实',
      '证据未核实占比',
      '按期处置率',
      '当前超期',
      '退单',
      '返工',
      '返工率',
      '首次派准率',
      '处置时长中位数（小时）',
      '满意率',
    ]);
    expect((ranking.getRow(3).values as unknown[]).slice(1)).toEqual([
      1,
      '城管执法局',
      2,
      1,
      0,
      '100.0%',
      '100.0%',
      0,
      0,
      1,
      '100.0%',
      '100.0%',
      '4.0',
      '100.0%',
    ]);
    expect((ranking.getRow(4).values as unknown[]).slice(1, 8)).toEqual([2, '环卫所<A>', 4, 2, 1, '50.0%', '50.0%']);
    expect(ranking.rowCount).toBe(4); // 河道办 had nothing to rank
    expect(ranking.pageSetup.paperSize).toBe(9);

    const overdue = wb.getWorksheet('超期案卷')!;
    const overdueRows = [3, 4].map((n) => (overdue.getRow(n).values as unknown[]).slice(1));
    expect(overdue.rowCount).toBe(4); // c2 (late) and c3 (open); c4 was due before the period, c5 was returned
    expect((overdue.getRow(2).values as unknown[])[3]).toBe('地址');
    expect(overdueRows.map((r) => [r[2], r[3], r[6], r[7]])).toEqual([
      ['—', '环卫所<A>', '处置中', '仍未办结，超期一倍以上'],
      ['—', '环卫所<A>', '已结案', '逾期办结，超期一倍以上'],
    ]);
    const rework = wb.getWorksheet('返工案卷')!;
    expect(rework.rowCount).toBe(4);
    const summary = wb.getWorksheet('总体情况')!;
    const totals = Object.fromEntries([5, 6, 7, 8, 9].map((n) => (summary.getRow(n).values as unknown[]).slice(1)));
    expect(totals).toMatchObject({ 派遣案卷: 6, 结案: 3, 按期处置率: '66.7%', 当前超期未办结: 2 });
    const evidence = Object.fromEntries([14, 15].map((n) => (summary.getRow(n).values as unknown[]).slice(1)));
    expect(evidence).toEqual({ 证据已核实的结案: 1, 证据未核实占比: '66.7%' });
  });

  it('renders the circular as a printable Chinese HTML page with names escaped', async () => {
    const res = await t
      .http()
      .get('/api/v1/circulars')
      .query(period)
      .set(auth('auditor'))
      .expect(200)
      .expect('content-type', /text\/html/);
    expect(res.text).toContain('@page { size: A4');
    expect(res.text).toContain('“三随”工作通报（2026-11-01 至 2026-11-30）');
    expect(res.text).toContain('环卫所&lt;A&gt;');
    expect(res.text).not.toContain('环卫所<A>');
    expect(res.text.indexOf('城管执法局')).toBeLessThan(res.text.indexOf('环卫所&lt;A&gt;'));
    expect(res.text).toContain('<th>其中证据已核实</th><th>证据未核实占比</th>');
    expect(res.text).toContain('<td>环卫所&lt;A&gt;</td><td>4</td><td>2</td><td>1</td><td>50.0%</td>');
    // docs/domain.md §9: the circular prints the audit chain's latest anchor (none yet, then the one just made).
    expect(res.text).toContain('审计链锚点：尚未生成');
    const anchor = (await t.http().post('/api/v1/audit/anchors').set(auth('auditor')).expect(201)).body.anchor;
    const again = await t.http().get('/api/v1/circulars').query(period).set(auth('auditor')).expect(200);
    expect(again.text).toContain(`审计日志截至第 ${anchor.lastId} 条，哈希 ${anchor.hash}`);
    const resident = await t.http().get('/api/v1/circulars').set(auth('handler'));
    expect(resident.status).toBe(403);
    const bad = await t.http().get('/api/v1/circulars').query({ format: 'pdf' }).set(auth('dispatcher'));
    expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });
});
