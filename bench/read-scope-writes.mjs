// What MariaDB's read-version triggers cost a submission's writes (issue 12, docs/performance.md "Read paths"). Not part
// of the tests. One database migrated by server/dist, copied into arms that differ only in their triggers on the seven
// tables a kept answer reads:
//   scopes: as migrated (this build's triggers);
//   main:   one `UPDATE read_versions … WHERE shard = CONNECTION_ID() % 64` per row (migration ReadVersions, main's);
//   none:   no triggers (what the writes cost without any version);
//   <name>: with `--variants name=module,…` (ES modules each exporting another ReadScopes migration class, e.g. an
//           earlier version bundled by esbuild), main's arm migrated by that class (this build's read_scopes replaced).
// Each arm replays, on its own connection, the row writes of the app's submission (statement texts as the app sends
// them, bench/…/report-statements.int-spec shows them): the upload's photo; the intake transaction (report with
// caseId 0, case, its event, the report's caseId, the photo attached); the image check's trace id; the verdict
// transaction (photo and report); the address. Then, as their own lines: a login (users.lastLoginAt) and a status
// change. CPU of the connection's own mariadbd thread (/proc/<pid>/task/<tid>/schedstat, PROCESSLIST.TID) per
// submission, the arms taking turns write by write, in `--rounds` rounds, medians; with the session's handler counters.
//   node bench/read-scope-writes.mjs [--n 300] [--rounds 6] [--base 5000] [--arms scopes,main,none] [--prefix q18_mix_]
//   [--variants prev=/tmp/prev-ReadScopes.mjs] [--mysql-url mariadb://…]
// The scratch databases (<prefix>scopes_<time>_<arm>) are dropped after.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createMigratedDatabase, databasePid, mariadbServer, mariadbUrl } from './mariadb-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'server', 'package.json'));
const { values: a } = parseArgs({
  options: {
    n: { type: 'string', default: '300' },
    rounds: { type: 'string', default: '6' },
    base: { type: 'string', default: '5000' },
    arms: { type: 'string', default: 'scopes,main,none' },
    prefix: { type: 'string', default: 'sansui_bench_' },
    variants: { type: 'string', default: '' },
    'mysql-url': { type: 'string' },
  },
});
const N = Number(a.n);
const BASE = Number(a.base);
const VARIANTS = Object.fromEntries(
  a.variants
    .split(',')
    .filter(Boolean)
    .map((v) => v.split('=')),
);
const ARMS = [...a.arms.split(','), ...Object.keys(VARIANTS)];
const TABLES = ['cases', 'reports', 'photos', 'case_extensions', 'users', 'departments', 'categories'];
const EVENTS = { ins: 'INSERT', upd: 'UPDATE', del: 'DELETE' };
const load = () => loadavg()[0].toFixed(1);

const PHOTO = `INSERT INTO photos (ownerUserId, storageKey, thumbKey, mime, width, height, bytes, sha256, phash, phashBlock0,
  phashBlock1, phashBlock2, phashBlock3, contentCheck) VALUES (?, 'k', 't', 'image/jpeg', 1600, 1200, 90000, 's', 'p', 1, 2, 3, 4, 'pending')`;
const REPORT = `INSERT INTO reports (userId, clientRequestId, kind, source, categoryCode, lat, lng, caseId, gridId, contentCheck)
  VALUES (?, ?, 'snap', 'miniprogram', 'exposed_garbage', 30.27, 120.15, 0, 1, 'pending')`;
const CASE = `INSERT INTO cases (status, kind, source, categoryCode, departmentId, gridId, lat, lng, cellKey, primaryReportId,
  slaHours, version, triage) VALUES ('submitted', 'snap', 'miniprogram', 'exposed_garbage', NULL, 1, 30.27, 120.15, 'c', ?, 24, 1, '{}')`;
const EVENT = `INSERT INTO case_events (caseId, action, fromStatus, toStatus, actorUserId, actorRole, data)
  VALUES (?, 'submit', NULL, 'submitted', ?, 'resident', '{}')`;

/** One submission's row writes, as the app makes them (3 commits and 2 lone statements after the upload). */
async function submission(c, userId, tag) {
  const [photo] = await c.execute(PHOTO, [userId]);
  await c.query('START TRANSACTION');
  const [report] = await c.execute(REPORT, [userId, tag]);
  const [kase] = await c.execute(CASE, [report.insertId]);
  await c.execute(EVENT, [kase.insertId, userId]);
  await c.execute('UPDATE reports SET caseId = ? WHERE id = ?', [kase.insertId, report.insertId]);
  await c.execute(
    'UPDATE photos SET reportId = ?, caseId = ?, role = ? WHERE id IN (?) AND ownerUserId = ? AND caseId IS NULL AND reportId IS NULL',
    [report.insertId, kase.insertId, 'evidence', photo.insertId, userId],
  );
  await c.query('COMMIT');
  await c.execute('UPDATE photos SET contentTraceId = ? WHERE id = ?', [`t${tag}`, photo.insertId]);
  await c.query('START TRANSACTION');
  await c.execute('UPDATE photos SET contentCheck = ? WHERE id = ?', ['pass', photo.insertId]);
  await c.execute('UPDATE reports SET contentCheck = ? WHERE id = ?', ['pass', report.insertId]);
  await c.query('COMMIT');
  await c.execute('UPDATE reports SET address = ?, landmark = ? WHERE id = ? AND address IS NULL', ['人民路1号', null, report.insertId]);
  return kase.insertId;
}
const OPS = {
  submission: (c, i) => submission(c, (i % BASE) + 1, `r${i}`),
  login: (c, i) =>
    c.execute('UPDATE users SET lastLoginAt = NOW(6), loginFailures = 0, loginLockedUntil = NULL WHERE id = ?', [(i % BASE) + 1]),
  'status change': (c, i) =>
    c.execute("UPDATE cases SET status = IF(status = 'accepted', 'dispatched', 'accepted'), departmentId = ? WHERE id = ?", [
      (i % 30) + 1,
      ((i * 7919) % BASE) + 1,
    ]),
};

const mysql = require('mysql2/promise');
const server = mariadbServer(a['mysql-url']);
const pid = databasePid(mariadbUrl(a['mysql-url']));
const stamp = Date.now();
const names = Object.fromEntries(ARMS.map((arm) => [arm, `${a.prefix}scopes_${stamp}_${arm}`]));
const admin = await mysql.createConnection({ ...server, multipleStatements: true });
const conns = {};
try {
  for (const [arm, name] of Object.entries(names)) {
    await createMigratedDatabase(admin, server, name);
    await admin.query(`USE \`${name}\``);
    // BASE residents, each with one case and report (what a status change and a login find).
    await admin.query(
      `INSERT INTO users (kind, displayName, roles) SELECT 'resident', CONCAT('居民', seq), 'resident' FROM seq_1_to_${BASE}`,
    );
    await admin.query(
      `INSERT INTO cases (status, kind, source, categoryCode, departmentId, gridId, lat, lng, cellKey, primaryReportId, slaHours, version)
       SELECT 'accepted', 'snap', 'miniprogram', 'exposed_garbage', seq % 30 + 1, 1, 30.27, 120.15, 'c', seq, 24, 1 FROM seq_1_to_${BASE}`,
    );
    await admin.query(
      `INSERT INTO reports (userId, clientRequestId, kind, source, categoryCode, lat, lng, caseId, gridId)
       SELECT seq, CONCAT('base', seq), 'snap', 'miniprogram', 'exposed_garbage', 30.27, 120.15, seq, 1 FROM seq_1_to_${BASE}`,
    );
    if (arm === 'scopes') continue;
    for (const table of TABLES) for (const suffix of Object.keys(EVENTS)) await admin.query(`DROP TRIGGER read_version_${table}_${suffix}`);
    // ReadScopes leaves read_versions as a view of scope 0 (for the previous release during a rolling deploy).
    await admin.query('DROP VIEW IF EXISTS read_versions');
    if (arm !== 'none') {
      await admin.query('CREATE TABLE read_versions (shard int NOT NULL, n bigint NOT NULL DEFAULT 0, PRIMARY KEY (shard)) ENGINE=InnoDB');
      await admin.query(`INSERT INTO read_versions (shard) SELECT seq FROM seq_0_to_63`);
      for (const table of TABLES)
        for (const [suffix, event] of Object.entries(EVENTS))
          await admin.query(
            `CREATE TRIGGER read_version_${table}_${suffix} AFTER ${event} ON \`${table}\` FOR EACH ROW UPDATE read_versions SET n = n + 1 WHERE shard = CONNECTION_ID() % 64`,
          );
    }
    if (VARIANTS[arm]) {
      await admin.query('DROP TABLE read_scopes');
      await admin.query('DROP PROCEDURE IF EXISTS read_scope_reporters');
      const migration = Object.values(await import(VARIANTS[arm])).find((x) => typeof x === 'function');
      await new migration().up({ query: (sql) => admin.query(sql) });
    }
  }
  console.log(
    `MariaDB, ${BASE} residents / cases / reports, ${N} of each write per round, ${a.rounds} rounds alternating; arms ${ARMS.join(', ')}; load ${load()}`,
  );
  for (const [arm, name] of Object.entries(names)) {
    const c = await mysql.createConnection({ ...server, database: name });
    const [[{ tid }]] = await c.query('SELECT TID AS tid FROM information_schema.PROCESSLIST WHERE ID = CONNECTION_ID()');
    conns[arm] = { c, tid, next: 0, cpu: Object.fromEntries(Object.keys(OPS).map((op) => [op, []])), handlers: {} };
  }
  const threadNs = (tid) => Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
  const handlers = async (c) =>
    Object.fromEntries((await c.query("SHOW SESSION STATUS LIKE 'Handler_%'"))[0].map((r) => [r.Variable_name, Number(r.Value)]));
  for (let r = 0; r < Number(a.rounds); r++) {
    for (const op of Object.keys(OPS)) {
      const h0 = await Promise.all(ARMS.map((arm) => handlers(conns[arm].c)));
      const ns = Object.fromEntries(ARMS.map((arm) => [arm, 0]));
      // The arms take turns write by write (the order reversed every other write), so the machine's load changes
      // under all of them alike.
      for (let i = 0; i < N; i++)
        for (const arm of i % 2 ? [...ARMS].reverse() : ARMS) {
          const v = conns[arm];
          const t0 = threadNs(v.tid);
          await OPS[op](v.c, v.next + i);
          ns[arm] += threadNs(v.tid) - t0;
        }
      for (const [k, arm] of ARMS.entries()) {
        const v = conns[arm];
        v.cpu[op].push(ns[arm] / 1e6 / N);
        const h1 = await handlers(v.c);
        for (const name of Object.keys(h1)) if (h1[name] - h0[k][name] > 0) v.handlers[`${op} ${name}`] = (h1[name] - h0[k][name]) / N;
      }
    }
    for (const arm of ARMS) conns[arm].next += N;
    console.log(`round ${r + 1} done, load ${load()}`);
  }
  const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  // Each round's difference to the first arm, measured beside it: less of the machine's drift than two medians.
  const paired = (op, arm) => median(conns[arm].cpu[op].map((x, r) => x - conns[ARMS[0]].cpu[op][r]));
  for (const op of Object.keys(OPS)) {
    console.log(
      `${op}: mariadbd thread CPU, median of ${a.rounds}: ${ARMS.map((arm) => `${arm} ${median(conns[arm].cpu[op]).toFixed(3)} ms`).join(', ')}`,
    );
    console.log(
      `  median difference to ${ARMS[0]} in the same round: ${ARMS.slice(1)
        .map((arm) => `${arm} ${paired(op, arm) >= 0 ? '+' : ''}${paired(op, arm).toFixed(3)} ms`)
        .join(', ')}`,
    );
    console.log(`  rounds: ${ARMS.map((arm) => `${arm} ${conns[arm].cpu[op].map((x) => x.toFixed(3)).join(' ')}`).join('; ')}`);
  }
  console.log(`handler counters per write (last round), ${ARMS.join(' / ')}:`);
  for (const k of [...new Set(ARMS.flatMap((arm) => Object.keys(conns[arm].handlers)))].sort())
    console.log(`  ${k}: ${ARMS.map((arm) => conns[arm].handlers[k] ?? 0).join(' / ')}`);
} finally {
  for (const v of Object.values(conns)) await v.c.end();
  for (const name of Object.values(names)) await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await admin.end();
}
