// Times each KPI statement of the server's read model on an existing database and prints its plan
// (issue 12). Usage (repository root, after `pnpm -C server build`):
//   node bench/kpi-profile.mjs --sqlite /tmp/kpi1m.sqlite   |   --mysql mariadb://sansui:sansui@127.0.0.1:3306/<db>
//   [--from 2026-11-01 --to 2026-11-30 --now 2026-11-23T10:00:00Z --rounds 3 --only received,closed]
//   [--department 5]  (a department manager's scope)
//   [--dist server/dist-main]  (another build of the server, e.g. main's, to compare on the same data)
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
const require = createRequire(new URL('../server/package.json', import.meta.url));
const { values: a } = parseArgs({
  options: {
    sqlite: { type: 'string' },
    mysql: { type: 'string' },
    from: { type: 'string', default: '2026-11-01' },
    to: { type: 'string', default: '2026-11-30' },
    now: { type: 'string', default: '2026-11-23T10:00:00Z' },
    rounds: { type: 'string', default: '3' },
    only: { type: 'string' },
    dist: { type: 'string', default: 'server/dist' },
    department: { type: 'string' },
  },
});
const dist = (p) => require(`${new URL(`../${a.dist}/`, import.meta.url).pathname}${p}`);
const { CaseFiguresRepository } = dist('cases/case-figures.repository.js');
const { parsePeriod } = dist('stats/stats-period.js');

let run, explain, type, close;
if (a.sqlite) {
  const Database = require('better-sqlite3');
  const db = new Database(a.sqlite, { readonly: false });
  db.pragma('journal_mode = WAL');
  type = 'better-sqlite3';
  run = async (sql, params) => db.prepare(sql).all(...params);
  explain = async (sql, params) =>
    db
      .prepare(`EXPLAIN QUERY PLAN ${sql}`)
      .all(...params)
      .map((r) => r.detail)
      .join(' | ');
  close = async () => db.close();
} else {
  const mysql = require('mysql2/promise');
  const pool = mysql.createPool({ uri: a.mysql.replace(/^mariadb:/, 'mysql:'), connectionLimit: 10, dateStrings: true });
  type = 'mariadb';
  run = async (sql, params) => (await pool.query(sql, params))[0];
  explain = async (sql, params) =>
    (await pool.query(`EXPLAIN ${sql}`, params))[0].map((x) => `${x.table}:${x.type}:${x.key}:${x.rows}:${x.Extra}`).join(' | ');
  close = () => pool.end();
}

const seen = [];
let recording = true;
const fakeDb = {
  options: { type },
  query: async (sql, params = []) => {
    const t0 = process.hrtime.bigint();
    const rows = await run(sql, params);
    if (recording) seen.push({ sql, params, ms: Number(process.hrtime.bigint() - t0) / 1e6, rows: rows.length });
    return rows;
  },
};
const repo = new CaseFiguresRepository(fakeDb);
const p = parsePeriod(a.from, a.to);
const now = new Date(a.now);
const q = { from: p.from, to: p.to, departmentId: a.department ? Number(a.department) : undefined };
const calls = {
  // The floor of this run: a bare count of the month's cases from a covering index (no grouping, nothing sent).
  baseline: () =>
    fakeDb.query('SELECT COUNT(*) AS n FROM cases c WHERE c.createdAt >= ? AND c.createdAt < ?', [
      p.from.toISOString().replace('T', ' ').replace('Z', ''),
      p.to.toISOString().replace('T', ' ').replace('Z', ''),
    ]),
  received: () => repo.received(q),
  closed: () => repo.closed(q),
  overdue: () => repo.overdue(q, now),
  returns: () => repo.returns(q),
  work: () => repo.work(q),
  feedback: () => repo.feedback(q),
  middleHandlingHours: () => repo.middleHandlingHours(q),
  byGridAndCategory: () => repo.byGridAndCategory(q),
  daily: () => repo.daily(q, now),
};
// Dispatch quality's read: the stored per-case outcome (issue 12, fifth round), before that the timelines (cases/),
// before the architecture move in stats/.
for (const [file, build] of [
  [
    'cases/dispatch-outcome.repository.js',
    async (m) => {
      const r = new m.DispatchOutcomeRepository(fakeDb);
      return Promise.all([r.groups(q), r.wrong(q, 100)]);
    },
  ],
  ['cases/dispatch-timeline.repository.js', (m) => new m.DispatchTimelineRepository(fakeDb).firstDispatchedIn(p)],
  ['stats/dispatch-quality.service.js', (m) => new m.DispatchQualityService(fakeDb).outcomes(p)],
]) {
  let m;
  try {
    m = dist(file);
  } catch {
    continue;
  }
  if (m.DispatchOutcomeRepository || m.DispatchTimelineRepository || (m.DispatchQualityService && !calls.dispatchOutcomes)) {
    calls.dispatchOutcomes = () => build(m);
    break;
  }
}
for (const [name, fn] of Object.entries(calls)) {
  if (a.only && !a.only.split(',').includes(name)) continue;
  const times = [];
  for (let i = 0; i < Number(a.rounds); i++) {
    seen.length = 0;
    const t0 = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  console.log(`${name}: ${times.map((t) => t.toFixed(0)).join(' / ')} ms`);
  for (const s of [...seen]) {
    recording = false;
    console.log(`  ${s.ms.toFixed(0)} ms, ${s.rows} rows: ${s.sql.replace(/\s+/g, ' ').slice(0, 200)}`);
    console.log(`    plan: ${await explain(s.sql, s.params)}`);
    recording = true;
  }
}
await close();
