// The duplicate finder at a crowded spot (issue 12, docs/performance.md "Report intake, fifteenth round"). Not part of
// the tests. One table of cases (the columns and indexes the finder's read uses): `--open` open cases of one category
// within 55 m of a spot, as the submission bench files them, among `--others` cases of other categories, statuses and
// places. Two builds' `DuplicateFinder.find` (a report at the spot, no photos) in alternating rounds of `--calls`
// calls, this process's CPU per call from process.cpuUsage(); first a check that both builds find the same candidates
// and the same nearest for 200 points of the spot.
//   node bench/duplicate-finder.mjs --baseline-dist server/dist-main [--dist server/dist] [--db sqlite|mysql]
//     [--open 1000] [--others 20000] [--calls 1000] [--rounds 6] [--mysql-url mariadb://…]
//     [--covering] (the cell index holds status, lat and lng too: the read from the index alone)
//     [--run-points] (the cases and the points asked at run.mjs's 50 points, 1.1 m apart on a line: many equally near)
//     [--covering-vs-plain] (one build, --dist, on two copies of the same cases: the present cell index against the
//       covering one; --baseline-dist is then not used)
//     [--box-index] (two copies of the same cases, the second with the nineteenth round's box index
//       cases(categoryCode, cellKey, lat, lng, createdAt): the baseline reads the first, --dist the second)
// Builds must live inside server/ (their modules resolve from there). A MariaDB scratch database
// (sansui_bench_dup_<time>) is removed after; the finder's one pooled connection's mariadbd thread gives mariadbd's CPU
// per call (/proc/<pid>/task/<tid>/schedstat, the thread named by PROCESSLIST.TID).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { databasePid } from './mariadb-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'server', 'package.json'));
const { values: a } = parseArgs({
  options: {
    db: { type: 'string', default: 'sqlite' },
    dist: { type: 'string', default: 'server/dist' },
    'baseline-dist': { type: 'string' },
    open: { type: 'string', default: '1000' },
    others: { type: 'string', default: '20000' },
    calls: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '6' },
    covering: { type: 'boolean', default: false },
    'covering-vs-plain': { type: 'boolean', default: false },
    'run-points': { type: 'boolean', default: false },
    'box-index': { type: 'boolean', default: false },
    'mysql-url': { type: 'string', default: 'mariadb://sansui:sansui@127.0.0.1:3306/sansui_test' },
  },
});
const pair = a['covering-vs-plain'];
if (!a['baseline-dist'] && !pair) throw new Error('--baseline-dist <build> is required');
const { DataSource } = require('typeorm');
const { offsetM, geohashEncode } = require('@sansui/shared');
const mysql = a.db === 'mysql';
const SPOT = { lat: 31.23, lng: 121.47 };
const CATEGORY = { code: 'exposed_garbage', duplicateRadiusM: 50, duplicateWindowHours: 72 };
const load = () => loadavg()[0].toFixed(1);

let seed = 42;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
let point = 0;
const around = (m) =>
  a['run-points']
    ? { lat: SPOT.lat + (point++ % 50) * 1e-5, lng: SPOT.lng }
    : offsetM(SPOT, (random() * 2 - 1) * m, (random() * 2 - 1) * m);

let opened = 0;
async function openDatabase() {
  if (!mysql) {
    const dir = mkdtempSync(join(tmpdir(), 'dup-finder-'));
    const db = new DataSource({ type: 'better-sqlite3', database: join(dir, 'cases.sqlite'), entities: [] });
    return { db: await db.initialize(), drop: () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `sansui_bench_dup_${Date.now()}_${opened++}`;
  const admin = await new DataSource({ type: 'mysql', url: a['mysql-url'], entities: [] }).initialize();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(a['mysql-url']);
  url.pathname = `/${name}`;
  const db = await new DataSource({
    type: 'mysql',
    url: url.toString(),
    entities: [],
    timezone: 'Z',
    extra: { connectionLimit: 1 },
  }).initialize();
  return {
    db,
    drop: async () => {
      await db.destroy();
      await admin.query(`DROP DATABASE ${name}`);
      await admin.destroy();
    },
  };
}

async function fill(db, covering, box = false) {
  seed = 42;
  point = 0;
  const time = mysql ? 'DATETIME(3)' : 'TEXT';
  await db.query(
    `CREATE TABLE cases (id INTEGER PRIMARY KEY ${mysql ? 'AUTO_INCREMENT' : 'AUTOINCREMENT'}, categoryCode VARCHAR(40) NOT NULL,` +
      ` cellKey VARCHAR(12) NOT NULL, createdAt ${time} NOT NULL, status VARCHAR(20) NOT NULL, lat DOUBLE NOT NULL, lng DOUBLE NOT NULL)`,
  );
  const covered = covering ? ', status, lat, lng' : '';
  await db.query(`CREATE INDEX IDX_4bd2d8863b2c063b25cc054e21 ON cases (categoryCode, cellKey, createdAt${covered})`);
  await db.query('CREATE INDEX IDX_cases_list_cat_created ON cases (status, categoryCode, createdAt)');
  if (box) await db.query('CREATE INDEX IDX_cases_near_box ON cases (categoryCode, cellKey, lat, lng, createdAt)');
  const now = Date.now();
  const rows = [];
  for (let i = 0; i < Number(a.open); i++) rows.push([CATEGORY.code, around(55), now - 3600_000 + i * 1000, 'submitted']);
  const others = ['illegal_parking', 'road_damage', 'overflowing_bin', CATEGORY.code];
  for (let i = 0; i < Number(a.others); i++) {
    const at = offsetM(SPOT, (random() * 2 - 1) * 3000, (random() * 2 - 1) * 3000);
    rows.push([others[i % 4], at, now - random() * 200 * 3600_000, i % 3 ? 'closed' : 'dispatched']);
  }
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    const params = chunk.flatMap(([code, at, t, status]) => {
      const iso = new Date(t).toISOString();
      return [code, geohashEncode(at.lat, at.lng), mysql ? new Date(t) : iso.replace('T', ' ').replace('Z', ''), status, at.lat, at.lng];
    });
    await db.query(
      `INSERT INTO cases (categoryCode, cellKey, createdAt, status, lat, lng) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}`,
      params,
    );
  }
}

function finderOf(dist, db) {
  const dir = resolve(root, dist);
  const { CaseReads } = require(join(dir, 'cases', 'case-reads.js'));
  const { DuplicateFinder } = require(join(dir, 'triage', 'duplicate-finder.service.js'));
  return new DuplicateFinder(db, null, null, new CaseReads(db));
}

const box = a['box-index'] && !pair;
const copies = pair || box ? [await openDatabase(), await openDatabase()] : [await openDatabase()];
const { db } = copies[0];
try {
  await fill(db, pair ? false : a.covering);
  if (pair) await fill(copies[1].db, true);
  if (box) await fill(copies[1].db, a.covering, true);
  const thisDb = box ? copies[1].db : db;
  const builds = pair
    ? [
        { name: `${a.dist}, the present cell index`, finder: finderOf(a.dist, db), db, us: [], server: [] },
        { name: `${a.dist}, the covering index`, finder: finderOf(a.dist, copies[1].db), db: copies[1].db, us: [], server: [] },
      ]
    : [
        { name: `baseline ${a['baseline-dist']}`, finder: finderOf(a['baseline-dist'], db), db, us: [], server: [] },
        { name: `this ${a.dist}`, finder: finderOf(a.dist, thisDb), db: thisDb, us: [], server: [] },
      ];
  // The mariadbd serving --mysql-url (by its port: another may run beside it), and each build's one connection's thread.
  const pid = mysql && databasePid(a['mysql-url']);
  for (const b of builds)
    b.tid = mysql && (await b.db.query('SELECT TID AS tid FROM information_schema.PROCESSLIST WHERE ID = CONNECTION_ID()'))[0].tid;
  const serverNs = (b) => (mysql ? Number(readFileSync(`/proc/${pid}/task/${b.tid}/schedstat`, 'utf8').split(' ')[0]) : 0);
  const points = Array.from({ length: 200 }, () => around(40));
  for (const p of points) {
    const [x, y] = await Promise.all(builds.map((b) => b.finder.find({ category: CATEGORY, ...p, photoIds: [] }, b.db.manager)));
    if (JSON.stringify(x) !== JSON.stringify(y))
      throw new Error(`the builds differ at ${JSON.stringify(p)}:\n${JSON.stringify(x)}\n${JSON.stringify(y)}`);
  }
  const first = await builds[0].finder.find({ category: CATEGORY, ...SPOT, photoIds: [] }, db.manager);
  console.log(
    `${a.db}: ${a.open} open cases at the spot, ${a.others} others; same candidates at 200 points (${first.candidates.length} listed at the spot)`,
  );
  for (let round = 0; round < Number(a.rounds); round++) {
    for (const b of round % 2 ? [...builds].reverse() : builds) {
      const before = process.cpuUsage();
      const serverBefore = serverNs(b);
      const started = process.hrtime.bigint();
      for (let i = 0; i < Number(a.calls); i++)
        await b.finder.find({ category: CATEGORY, ...points[i % points.length], photoIds: [] }, b.db.manager);
      const cpu = process.cpuUsage(before);
      const wall = Number(process.hrtime.bigint() - started) / 1000 / Number(a.calls);
      const us = (cpu.user + cpu.system) / Number(a.calls);
      const server = (serverNs(b) - serverBefore) / 1000 / Number(a.calls);
      b.us.push(us);
      b.server.push(server);
      const mariadbd = mysql ? `, mariadbd ${server.toFixed(0)} µs` : '';
      console.log(`round ${round + 1} ${b.name}: ${us.toFixed(0)} µs CPU${mariadbd}, ${wall.toFixed(0)} µs wall a call (load ${load()})`);
    }
  }
  for (const b of builds) {
    const mariadbd = mysql ? `; mariadbd ${b.server.map((u) => u.toFixed(0)).join(', ')}` : '';
    console.log(`${b.name}: ${b.us.map((u) => u.toFixed(0)).join(', ')} µs CPU a call${mariadbd}`);
  }
} finally {
  for (const c of copies) await c.drop();
}
