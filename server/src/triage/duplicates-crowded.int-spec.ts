import { OPEN_CASE_STATUSES, distanceM, geohashEncode, offsetM, type CaseStatus } from '@sansui/shared';
import { CaseReads } from '../cases/case-reads';
import { Case } from '../cases/case.entity';
import { caseRow, insertInChunks } from '../testing/bulk-seed';
import { startTestApp, type TestApp } from '../testing/test-app';
import { MultiStatementCalls } from '../database/multi-statement';
import { DuplicateFinder, type DuplicateQuery } from './duplicate-finder.service';

const HOUR = 3600_000;
const category = { code: 'exposed_garbage', duplicateRadiusM: 50, duplicateWindowHours: 72 };
const now = new Date(Date.UTC(2026, 11, 8, 12));

/** A seeded pseudo-random sequence in [0, 1): the same crowd on every run. */
function random(seed: number): () => number {
  let x = seed;
  return () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

/**
 * What the finder must answer, read the plain way: every case of the category, filtered and ordered in JS as the
 * lookup orders them (cell, creation, id); the nearest ten with the ties at the tenth, nearest first; the first nearest.
 */
async function expected(t: TestApp, at: { lat: number; lng: number }) {
  const rows = await t.db.getRepository(Case).find({ where: { categoryCode: category.code } });
  const since = now.getTime() - category.duplicateWindowHours * HOUR;
  const near = rows
    .filter((c) => (OPEN_CASE_STATUSES as readonly string[]).includes(c.status) && c.createdAt.getTime() >= since)
    .map((c) => ({ c, d: distanceM(at, c) }))
    .filter(({ d }) => d <= category.duplicateRadiusM)
    .sort((a, b) =>
      a.c.cellKey < b.c.cellKey ? -1 : a.c.cellKey > b.c.cellKey ? 1 : a.c.createdAt.getTime() - b.c.createdAt.getTime() || a.c.id - b.c.id,
    )
    .map(({ c, d }) => ({ caseId: c.id, distanceM: Math.round(d * 10) / 10, d }));
  const byDistance = [...near].sort((a, b) => a.distanceM - b.distanceM);
  const cutoff = byDistance.length >= 10 ? byDistance[9].distanceM : Infinity;
  const candidates = byDistance.filter((n) => n.distanceM <= cutoff).slice(0, 10);
  const nearest = byDistance[0] ? near.find((n) => n.distanceM === byDistance[0].distanceM)! : null;
  return { candidates: candidates.map((n) => [n.caseId, n.distanceM]), nearest: nearest && [nearest.caseId, nearest.distanceM] };
}

/**
 * A burst at one spot, as bench/run.mjs files it: open cases at 40 points 1.1 m apart on a line north, twelve at each,
 * among closed ones, old ones, another category's and a scatter within the radius. The finder reads a small box first
 * where it last found the nearest close; whatever it reads, it must answer what reading every case answers.
 */
describe('duplicate lookup at a crowded spot', () => {
  let t: TestApp;
  const spot = { lat: 31.2304, lng: 121.4737 };
  const line = Array.from({ length: 40 }, (_, k) => ({ lat: spot.lat + k * 1e-5, lng: spot.lng }));

  beforeAll(async () => {
    t = await startTestApp();
    const next = random(7);
    const rows: Partial<Case>[] = [];
    const add = (at: { lat: number; lng: number }, status: CaseStatus, hoursAgo: number, categoryCode = category.code) =>
      rows.push(
        caseRow({
          status,
          categoryCode,
          ...at,
          cellKey: geohashEncode(at.lat, at.lng),
          // Creation times collide in pairs: the id decides between them.
          createdAt: new Date(now.getTime() - Math.floor(hoursAgo * 1800) * 2000),
        }),
      );
    for (const at of line) {
      for (let i = 0; i < 12; i++) add(at, i % 3 === 0 ? 'submitted' : 'in_progress', next() * 60);
      add(at, 'closed', 1);
      add(at, 'merged', 2);
      add(at, 'resolved', 2);
      add(at, 'accepted', 80);
      add(at, 'accepted', 3, 'illegal_ads');
    }
    for (let i = 0; i < 80; i++) add(offsetM(spot, (next() - 0.3) * 90, (next() - 0.5) * 90), 'dispatched', next() * 70);
    // rows written in a shuffled order: ids do not follow the line
    for (let i = rows.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [rows[i], rows[j]] = [rows[j], rows[i]];
    }
    await insertInChunks(t, Case, rows);
  });
  afterAll(async () => t?.close());

  it('finds the same candidates and nearest as a read of every case, on the line, beside it and beyond its end', async () => {
    const finder = t.app.get(DuplicateFinder);
    const reads = jest.spyOn(t.app.get(CaseReads), 'openNear');
    const points = [
      ...line.filter((_, k) => k % 4 === 0),
      ...line.filter((_, k) => k % 5 === 2).map((p) => offsetM(p, 0.55, 0)),
      ...[0.4, 2, 3.5, 7, 15, 30].flatMap((east) => [offsetM(line[20], 0, east), offsetM(line[3], 0, -east)]),
      ...[0.6, 2, 5, 12, 25, 49].map((north) => offsetM(line[39], north, 0)),
      offsetM(spot, -20, 0),
      offsetM(spot, 0, 300),
    ];
    let compared = 0;
    // Each point twice, and in both orders: a box learned at a crowded point is used at its neighbours.
    // MariaDB: the reads a submission sends in one packet with its photo rows (firstReads), asked as well.
    const asks = [(q: DuplicateQuery) => finder.find(q)];
    if (t.db.options.type !== 'better-sqlite3')
      asks.push(async (q) => {
        const reads = finder.firstReads(q);
        return reads.answer(await t.app.get(MultiStatementCalls).run(reads.statements));
      });
    for (const at of [...points, ...points.reverse()]) {
      const want = await expected(t, at);
      for (const ask of asks) {
        const found = await ask({ category, ...at, photoIds: [], now });
        expect([
          at,
          found.candidates.map((c) => [c.caseId, c.distanceM]),
          found.nearest && [found.nearest.caseId, found.nearest.distanceM],
        ]).toEqual([at, want.candidates, want.nearest]);
        compared += want.candidates.length;
      }
    }
    expect(compared).toBeGreaterThan(500);
    // The small boxes were read: at the line's points the first read looked no farther than a few metres.
    const boxes = reads.mock.calls.map(([, , reach]) => ('boxM' in reach ? reach.boxM : null)).filter((b) => b !== null);
    expect(boxes.filter((b) => b! < 5).length).toBeGreaterThan(points.length / 2);
    expect(boxes.filter((b) => b! > 50).length).toBeGreaterThan(0);
  });
});
