/**
 * Duplicate lookup at scale (issue 3): fills `cases` with N generated rows (default 1,000,000) spread
 * over 10 km × 10 km, all catalogue categories and a year, then times DuplicateFinder.nearby() for 1,000
 * random points (after 100 warm-up lookups). Timings are printed, not asserted; the test only checks that
 * the query plan uses the (categoryCode, cellKey, lat, lng, createdAt) index. Not part of the test command. Run:
 *   cd server && BENCH_CASES=1000000 npx jest --testRegex 'duplicates\.bench-spec\.ts$'
 *   (TEST_DB=mysql TEST_MYSQL_URL=mariadb://… for MariaDB)
 */
import { CATEGORY_CATALOGUE, geohashEncode, offsetM } from '@sansui/shared';
import { Case } from '../cases/case.entity';
import { startTestApp, type TestApp } from '../testing/test-app';
import { DuplicateFinder } from './duplicate-finder.service';

const N = Number(process.env.BENCH_CASES ?? 1_000_000);
const CENTRE = { lat: 31.23, lng: 121.47 };
const STATUSES = [
  'closed',
  'closed',
  'closed',
  'closed',
  'rejected',
  'merged',
  'submitted',
  'accepted',
  'dispatched',
  'in_progress',
  'resolved',
];

describe(`duplicate lookup with ${N} cases`, () => {
  let t: TestApp;
  jest.setTimeout(3_600_000);
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  it('looks up through the (categoryCode, cellKey, lat, lng, createdAt) index', async () => {
    const meta = t.db.getMetadata(Case);
    const cols = [
      'status',
      'kind',
      'source',
      'categoryCode',
      'lat',
      'lng',
      'cellKey',
      'primaryReportId',
      'slaHours',
      'flagged',
      'version',
      'createdAt',
      'updatedAt',
    ];
    const sqlite = t.db.options.type === 'better-sqlite3';
    const q = (c: string) => (sqlite ? `"${c}"` : `\`${c}\``);
    const batch = 500;
    // mulberry32: seeded, and with a period far above N (a float LCG here repeated after ~16k draws).
    let seed = 12345;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let r = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
      return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
    };
    const started = Date.now();
    for (let done = 0; done < N; done += batch) {
      const values: unknown[] = [];
      const n = Math.min(batch, N - done);
      for (let i = 0; i < n; i++) {
        const p = offsetM(CENTRE, (random() - 0.5) * 10_000, (random() - 0.5) * 10_000);
        const created = new Date(Date.now() - random() * 365 * 86400_000);
        const at = sqlite ? created.toISOString().replace('T', ' ').replace('Z', '') : created;
        values.push(
          STATUSES[Math.floor(random() * STATUSES.length)],
          'snap',
          'miniapp',
          CATALOGUE(random),
          p.lat,
          p.lng,
          geohashEncode(p.lat, p.lng),
          done + i + 1,
          24,
          sqlite ? 0 : false,
          1,
          at,
          at,
        );
      }
      const row = `(${cols.map(() => '?').join(',')})`;
      await t.db.query(
        `INSERT INTO ${q(meta.tableName)} (${cols.map(q).join(',')}) VALUES ${Array.from({ length: n }, () => row).join(',')}`,
        values,
      );
    }
    const insertS = (Date.now() - started) / 1000;
    if (t.db.options.type !== 'better-sqlite3') await t.db.query('ANALYZE TABLE `cases`');
    else await t.db.query('ANALYZE');

    const finder = t.app.get(DuplicateFinder);
    const [sql, params] = finder.nearbyQuery(
      { category: { code: 'exposed_garbage', duplicateRadiusM: 50, duplicateWindowHours: 72 }, lat: CENTRE.lat, lng: CENTRE.lng },
      new Date(Date.now() - 72 * 3600_000),
    );
    const plan = await t.db.query(`${sqlite ? 'EXPLAIN QUERY PLAN' : 'EXPLAIN'} ${sql}`, params);
    const times: number[] = [];
    let found = 0;
    const LOOKUPS = 1000;
    for (let i = 0; i < LOOKUPS + 100; i++) {
      const p = offsetM(CENTRE, (random() - 0.5) * 9_000, (random() - 0.5) * 9_000);
      const category = { code: CATALOGUE(random), duplicateRadiusM: 50, duplicateWindowHours: 72 };
      const s = process.hrtime.bigint();
      found += (await finder.nearby({ category, lat: p.lat, lng: p.lng, photoIds: [] })).length;
      if (i >= 100) times.push(Number(process.hrtime.bigint() - s) / 1e6); // the first 100 warm the caches
    }
    times.sort((a, b) => a - b);
    const pct = (x: number) => +times[Math.min(times.length - 1, Math.floor(times.length * x))].toFixed(2);
    const result = {
      db: t.db.options.type,
      cases: N,
      insertSeconds: Math.round(insertS),
      lookups: times.length,
      p50ms: pct(0.5),
      p95ms: pct(0.95),
      p99ms: pct(0.99),
      maxMs: pct(1),
      candidatesFound: found,
      plan,
    };
    console.log(JSON.stringify(result));
    const index = meta.indices.find((i) => i.columns.map((c) => c.propertyName).join() === 'categoryCode,cellKey,lat,lng,createdAt');
    expect(JSON.stringify(plan)).toContain(index!.name);
  });
});

function CATALOGUE(random: () => number): string {
  return CATEGORY_CATALOGUE[Math.floor(random() * CATEGORY_CATALOGUE.length)].code;
}
