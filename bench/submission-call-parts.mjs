// Where mariadbd's CPU goes inside the submission's one call (reports/submission-call.ts), statement by statement and
// trigger by trigger (issue 12, docs/performance.md "Report intake, nineteenth round"). Not part of the tests.
// One database migrated by server/dist, copied into arms that differ only in their triggers on the call's tables:
//   migrated:  as migrated (the day-figure trigger on cases, the read-scope triggers on reports, cases and photos);
//   no-scopes: without the read-scope triggers (read_version_{reports,cases,photos}_{ins,upd});
//   no-days:   without the day-figure trigger (case_day_figures_new_case);
//   none:      without either;
//   guarded:   (with --guarded) the photos' and the reports' update triggers wrapped in `IF @submission_call IS NULL`,
//              the session's @submission_call set: what the call would save by skipping those two firings (they bump
//              no scope the report's insert did not bump in the same transaction), the firing itself still paid.
// Each arm replays, on its own connection, the call's statements one at a time (the same statements and session
// variables as the call; a photo inserted before, outside the count), and sums the CPU of the connection's own mariadbd
// thread (/proc/<pid>/task/<tid>/schedstat, PROCESSLIST.TID) per statement. The arms take turns call by call, in
// `--rounds` rounds; medians of the rounds. The database server must be this machine's.
//   node bench/submission-call-parts.mjs --mysql-url mariadb://…/<any database> [--n 500] [--rounds 6] [--base 20000]
// The scratch databases (q19_submit_parts_<time>_<arm>) are dropped after.
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
    n: { type: 'string', default: '500' },
    rounds: { type: 'string', default: '6' },
    base: { type: 'string', default: '20000' },
    prefix: { type: 'string', default: 'q19_submit_parts_' },
    guarded: { type: 'boolean', default: false },
    'mysql-url': { type: 'string' },
  },
});
const N = Number(a.n);
const BASE = Number(a.base);
const SCOPE_TRIGGERS = ['reports', 'cases', 'photos'].flatMap((t) => [`read_version_${t}_ins`, `read_version_${t}_upd`]);
const DROPS = {
  migrated: [],
  'no-scopes': SCOPE_TRIGGERS,
  'no-days': ['case_day_figures_new_case'],
  none: [...SCOPE_TRIGGERS, 'case_day_figures_new_case'],
};
const GUARDED = ['read_version_photos_upd', 'read_version_reports_upd'];
if (a.guarded) DROPS.guarded = [];
const ARMS = Object.keys(DROPS);
const load = () => loadavg()[0].toFixed(1);

const PHOTO = `INSERT INTO photos (ownerUserId, storageKey, thumbKey, mime, width, height, bytes, sha256, phash, phashBlock0,
  phashBlock1, phashBlock2, phashBlock3, contentCheck) VALUES (?, 'k', 't', 'image/jpeg', 1600, 1200, 90000, 's', 'p', 1, 2, 3, 4, 'pending')`;
/** The call's statements (submission-call.ts), the values written in as mysql2's query does for the call. */
const CALL = [
  ['BEGIN', () => ['BEGIN', []]],
  [
    'INSERT reports',
    (u, tag, lat, lng) => [
      `INSERT INTO reports (userId, clientRequestId, kind, source, categoryCode, description, lat, lng, caseId, gridId, contentCheck)
       VALUES (?, ?, 'snap', 'miniprogram', 'exposed_garbage', '路边有垃圾', ?, ?, 0, 1, 'pending')`,
      [u, tag, lat, lng],
    ],
  ],
  [
    'INSERT cases',
    (u, tag, lat, lng) => [
      `INSERT INTO cases (status, kind, source, categoryCode, departmentId, gridId, lat, lng, cellKey, description,
       primaryReportId, slaHours, version, triage) VALUES ('submitted', 'snap', 'miniprogram', 'exposed_garbage', 3, 1,
       ?, ?, 'wtmkq', '路边有垃圾', (@r := LAST_INSERT_ID()), 24, 1, '{"duplicateOf":null}')`,
      [lat, lng],
    ],
  ],
  [
    'INSERT case_events',
    (u) => [
      `INSERT INTO case_events (caseId, note, photoIds, data, action, fromStatus, toStatus, actorUserId, actorRole)
       VALUES ((@c := LAST_INSERT_ID()), NULL, NULL, CONCAT('{"reportId":', @r, '}'), 'submit', NULL, 'submitted', ?, 'resident')`,
      [u],
    ],
  ],
  [
    'UPDATE photos',
    (u, tag, lat, lng, photo) => [
      `UPDATE photos SET reportId = @r, caseId = @c, role = 'evidence' WHERE id IN (?) AND ownerUserId = ? AND caseId IS NULL AND reportId IS NULL`,
      [photo, u],
    ],
  ],
  ['UPDATE reports', () => ['UPDATE reports SET caseId = IF(ROW_COUNT() = 1, @c, NULL) WHERE id = @r', []]],
  [
    'SELECT times',
    () => [
      'SELECT r.createdAt AS report, e.createdAt AS submit FROM reports r INNER JOIN case_events e ON e.id = LAST_INSERT_ID() WHERE r.id = @r',
      [],
    ],
  ],
  ['COMMIT', () => ['COMMIT', []]],
];

const mysql = require('mysql2/promise');
const server = mariadbServer(a['mysql-url']);
const pid = databasePid(mariadbUrl(a['mysql-url']));
if (!pid) throw new Error('no local mariadbd for --mysql-url');
const stamp = Date.now();
const names = Object.fromEntries(ARMS.map((arm) => [arm, `${a.prefix}${stamp}_${arm.replace('-', '_')}`]));
const admin = await mysql.createConnection({ ...server, multipleStatements: true });
const conns = {};
try {
  for (const [arm, name] of Object.entries(names)) {
    await createMigratedDatabase(admin, server, name);
    await admin.query(`USE \`${name}\``);
    await admin.query(`INSERT INTO users (kind, displayName, roles) SELECT 'resident', CONCAT('居民', seq), 'resident' FROM seq_1_to_5000`);
    await admin.query(
      `INSERT INTO cases (status, kind, source, categoryCode, departmentId, gridId, lat, lng, cellKey, primaryReportId, slaHours, version)
       SELECT 'accepted', 'snap', 'miniprogram', 'exposed_garbage', seq % 30 + 1, 1, 30.2 + seq % 997 / 10000, 120.1 + seq % 991 / 10000,
              'wtmkq', seq, 24, 1 FROM seq_1_to_${BASE}`,
    );
    await admin.query(
      `INSERT INTO reports (userId, clientRequestId, kind, source, categoryCode, lat, lng, caseId, gridId)
       SELECT seq % 5000 + 1, CONCAT('base', seq), 'snap', 'miniprogram', 'exposed_garbage', 30.27, 120.15, seq, 1 FROM seq_1_to_${BASE}`,
    );
    for (const trigger of DROPS[arm]) await admin.query(`DROP TRIGGER ${trigger}`);
    if (arm === 'guarded')
      for (const trigger of GUARDED) {
        const [[row]] = await admin.query(`SHOW CREATE TRIGGER ${trigger}`);
        const original = row['SQL Original Statement'];
        const at = original.indexOf(' FOR EACH ROW ') + ' FOR EACH ROW '.length;
        const head = original.slice(0, at).replace(/^CREATE DEFINER=\S+ /, 'CREATE ');
        await admin.query(`DROP TRIGGER ${trigger}`);
        await admin.query(`${head}IF @submission_call IS NULL THEN ${original.slice(at)}; END IF`);
      }
  }
  console.log(
    `MariaDB, ${BASE} cases, ${N} calls per arm and round, ${a.rounds} rounds alternating; arms ${ARMS.join(', ')}; load ${load()}`,
  );
  for (const [arm, name] of Object.entries(names)) {
    const c = await mysql.createConnection({ ...server, database: name });
    await c.query(`SET SESSION sql_mode = CONCAT_WS(',', NULLIF(@@SESSION.sql_mode, ''), 'STRICT_ALL_TABLES')`);
    if (arm === 'guarded') await c.query('SET @submission_call = 1');
    const [[{ tid }]] = await c.query('SELECT TID AS tid FROM information_schema.PROCESSLIST WHERE ID = CONNECTION_ID()');
    conns[arm] = { c, tid, rounds: [] };
  }
  const threadNs = (tid) => Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
  let next = 0;
  for (let r = 0; r < Number(a.rounds); r++) {
    const ns = Object.fromEntries(ARMS.map((arm) => [arm, CALL.map(() => 0)]));
    for (let i = 0; i < N; i++, next++) {
      const u = (next % 5000) + 1;
      const lat = 30.2 + (next % 97) / 1000;
      const lng = 120.1 + (next % 89) / 1000;
      for (const arm of i % 2 ? [...ARMS].reverse() : ARMS) {
        const { c, tid } = conns[arm];
        const [photo] = await c.execute(PHOTO, [u]);
        for (const [k, [, statement]] of CALL.entries()) {
          const [sql, params] = statement(u, `p${stamp}-${next}`, lat, lng, photo.insertId);
          const t0 = threadNs(tid);
          await c.query(sql, params);
          ns[arm][k] += threadNs(tid) - t0;
        }
      }
    }
    for (const arm of ARMS) conns[arm].rounds.push(ns[arm].map((x) => x / 1e3 / N));
    console.log(`round ${r + 1} done, load ${load()}`);
  }
  const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  const med = (arm, k) => median(conns[arm].rounds.map((round) => (k === undefined ? round.reduce((s, x) => s + x, 0) : round[k])));
  // Each round's difference to the migrated arm, measured beside it.
  const paired = (arm, k) =>
    median(
      conns[arm].rounds.map((round, r) => {
        const sum = (xs) => (k === undefined ? xs.reduce((s, x) => s + x, 0) : xs[k]);
        return sum(round) - sum(conns.migrated.rounds[r]);
      }),
    );
  console.log(`mariadbd thread CPU, µs a call, median of ${a.rounds} rounds (Δ: median difference to migrated in the same round)`);
  console.log(`| statement | ${ARMS.join(' | ')} |`);
  for (const [k, [label]] of [...CALL.entries(), [undefined, ['the call']]])
    console.log(
      `| ${label} | ${ARMS.map((arm) => `${med(arm, k).toFixed(0)}${arm === 'migrated' ? '' : ` (Δ ${paired(arm, k).toFixed(0)})`}`).join(' | ')} |`,
    );
} finally {
  for (const v of Object.values(conns)) await v.c.end();
  for (const name of Object.values(names)) await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await admin.end();
}
