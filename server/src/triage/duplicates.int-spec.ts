import { CaseEvent } from '../cases/case-event.entity';
import { Case } from '../cases/case.entity';
import { Category } from '../categories/category.entity';
import { ReportViewService } from '../reports/report-view.service';
import { newRequestId, REPORT_TEST_AREA, residentLogin, seedReportTestPlaces, staffToken, uploadScene } from '../testing/factories-reports';
import { startTestApp, type TestApp } from '../testing/test-app';
import { DuplicateFinder } from './duplicate-finder.service';
import { cellSizeDeg, geohashEncode, offsetM } from '@sansui/shared';

/** Duplicate detection and auto-merge on crafted geometry (docs/domain.md §6 step 4). */
describe('duplicate detection', () => {
  let t: TestApp;
  let dispatcher: { token: string };
  const { centre } = REPORT_TEST_AREA;

  /** A hotline intake (no photos needed) at a point; returns {reportId, caseId, duplicates}. */
  async function report(at: { lat: number; lng: number }, categoryCode = 'exposed_garbage') {
    const res = await t
      .http()
      .post('/api/v1/reports')
      .set('Authorization', `Bearer ${dispatcher.token}`)
      .send({
        kind: 'snap',
        categoryCode,
        location: at,
        photoIds: [],
        clientRequestId: newRequestId('dup'),
        source: 'hotline',
        contactName: '来电人',
      });
    expect(res.status).toBe(201);
    const c = await t.db.getRepository(Case).findOneByOrFail({ id: res.body.caseId });
    return { reportId: res.body.id as number, caseId: c.id, status: c.status, duplicates: c.triage?.duplicates ?? [], body: res.body };
  }

  beforeAll(async () => {
    t = await startTestApp();
    await seedReportTestPlaces(t.db);
    dispatcher = await staffToken(t, 'dup-dispatcher', ['dispatcher']);
  });
  afterAll(async () => t?.close());

  it('finds an open case of the same category at 49 m, not at 51 m', async () => {
    const base = offsetM(centre, -800, -700);
    const first = await report(base);
    const near = await report(offsetM(base, 0, 49));
    expect(near.duplicates).toEqual([expect.objectContaining({ caseId: first.caseId, photoDistance: null })]);
    expect(near.duplicates[0].distanceM).toBeGreaterThan(48.5);
    expect(near.duplicates[0].distanceM).toBeLessThan(49.5);
    expect(near.duplicates[0].reason).toContain('49');
    const far = await report(offsetM(base, 0, -51));
    expect(far.duplicates.map((d) => d.caseId)).not.toContain(first.caseId);
  });

  it('ignores other categories, cases older than the window and closed cases', async () => {
    const base = offsetM(centre, -400, -700);
    const first = await report(base);
    const otherCategory = await report(offsetM(base, 5, 5), 'illegal_ads');
    expect(otherCategory.duplicates).toEqual([]);

    await t.db.getRepository(Case).update({ id: first.caseId }, { createdAt: new Date(Date.now() - 73 * 3600_000) });
    expect((await report(offsetM(base, 10, 0))).duplicates.map((d) => d.caseId)).not.toContain(first.caseId);
    await t.db.getRepository(Case).update({ id: first.caseId }, { createdAt: new Date(Date.now() - 71 * 3600_000) });
    expect((await report(offsetM(base, 10, 0))).duplicates.map((d) => d.caseId)).toContain(first.caseId);
    await t.db.getRepository(Case).update({ id: first.caseId }, { status: 'closed' });
    expect((await report(offsetM(base, 10, 0))).duplicates.map((d) => d.caseId)).not.toContain(first.caseId);
  });

  it('finds a candidate across a geohash cell border', async () => {
    const size = cellSizeDeg();
    // The first cell border north of a point in the west of grid A, and one east of it.
    const p = offsetM(centre, 0, 400);
    const borderLat = Math.ceil((p.lat + 90) / size.lat) * size.lat - 90;
    const south = { lat: borderLat - 0.0001, lng: p.lng };
    const north = offsetM(south, 25, 0);
    expect(geohashEncode(south.lat, south.lng)).not.toBe(geohashEncode(north.lat, north.lng));
    const a = await report(south, 'piling');
    const b = await report(north, 'piling');
    expect(b.duplicates.map((d) => d.caseId)).toEqual([a.caseId]);

    const q = offsetM(centre, 600, 400);
    const borderLng = Math.ceil((q.lng + 180) / size.lng) * size.lng - 180;
    const west = { lat: q.lat, lng: borderLng - 0.0001 };
    const east = offsetM(west, 0, 30);
    expect(geohashEncode(west.lat, west.lng)).not.toBe(geohashEncode(east.lat, east.lng));
    const c = await report(west, 'piling');
    const d = await report(east, 'piling');
    expect(d.duplicates.map((x) => x.caseId)).toEqual([c.caseId]);
  });

  it('merges automatically when the category says so, with events on both cases', async () => {
    await t.db.getRepository(Category).update({ code: 'overflowing_bin' }, { autoMerge: true });
    const base = offsetM(centre, 300, -300);
    const master = await report(base, 'overflowing_bin');
    const dup = await report(offsetM(base, 20, 0), 'overflowing_bin');
    expect(dup.status).toBe('merged');
    const merged = await t.db.getRepository(Case).findOneByOrFail({ id: dup.caseId });
    expect(merged.masterCaseId).toBe(master.caseId);
    const dupEvents = await t.db.getRepository(CaseEvent).find({ where: { caseId: dup.caseId }, order: { id: 'ASC' } });
    expect(dupEvents.map((e) => [e.action, e.fromStatus, e.toStatus, e.actorRole])).toEqual([
      ['submit', null, 'submitted', 'dispatcher'],
      ['merge', 'submitted', 'merged', 'system'],
    ]);
    const masterEvents = await t.db.getRepository(CaseEvent).find({ where: { caseId: master.caseId }, order: { id: 'ASC' } });
    expect(masterEvents.at(-1)).toMatchObject({ action: 'merge', data: expect.objectContaining({ mergedCaseId: dup.caseId }) });
    expect(await t.app.get(ReportViewService).reportIdsOfCase(master.caseId)).toEqual([master.reportId, dup.reportId]);
    const viaCases = await t.http().get(`/api/v1/cases/${master.caseId}`).set('Authorization', `Bearer ${dispatcher.token}`);
    expect(viaCases.status).toBe(200);
    expect(viaCases.body.reportIds).toEqual([master.reportId, dup.reportId]);
    // The reporter follows the master case.
    expect(dup.body).toMatchObject({ status: 'submitted', caseId: dup.caseId });
    expect(dup.body.timeline.map((e: { text: string }) => e.text)).toEqual([
      '热线来电已登记',
      '附近已有人反映了同一问题，您的上报已合并处理，进展会同步给您',
    ]);

    // Outside the radius: no merge.
    const apart = await report(offsetM(base, -60, 0), 'overflowing_bin');
    expect(apart.status).toBe('submitted');
    await t.db.getRepository(Category).update({ code: 'overflowing_bin' }, { autoMerge: false });
  });

  it('lists the ten nearest of a crowded spot, nearest first, and names the nearest', async () => {
    const base = offsetM(centre, 300, -900);
    // Thirteen open cases 3–36 m away in a shuffled order, two of them 30 m away in different directions (the 10th and 11th).
    const metres = [21, 3, 36, 12, 27, 6, 33, 15, 9, 30, 24, 18];
    const cases = new Map<number, number>();
    for (const [i, m] of metres.entries()) cases.set((await report(offsetM(base, i % 2 ? m : -m, 0))).caseId, m);
    cases.set((await report(offsetM(base, 0, 30))).caseId, 30);
    const crowded = await report(base);
    expect(crowded.duplicates).toHaveLength(10);
    expect(crowded.duplicates.map((d) => Math.round(d.distanceM ?? -1))).toEqual([3, 6, 9, 12, 15, 18, 21, 24, 27, 30]);
    for (const d of crowded.duplicates) expect(cases.get(d.caseId)).toBe(Math.round(d.distanceM ?? -1));
    const category = await t.db.getRepository(Category).findOneByOrFail({ code: 'exposed_garbage' });
    const { nearest } = await t.app.get(DuplicateFinder).find({
      category,
      lat: base.lat,
      lng: base.lng,
      photoIds: [],
      excludeCaseId: crowded.caseId,
    });
    expect(cases.get(nearest!.caseId)).toBe(3);
    expect(nearest!.reason).toContain('3 米');
  });

  /** The centre of the geohash cell holding a point: cases within 30 m of it share the cell, so the lookup's order is their creation order. */
  function cellCentreOf(p: { lat: number; lng: number }) {
    const size = cellSizeDeg();
    return {
      lat: (Math.floor((p.lat + 90) / size.lat) + 0.5) * size.lat - 90,
      lng: (Math.floor((p.lng + 180) / size.lng) + 0.5) * size.lng - 180,
    };
  }

  it('at a spot crowded past what the lookup reads, lists the ten nearest and at a tie the one filed first', async () => {
    const base = cellCentreOf(offsetM(centre, -800, 300));
    // Thirty open cases 1–28 m away in a shuffled order, three of them 10 m away (north, east, south-west: the tenth place).
    const metres = [17, 4, 25, 10, 1, 22, 13, 8, 28, 10, 19, 2, 26, 11, 6, 23, 15, 10, 3, 20, 27, 9, 14, 5, 24, 18, 7, 21, 12, 16];
    const bearings = new Map<number, number>();
    const filed: { caseId: number; m: number }[] = [];
    for (const m of metres) {
      const turn = bearings.get(m) ?? 0;
      bearings.set(m, turn + 1);
      const angle = turn * 2.3 + m;
      filed.push({ caseId: (await report(offsetM(base, m * Math.cos(angle), m * Math.sin(angle)))).caseId, m });
    }
    const crowded = await report(base);
    expect(crowded.duplicates.map((d) => Math.round(d.distanceM ?? -1))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const firstAtTen = filed.find((f) => f.m === 10)!.caseId;
    expect(crowded.duplicates.map((d) => d.caseId)).toEqual([
      ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((m) => filed.find((f) => f.m === m)!.caseId),
      firstAtTen,
    ]);
    const category = await t.db.getRepository(Category).findOneByOrFail({ code: 'exposed_garbage' });
    const { nearest } = await t.app.get(DuplicateFinder).find({ category, ...base, photoIds: [], excludeCaseId: crowded.caseId });
    expect(nearest!.caseId).toBe(filed.find((f) => f.m === 1)!.caseId);
  });

  it('at a spot where more cases than the lookup reads are equally near, lists the ten filed first and names the first', async () => {
    const base = cellCentreOf(offsetM(centre, 800, -500));
    // Twenty-five open cases on a 12 m circle: their distances round to the same 12.0 m.
    const filed: number[] = [];
    for (let i = 0; i < 25; i++) {
      const angle = (i * 7 * 2 * Math.PI) / 25;
      filed.push((await report(offsetM(base, 12 * Math.cos(angle), 12 * Math.sin(angle)))).caseId);
    }
    const crowded = await report(base);
    expect(crowded.duplicates.map((d) => d.distanceM)).toEqual(Array(10).fill(12));
    expect(crowded.duplicates.map((d) => d.caseId)).toEqual(filed.slice(0, 10));
    const category = await t.db.getRepository(Category).findOneByOrFail({ code: 'exposed_garbage' });
    const { nearest } = await t.app.get(DuplicateFinder).find({ category, ...base, photoIds: [], excludeCaseId: crowded.caseId });
    expect(nearest!.caseId).toBe(filed[0]);
  });

  it('suggests a case whose photo looks the same, wherever and whatever category it is', async () => {
    const carol = await residentLogin(t, 'carol');
    const dave = await residentLogin(t, 'dave');
    const post = async (who: { token: string }, at: { lat: number; lng: number }, categoryCode: string) => {
      const res = await t
        .http()
        .post('/api/v1/reports')
        .set('Authorization', `Bearer ${who.token}`)
        .send({
          kind: 'snap',
          categoryCode,
          location: at,
          photoIds: [await uploadScene(t, who.token, 4242)],
          clientRequestId: newRequestId('ph'),
        });
      expect(res.status).toBe(201);
      return t.db.getRepository(Case).findOneByOrFail({ id: res.body.caseId });
    };
    const first = await post(carol, offsetM(centre, 700, 700), 'river_litter');
    const second = await post(dave, offsetM(centre, -700, 800), 'back_alley');
    const hit = second.triage?.duplicates?.find((d) => d.caseId === first.id);
    expect(hit).toBeDefined();
    expect(hit!.photoDistance).toBe(0);
    expect(hit!.reason).toContain('照片');
    expect(hit!.distanceM).toBeGreaterThan(1000);
  });

  it('shows the dispatcher the earlier case at the same spot with the same photo, with its distance and photo similarity', async () => {
    const erin = await residentLogin(t, 'erin');
    const frank = await residentLogin(t, 'frank');
    const base = offsetM(centre, -200, 900);
    const post = async (who: { token: string }, at: { lat: number; lng: number }) => {
      const res = await t
        .http()
        .post('/api/v1/reports')
        .set('Authorization', `Bearer ${who.token}`)
        .send({
          kind: 'snap',
          categoryCode: 'exposed_garbage',
          location: at,
          photoIds: [await uploadScene(t, who.token, 5151)],
          clientRequestId: newRequestId('same'),
        });
      expect(res.status).toBe(201);
      return res.body.caseId as number;
    };
    const first = await post(erin, base);
    const second = await post(frank, offsetM(base, 20, 0));
    const detail = await t.http().get(`/api/v1/cases/${second}`).set('Authorization', `Bearer ${dispatcher.token}`);
    expect(detail.status).toBe(200);
    const hits = detail.body.triage.duplicates.filter((d: { caseId: number }) => d.caseId === first);
    expect(hits).toEqual([expect.objectContaining({ caseId: first, photoDistance: 0, similarity: 1 })]);
    expect(hits[0].distanceM).toBeGreaterThan(19.5);
    expect(hits[0].distanceM).toBeLessThan(20.5);
    expect(hits[0].reason).toContain('20 米');
    expect(hits[0].reason).toContain('照片高度相似（差异 0 / 64）');
  });
});

describe('duplicate lookup query plan', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  it('uses the cases(categoryCode, cellKey, lat, lng, createdAt) index', async () => {
    const index = t.db
      .getMetadata(Case)
      .indices.find((i) => i.columns.map((c) => c.propertyName).join(',') === 'categoryCode,cellKey,lat,lng,createdAt');
    expect(index).toBeDefined();
    const finder = t.app.get(DuplicateFinder);
    const at = { category: { code: 'exposed_garbage', duplicateRadiusM: 50, duplicateWindowHours: 72 }, lat: 31.23, lng: 121.47 };
    const since = new Date(Date.now() - 72 * 3600_000);
    // The nearest few of the radius's box and of a crowd's small one, and all within a distance (when many are equally
    // near); MariaDB is told the index: this table has no statistics, as a new city's has not.
    const reads = [
      finder.nearbyQuery(at, since),
      finder.nearbyQuery(at, since, { nearest: 20, boxM: 2 }),
      finder.nearbyQuery(at, since, { withinM: 12 }),
    ];
    for (const [sql, params] of reads) {
      if (t.db.options.type === 'better-sqlite3') {
        const plan = (await t.db.query(`EXPLAIN QUERY PLAN ${sql}`, params)) as { detail: string }[];
        expect(plan.map((p) => p.detail).join('\n')).toContain(`INDEX ${index!.name}`);
      } else {
        const plan = (await t.db.query(`EXPLAIN ${sql}`, params)) as { table: string; key: string | null }[];
        expect(plan.find((p) => p.table === 'cases')?.key).toBe(index!.name);
      }
    }
  });
});
