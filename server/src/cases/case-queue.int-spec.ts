import { insertActor, insertCase, insertPhoto, seedCaseWorld, type CaseWorld } from '../testing/factories-cases';
import { startTestApp, type TestApp } from '../testing/test-app';
import { Photo } from '../uploads/photo.entity';
import { Case } from './case.entity';

const HOUR = 3600_000;

/** GET /cases and GET /cases/:id: filters, derived overdue, department scope, paging, detail contents. */
describe('case queue and detail', () => {
  let t: TestApp;
  let w: CaseWorld;
  let c: Record<string, Case>;

  beforeAll(async () => {
    t = await startTestApp();
    w = await seedCaseWorld(t);
    const r = w.resident.user.id;
    const now = Date.now();
    c = {
      submitted: await insertCase(t, { status: 'submitted', gridId: w.gridAId, reporterId: r }),
      lateA: await insertCase(t, {
        status: 'in_progress',
        departmentId: w.deptA,
        gridId: w.gridAId,
        reporterId: r,
        dispatchedAt: new Date(now - 6 * HOUR),
        deadline: new Date(now - 2 * HOUR),
      }),
      soonA: await insertCase(t, {
        status: 'dispatched',
        departmentId: w.deptA,
        gridId: w.gridBId,
        reporterId: r,
        dispatchedAt: new Date(now - HOUR),
        deadline: new Date(now + HOUR),
      }),
      resolvedLateA: await insertCase(t, {
        status: 'resolved',
        departmentId: w.deptA,
        reporterId: r,
        dispatchedAt: new Date(now - 9 * HOUR),
        deadline: new Date(now - 5 * HOUR),
      }),
      closedLateB: await insertCase(t, {
        status: 'closed',
        departmentId: w.deptB,
        categoryCode: 'street_vending',
        reporterId: r,
        dispatchedAt: new Date(now - 9 * HOUR),
        deadline: new Date(now - 5 * HOUR),
      }),
      lateB: await insertCase(t, {
        status: 'dispatched',
        departmentId: w.deptB,
        categoryCode: 'street_vending',
        reporterId: r,
        dispatchedAt: new Date(now - 9 * HOUR),
        deadline: new Date(now - HOUR),
      }),
    };
    const p = await insertPhoto(t, w.resident.user.id);
    await t.db.getRepository(Photo).update({ id: p.id }, { caseId: c.lateA.id, reportId: c.lateA.primaryReportId, role: 'evidence' });
  });
  afterAll(() => t.close());

  const ids = (body: { items: { id: number }[] }) => body.items.map((i) => i.id).sort((a, b) => a - b);
  const list = (auth: Record<string, string>, query = '') => t.http().get(`/api/v1/cases?pageSize=100${query}`).set(auth);

  it('derives overdue at query time: only dispatched / in-progress cases past their deadline', async () => {
    const res = await list(w.dispatcher.auth, '&overdue=true');
    expect(ids(res.body)).toEqual([c.lateA.id, c.lateB.id].sort((a, b) => a - b));
    const all = await list(w.dispatcher.auth);
    const flags = Object.fromEntries(all.body.items.map((i: { id: number; overdue: boolean }) => [i.id, i.overdue]));
    expect(flags).toEqual({
      [c.submitted.id]: false,
      [c.lateA.id]: true,
      [c.soonA.id]: false,
      [c.resolvedLateA.id]: false,
      [c.closedLateB.id]: false,
      [c.lateB.id]: true,
    });
    const notOverdue = await list(w.dispatcher.auth, '&overdue=false');
    expect(ids(notOverdue.body)).toEqual([c.submitted.id, c.soonA.id, c.resolvedLateA.id, c.closedLateB.id].sort((a, b) => a - b));
  });

  it('handlers and department managers see only their department; dispatchers, auditors and inspectors see all', async () => {
    for (const who of [w.handlerA, w.managerA])
      expect(ids((await list(who.auth)).body)).toEqual([c.lateA.id, c.soonA.id, c.resolvedLateA.id].sort((a, b) => a - b));
    // Asking for another department's cases does not widen the scope.
    expect((await list(w.handlerA.auth, `&departmentId=${w.deptB}`)).body.items).toEqual([]);
    for (const who of [w.dispatcher, w.auditor, w.inspector, w.admin]) expect((await list(who.auth)).body.total).toBe(6);
    expect((await list(w.resident.auth)).status).toBe(403);
  });

  it.each([
    ['status list', '&status=dispatched,in_progress', ['lateA', 'soonA', 'lateB']],
    ['one status', '&status=closed', ['closedLateB']],
    ['category', '&categoryCode=street_vending', ['closedLateB', 'lateB']],
    ['grid', 'GRID_B', ['soonA']],
    ['department', 'DEPT_B', ['closedLateB', 'lateB']],
    ['id', 'Q_ID', ['soonA']],
  ])('filters by %s', async (_label, query, expected) => {
    const q =
      query === 'GRID_B'
        ? `&gridId=${w.gridBId}`
        : query === 'DEPT_B'
          ? `&departmentId=${w.deptB}`
          : query === 'Q_ID'
            ? `&q=${c.soonA.id}`
            : query;
    expect(ids((await list(w.dispatcher.auth, q)).body)).toEqual(expected.map((k) => c[k].id).sort((a, b) => a - b));
  });

  it('searches descriptions literally and bounds creation time with from/to', async () => {
    const x = await insertCase(t, { status: 'submitted', reporterId: w.resident.user.id });
    await t.db.getRepository(Case).update({ id: x.id }, { description: '路边 100% 有垃圾_堆' });
    expect(ids((await list(w.dispatcher.auth, `&q=${encodeURIComponent('100% 有垃圾_')}`)).body)).toEqual([x.id]);
    expect((await list(w.dispatcher.auth, `&q=${encodeURIComponent('1000%')}`)).body.items).toEqual([]);
    const future = new Date(Date.now() + 3600_000).toISOString();
    expect((await list(w.dispatcher.auth, `&from=${future}`)).body.items).toEqual([]);
    expect((await list(w.dispatcher.auth, `&to=${future}`)).body.total).toBe(7);
    await t.db.getRepository(Case).delete({ id: x.id });
  });

  it('finds cases by their address text, a handler only those of their own department', async () => {
    const inA = await insertCase(t, {
      status: 'dispatched',
      departmentId: w.deptA,
      reporterId: w.resident.user.id,
      address: '杭州市西湖区北山街道保俶路 12 号',
    });
    const inB = await insertCase(t, {
      status: 'dispatched',
      departmentId: w.deptB,
      reporterId: w.resident.user.id,
      address: '杭州市西湖区北山街道保俶路 30 号',
    });
    const search = (auth: Record<string, string>, text: string) => list(auth, `&q=${encodeURIComponent(text)}`);
    expect(ids((await search(w.dispatcher.auth, '保俶路')).body)).toEqual([inA.id, inB.id].sort((a, b) => a - b));
    expect(ids((await search(w.dispatcher.auth, '保俶路 30')).body)).toEqual([inB.id]);
    expect((await search(w.dispatcher.auth, '保俶路 13 号')).body.items).toEqual([]);
    expect(ids((await search(w.handlerB.auth, '保俶路')).body)).toEqual([inB.id]);
    await t.db.getRepository(Case).delete([inA.id, inB.id]);
  });

  it('refuses an unknown status and bad paging with 400', async () => {
    expect((await list(w.dispatcher.auth, '&status=open')).body.code).toBe('VALIDATION_FAILED');
    expect((await t.http().get('/api/v1/cases?pageSize=1000').set(w.dispatcher.auth)).status).toBe(400);
    expect((await t.http().get('/api/v1/cases?overdue=maybe').set(w.dispatcher.auth)).status).toBe(400);
  });

  it('sorts a queue by deadline (most urgent first, no deadline last) and pages', async () => {
    const res = await t.http().get('/api/v1/cases?sort=deadline&pageSize=3&page=1').set(w.dispatcher.auth);
    expect(res.body).toMatchObject({ total: 6, page: 1, pageSize: 3 });
    expect(res.body.items.map((i: { id: number }) => i.id)).toEqual([c.resolvedLateA.id, c.closedLateB.id, c.lateA.id]);
    const page2 = await t.http().get('/api/v1/cases?sort=deadline&pageSize=3&page=2').set(w.dispatcher.auth);
    expect(page2.body.items.map((i: { id: number }) => i.id)).toEqual([c.lateB.id, c.soonA.id, c.submitted.id]);
  });

  it('list items carry the §13 fields plus names, time left and a thumbnail', async () => {
    const res = await list(w.dispatcher.auth, `&q=${c.lateA.id}`);
    const item = res.body.items[0];
    expect(item).toMatchObject({
      id: c.lateA.id,
      status: 'in_progress',
      kind: 'snap',
      categoryCode: 'exposed_garbage',
      departmentId: w.deptA,
      location: { lat: c.lateA.lat, lng: c.lateA.lng },
      reportIds: [c.lateA.primaryReportId],
      gridId: w.gridAId,
      source: 'miniapp',
      overdue: true,
      version: c.lateA.version,
      departmentName: w.departments.sanitation.name,
      categoryName: expect.any(String),
    });
    expect(item.timeLeftMinutes).toBeLessThanOrEqual(-119);
    expect(item.thumbUrl).toMatch(/\/api\/v1\/photos\/\d+\/thumb\?/);
  });

  it('detail: handlers of another department get 404, the caller gets the actions they may take', async () => {
    expect((await t.http().get(`/api/v1/cases/${c.lateB.id}`).set(w.handlerA.auth)).status).toBe(404);
    const mine = await t.http().get(`/api/v1/cases/${c.soonA.id}`).set(w.handlerA.auth);
    expect(mine.status).toBe(200);
    expect(mine.body.actions).toEqual(['claim', 'return']);
    expect(mine.body.canRequestExtension).toBe(true);
    const auditor = await t.http().get(`/api/v1/cases/${c.soonA.id}`).set(w.auditor.auth);
    expect(auditor.body.actions).toEqual([]);
    const dispatcher = await t.http().get(`/api/v1/cases/${c.submitted.id}`).set(w.dispatcher.auth);
    expect(dispatcher.body.actions).toEqual(['accept', 'reject', 'merge']);
  });

  it('detail shows the triage record with duplicate distance and similarity and the routing explanation', async () => {
    const x = await insertCase(t, {
      status: 'submitted',
      reporterId: w.resident.user.id,
      triage: {
        duplicates: [{ caseId: c.soonA.id, distanceM: 12, photoDistance: 4, reason: '同类问题 12 米内' }],
        routing: { departmentId: w.deptA, explanation: '按网格 测试网格一 所属街道 测试街道 派遣至 环卫', rule: 'area' },
      },
    });
    const res = await t.http().get(`/api/v1/cases/${x.id}`).set(w.dispatcher.auth);
    expect(res.body.triage.duplicates).toEqual([
      { caseId: c.soonA.id, distanceM: 12, photoDistance: 4, similarity: 0.94, reason: '同类问题 12 米内' },
    ]);
    expect(res.body.triage.routing).toMatchObject({ departmentId: w.deptA, departmentName: w.departments.sanitation.name, rule: 'area' });
  });
  it('a renamed department, category or handler shows under the new name in the very next list (the names are cached)', async () => {
    const x = await insertCase(t, {
      status: 'in_progress',
      departmentId: w.deptB,
      categoryCode: 'street_vending',
      handlerUserId: w.handlerB.user.id,
      reporterId: w.resident.user.id,
    });
    const item = async () => (await list(w.dispatcher.auth, `&q=${x.id}`)).body.items[0];
    expect(await item()).toMatchObject({ departmentName: w.departments.urban_management.name, handlerName: w.handlerB.user.displayName });
    const renames = [
      t.http().patch(`/api/v1/departments/${w.deptB}`).set(w.admin.auth).send({ name: '城管执法中队（更名）' }),
      t.http().patch('/api/v1/categories/street_vending').set(w.admin.auth).send({ name: '占道经营（更名）' }),
      t.http().patch(`/api/v1/users/${w.handlerB.user.id}`).set(w.admin.auth).send({ displayName: '处置员 新名字' }),
    ];
    for (const rename of renames) expect((await rename).status).toBe(200);
    expect(await item()).toMatchObject({
      departmentName: '城管执法中队（更名）',
      categoryName: '占道经营（更名）',
      handlerName: '处置员 新名字',
    });
    const handlerQueue = await t.http().get(`/api/v1/cases?q=${x.id}`).set(w.handlerB.auth);
    expect(handlerQueue.body.items[0]).toMatchObject({ departmentName: '城管执法中队（更名）', categoryName: '占道经营（更名）' });
  });

  it("my reports: a report merged into another case shows the master's status, and its new status as soon as the master moves", async () => {
    const me = await insertActor(t, ['resident'], null, 'resident');
    const master = await insertCase(t, { status: 'dispatched', departmentId: w.deptA, reporterId: w.resident.user.id });
    const merged = await insertCase(t, { status: 'merged', masterCaseId: master.id, reporterId: me.user.id });
    const own = await insertCase(t, { status: 'submitted', reporterId: me.user.id });
    const mine = async (query = 'page=1&pageSize=20') => (await t.http().get(`/api/v1/reports/mine?${query}`).set(me.auth)).body;
    const byCase = async () => new Map((await mine()).items.map((r: { caseId: number; status: string }) => [r.caseId, r.status]));
    expect(await byCase()).toEqual(
      new Map([
        [own.id, 'submitted'],
        [merged.id, 'dispatched'],
      ]),
    );
    await t.db.getRepository(Case).update({ id: master.id }, { status: 'in_progress' });
    await t.db.getRepository(Case).update({ id: own.id }, { status: 'accepted' });
    expect(await byCase()).toEqual(
      new Map([
        [own.id, 'accepted'],
        [merged.id, 'in_progress'],
      ]),
    );
    // Paging: the total is the same whether the page is full (counted) or the last one (not counted).
    expect(await mine('page=1&pageSize=1')).toMatchObject({ total: 2, items: [{ caseId: own.id }] });
    expect(await mine('page=2&pageSize=1')).toMatchObject({ total: 2, items: [{ caseId: merged.id }] });
    expect(await mine('page=3&pageSize=1')).toMatchObject({ total: 2, items: [] });
  });
});
