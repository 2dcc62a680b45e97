// What a submission's reads before its call cost on MariaDB, by how they reach the server. Not part of the tests.
// The three reads (the photo row, the duplicate finder's nearest 20 at a crowded spot, the similar photo's block
// lookups), their texts as the built server writes them (server/dist), on tables with the product's indexes for them:
//   query:   each its own round trip through mysql2's `query` (text protocol, values formatted into the text client-side);
//   execute: each its own round trip as a server-side prepared statement (`execute`, binary protocol, prepared once per
//            pooled connection: every round starts a new pool, so the prepares are counted);
//   packet:  the three in one multi-statement `query` (SubmissionReads);
//   split:   the nearest 20 by `execute`, then the other two in one packet (without --only).
// CPU (user + system) of this client process and of the local mariadbd per report's reads, 10 connections.
//   node bench/prepared-reads.mjs [--calls 3000] [--rounds 2] [--only 0|1|2] [--near-dist server/dist] [--mysql-url mariadb://…]
// A scratch database sansui_bench_pr_<time> is dropped after.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { databasePid, mariadbServer, mariadbUrl } from './mariadb-server.mjs';
import { processCpuMs } from './simulator-host.mjs';
import { benchArgs } from './args.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'server', 'package.json'));
const mysql = require('mysql2/promise');
const args0 = benchArgs();
// --near-dist: the build whose CaseReads writes the nearest-20 read (e.g. server/dist-main), to compare its text.
const { CaseReads } = require(join(root, args0['near-dist'] ?? 'server/dist', 'cases/case-reads.js'));
const { PhotosService } = require(join(root, 'server/dist/uploads/photos.service.js'));
const { geohashEncode, offsetM } = require('@sansui/shared');
const args = benchArgs();
const N = Number(args.calls ?? 3000);
const ROUNDS = Number(args.rounds ?? 2);
const C = 10;
/** --only 0|1|2: that one of the three reads alone (the photo row, the nearest 20, the similar photo's lookups). */
const ONLY = args.only === undefined ? undefined : Number(args.only);
const server = mariadbServer(args['mysql-url']);
const database = `sansui_bench_pr_${Date.now()}`;
const dbPid = databasePid(mariadbUrl(args['mysql-url']));
const databaseCpuMs = () => (dbPid ? processCpuMs(dbPid) : NaN);
const ownCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const admin = await mysql.createConnection({ ...server, multipleStatements: true });
await admin.query(`CREATE DATABASE ${database}`);
await admin.query(`USE ${database}`);
await admin.query(
  `CREATE TABLE cases (id INT AUTO_INCREMENT PRIMARY KEY, categoryCode VARCHAR(32) NOT NULL, cellKey VARCHAR(12) NOT NULL,
   lat DOUBLE NOT NULL, lng DOUBLE NOT NULL, status VARCHAR(16) NOT NULL, createdAt DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
   KEY IDX_cases_near_box (categoryCode, cellKey, lat, lng, createdAt)) ENGINE=InnoDB`,
);
await admin.query(
  `CREATE TABLE photos (id INT AUTO_INCREMENT PRIMARY KEY, ownerUserId INT NOT NULL, phash VARCHAR(16) NOT NULL,
   phashBlock0 INT NOT NULL, phashBlock1 INT NOT NULL, phashBlock2 INT NOT NULL, phashBlock3 INT NOT NULL, reportId INT NULL,
   caseId INT NULL, role VARCHAR(16) NULL, contentCheck VARCHAR(16) NOT NULL DEFAULT 'pending', contentTraceId VARCHAR(64) NULL,
   width INT NOT NULL, height INT NOT NULL, KEY (phashBlock0), KEY (phashBlock1), KEY (phashBlock2), KEY (phashBlock3)) ENGINE=InnoDB`,
);
// The bench's crowd: 50 points 20 m apart, 20 open cases each; 20,000 other cases around; 20,000 photos.
const spot = { lat: 31.2304, lng: 121.4737 };
const points = Array.from({ length: 50 }, (_, k) => offsetM(spot, (k % 10) * 20, Math.floor(k / 10) * 20));
const rows = [];
for (const p of points) for (let i = 0; i < 20; i++) rows.push(['exposed_garbage', p.lat + i * 1e-6, p.lng, 'submitted']);
for (let i = 0; i < 20000; i++) {
  const p = offsetM(spot, (Math.random() - 0.5) * 3000, (Math.random() - 0.5) * 3000);
  rows.push([i % 3 ? 'exposed_garbage' : 'back_alley', p.lat, p.lng, i % 4 ? 'closed' : 'submitted']);
}
for (let i = 0; i < rows.length; i += 1000)
  await admin.query('INSERT INTO cases (categoryCode, cellKey, lat, lng, status) VALUES ?', [
    rows.slice(i, i + 1000).map(([c, lat, lng, s]) => [c, geohashEncode(lat, lng), lat, lng, s]),
  ]);
const hex = () => Array.from({ length: 16 }, () => '0123456789abcdef'[Math.floor(Math.random() * 16)]).join('');
for (let i = 0; i < 20; i++)
  await admin.query('INSERT INTO photos (ownerUserId, phash, phashBlock0, phashBlock1, phashBlock2, phashBlock3, width, height) VALUES ?', [
    Array.from({ length: 1000 }, () => {
      const h = hex();
      return [1, h, ...[0, 4, 8, 12].map((k) => parseInt(h.slice(k, k + 4), 16)), 640, 480];
    }),
  ]);
await admin.query('ANALYZE TABLE cases, photos');

const em = { connection: { options: { type: 'mysql' } } };
const reads = new CaseReads(null);
const since = new Date(Date.now() - 72 * 3600_000);
/** One report's three reads: its photo, the nearest 20 at one of the points, the similar photo's lookups. */
function statements(i) {
  const photoId = 1001 + (i % 19000); // never 500, the LIMIT the execute mode takes out
  const at = points[i % points.length];
  const [nearSql, nearParams] = reads.openNearQuery({ categoryCode: 'exposed_garbage', ...at }, since, { nearest: 20, boxM: 50.5 }, em);
  const similar = PhotosService.prototype.similarCandidatesStatement([photoId], 6, { excludePhotoIds: [photoId] });
  const all = [
    {
      sql: 'SELECT id, ownerUserId, phash, reportId, caseId, role, contentCheck, contentTraceId, width, height FROM photos WHERE id IN (?)',
      params: [photoId],
    },
    { sql: nearSql, params: nearParams },
    similar,
  ];
  return ONLY === undefined ? all : [all[ONLY]];
}

/** `execute` binds values, not SQL text: a literal written for `query` (doubleLiteral) goes as its number. */
const bound = (params) => params.map((p) => (p && typeof p.toSqlString === 'function' ? Number(p.toSqlString()) : p));
const modes = {
  query: async (c, i) => {
    for (const s of statements(i)) await c.query(s.sql, s.params);
  },
  execute: async (c, i) => {
    // LIMIT takes an integer: mysql2 sends a JS number as a DOUBLE, which MariaDB refuses there.
    for (const s of statements(i)) await c.execute(s.sql.replace(/LIMIT \?/g, 'LIMIT 500'), bound(s.params.filter((p) => p !== 500)));
  },
  // The nearest 20 prepared, its own round trip; the photo row and the block lookups in one packet.
  split: async (c, i) => {
    const [photo, near, similar] = statements(i);
    await c.execute(near.sql, bound(near.params));
    await c.query(`${photo.sql};\n${similar.sql}`, [...photo.params, ...similar.params]);
  },
  packet: async (c, i) => {
    const all = statements(i);
    await c.query(
      all.map((s) => s.sql).join(';\n'),
      all.flatMap((s) => s.params),
    );
  },
};
// The modes read the same rows (execute's binary protocol answers numbers and dates typed as query's text does here).
{
  const c = await mysql.createConnection({ ...server, database, multipleStatements: true });
  let rowsCompared = 0;
  for (let i = 0; i < 200; i += 7) {
    const all = statements(i);
    const [answer] = await c.query(
      all.map((s) => s.sql).join(';\n'),
      all.flatMap((s) => s.params),
    );
    const packet = all.length === 1 ? [answer] : answer;
    for (const [k, s] of all.entries()) {
      const [queried] = await c.query(s.sql, s.params);
      const [executed] = await c.execute(s.sql.replace(/LIMIT \?/g, 'LIMIT 500'), bound(s.params.filter((p) => p !== 500)));
      const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
      if (!same(queried, executed) || !same(queried, packet[k])) throw new Error(`statement ${k} of report ${i}: the modes' rows differ`);
      rowsCompared += queried.length;
    }
  }
  await c.end();
  console.log(`the three modes read the same ${rowsCompared} rows`);
}
if (ONLY !== undefined) delete modes.split;
const results = [];
for (let round = 1; round <= ROUNDS; round++)
  for (const [mode, fn] of Object.entries(modes)) {
    const pool = mysql.createPool({ ...server, database, connectionLimit: C, multipleStatements: true });
    let next = 0;
    const own0 = ownCpuMs();
    const db0 = databaseCpuMs();
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: C }, async () => {
        while (next < N) {
          const c = await pool.getConnection();
          try {
            await fn(c, next++);
          } finally {
            c.release();
          }
        }
      }),
    );
    const ms = performance.now() - t0;
    const per = (v) => Math.round((v / N) * 1000) / 1000;
    results.push({
      round,
      mode,
      clientCpuMsPerReport: per(ownCpuMs() - own0),
      databaseCpuMsPerReport: per(databaseCpuMs() - db0),
      reportsPerSecond: Math.round((N / ms) * 1000),
    });
    await pool.end();
  }
await admin.query(`DROP DATABASE ${database}`);
await admin.end();
console.table(results);
console.log(
  `load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}; mariadbd is shared: other clients' work counts in its column`,
);
