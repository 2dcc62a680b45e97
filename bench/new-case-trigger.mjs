// mariadbd's CPU per case INSERT with the new-case trigger of main (the roll-up's six-part UNION) and of the
// NewCaseReportedRow migration (one row for a case meeting only the reported figure), alternating by round on one
// database: `node bench/new-case-trigger.mjs --mysql-url mariadb://…/<a migrated scratch database> [--rounds 6] [--n 1500]`.
// The database server must be this machine's and otherwise idle (its CPU comes from /proc); the cases it inserts
// are deleted again, the roll-up's rows stay.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { databasePid, mariadbUrl, mysqlOptions } from './mariadb-server.mjs';
import { processCpuMs } from './simulator-host.mjs';
import { benchArgs } from './args.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'server', 'package.json'));
const mysql = require('mysql2/promise');
const args = benchArgs();
const ROUNDS = Number(args.rounds ?? 6);
const N = Number(args.n ?? 1500);
const opts = mysqlOptions(args['mysql-url']);

/** The two CREATE TRIGGER texts of the migration: `up` (this round's) and `down` (main's). */
function triggers() {
  const src = readFileSync(join(root, 'server/src/database/migrations/mysql/1796620000000-NewCaseReportedRow.ts'), 'utf8');
  const [now, before] = [...src.matchAll(/`(CREATE TRIGGER case_day_figures_new_case[^`]*)`/g)].map((m) => m[1]);
  return { before, now };
}

const pid = databasePid(mariadbUrl(args['mysql-url']));
if (!pid) throw new Error('no local mariadbd for --mysql-url');
const cpuMs = () => processCpuMs(pid);

const c = await mysql.createConnection(opts);
const texts = triggers();
async function round(variant) {
  await c.query('DROP TRIGGER IF EXISTS case_day_figures_new_case');
  await c.query(texts[variant]);
  const ids = [];
  const before = cpuMs();
  for (let i = 0; i < N; i++) {
    const [r] = await c.query(
      `INSERT INTO cases (status, kind, source, categoryCode, gridId, lat, lng, cellKey, primaryReportId, slaHours, version)
       VALUES ('submitted', 'snap', 'miniapp', 'exposed_garbage', 7, 31.2, 121.4, 'wtw3sjq', 0, 4, 1)`,
    );
    ids.push(r.insertId);
  }
  const perInsert = (cpuMs() - before) / N;
  await c.query(`DELETE FROM cases WHERE id IN (${ids.join(',')})`);
  return perInsert;
}
const out = { before: [], now: [] };
for (let r = 0; r < ROUNDS; r++) for (const v of r % 2 ? ['now', 'before'] : ['before', 'now']) out[v].push(await round(v));
await c.query('DROP TRIGGER IF EXISTS case_day_figures_new_case');
await c.query(texts.now);
await c.end();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(
  `load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}; mariadbd CPU ms per case INSERT (autocommit), ${ROUNDS} rounds of ${N}:`,
);
for (const v of ['before', 'now'])
  console.log(
    `  ${v === 'before' ? "main's trigger (six-part UNION)" : 'one reported row'}: median ${median(out[v]).toFixed(3)} (${out[v].map((x) => x.toFixed(3)).join(' ')})`,
  );
