// What the roll-up's slots cost its readers (docs/performance.md, "MariaDB intake: the roll-up's hot row"): the
// statements of DayFiguresRepository, run on a migrated database against its case_day_figures and against a temporary
// table of the same rows summed over the slots (one row per key, as before the slots), alternating; fastest call and
// median per statement, and whether both answer the same. Nothing is written but the temporary table. Usage
// (repository root, after `pnpm -C server build`):
//   node bench/day-figure-reads.mjs --sqlite <file> | --mysql mariadb://sansui:sansui@127.0.0.1:3306/<db>
//   [--period 2026-11-01,2026-11-30 --rounds 21]
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
const require = createRequire(new URL('../server/package.json', import.meta.url));
const { values: a } = parseArgs({
  options: {
    sqlite: { type: 'string' },
    mysql: { type: 'string' },
    period: { type: 'string', default: '2026-11-01,2026-11-30' },
    rounds: { type: 'string', default: '21' },
  },
});
const { DayFiguresRepository } = require('../server/dist/cases/day-figures.repository.js');

const KEY = 'figure, day, departmentId, gridId, categoryCode, bucket';
const unslotted = `CREATE TEMPORARY TABLE day_figures_unslotted AS SELECT ${KEY}, SUM(n) AS n FROM case_day_figures GROUP BY ${KEY}`;
let run, type, close;
if (a.sqlite) {
  const Database = require('better-sqlite3');
  const db = new Database(a.sqlite, { readonly: true });
  type = 'better-sqlite3';
  db.exec(unslotted);
  db.exec(`CREATE UNIQUE INDEX temp.day_figures_unslotted_key ON day_figures_unslotted (${KEY})`);
  run = async (sql, params) => db.prepare(sql).all(...params);
  close = async () => db.close();
} else {
  const mysql = require('mysql2/promise');
  const c = await mysql.createConnection(a.mysql.replace(/^mariadb:/, 'mysql:'));
  type = 'mariadb';
  await c.query(`${unslotted.replace(' AS SELECT', ` (PRIMARY KEY (${KEY})) SELECT`)}`);
  run = async (sql, params) => (await c.query(sql, params))[0];
  close = () => c.end();
}

const [first, last] = a.period.split(',');
const days = { first, last };
const reader = (table) => {
  const db = { options: { type }, query: (sql, params) => run(sql.replaceAll('case_day_figures', table), params) };
  return new DayFiguresRepository(db, { namesOf: async () => new Map() });
};
const sides = [reader('day_figures_unslotted'), reader('case_day_figures')];
const calls = {
  'daily (trends)': (r) => r.daily(days),
  grids: (r) => r.grids(days, {}),
  openDueBefore: (r) => r.openDueBefore(last),
  departmentCounts: (r) => r.departmentCounts(days),
  dispatchGroups: (r) => r.dispatchGroups(days),
  handled: (r) => r.handled(days),
};
const sorted = (v) => JSON.stringify(v, (_, x) => (x instanceof Map ? [...x].sort() : x));
const times = {};
const answers = {};
for (let round = 0; round < Number(a.rounds); round++)
  for (const [name, call] of Object.entries(calls))
    for (const [i, side] of sides.entries()) {
      const t0 = process.hrtime.bigint();
      const out = await call(side);
      (times[name] ??= [[], []])[i].push(Number(process.hrtime.bigint() - t0) / 1e6);
      (answers[name] ??= [])[i] = sorted(Array.isArray(out) ? [...out].map(sorted).sort() : out);
    }
await close();
const med = (v) => [...v].sort((x, y) => x - y)[Math.floor(v.length / 2)];
const ms = (v) => `${Math.min(...v).toFixed(2)} (${med(v).toFixed(2)})`;
console.log(`${type}, ${first} – ${last}, ${a.rounds} rounds; fastest (median) ms: one row per key → slotted`);
for (const [name, [before, after]] of Object.entries(times))
  console.log(`${name.padEnd(17)} ${ms(before)} → ${ms(after)}  same answer: ${answers[name][0] === answers[name][1]}`);
console.log(`load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
