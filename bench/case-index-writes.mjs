// What the case indexes cost a write (issue 12, docs/performance.md "Case indexes: the write cost"). Not part of the tests.
// Two copies of one migrated database with `--base` cases: one as migrated, one without the indexes of `--drop` (default:
// the five the 1M lists added, migrations CaseListCategoryIndexes and CaseListDepartmentCategoryIndex). Then, on each:
//   insert: `--n` new cases (a submission's row: submitted, department, grid and category set), one transaction each;
//   update: `--n` status changes of existing cases (status, updatedAt, version), one transaction each.
// SQLite: instructions inside sqlite3_step per write, counted by valgrind (callgrind), which the machine's load does not
// change. MariaDB: CPU of the connection's own mariadbd thread per write (/proc/<pid>/task/<tid>/schedstat, the
// thread named by PROCESSLIST.TID), in `--rounds` alternating rounds, with its session's handler counters.
//   node bench/case-index-writes.mjs --db sqlite [--n 2000] [--base 100000]
//   node bench/case-index-writes.mjs --db mysql [--n 2000] [--base 100000] [--rounds 6] [--mysql-url mariadb://…]
//   [--drop IDX_a,IDX_b]  (other indexes to measure without; `--drop ''` for none)
//   [--triggers name,name] (triggers to measure without, e.g. case_day_figures_new_case)
//   [--text] (cases carry a description and an address, as submissions do: what the search box's index reads)
//   [--replace IDX_name=col,col,…] (the "with" copy has that index with these columns instead of its own: a wider
//     index weighed against the present one; use with `--drop ''`, so "without" is the database as migrated)
//   [--add IDX_name=col,col DESC,…] (the "with" copy has this index too, a column's order after it: an index not yet in
//     the entities weighed before its migration; use with `--drop ''`)
// Scratch files / databases (`--prefix`, default sansui_bench_idx, then _<time>_*) are removed after.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sqliteStepInstructions } from './callgrind-step.mjs';
import { createMigratedDatabase, databasePid, mariadbServer, mariadbUrl } from './mariadb-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'server', 'package.json'));
const { values: a } = parseArgs({
  options: {
    db: { type: 'string', default: 'sqlite' },
    n: { type: 'string', default: '2000' },
    base: { type: 'string', default: '100000' },
    rounds: { type: 'string', default: '6' },
    'mysql-url': { type: 'string' },
    drop: {
      type: 'string',
      default:
        'IDX_cases_list_cat_created,IDX_cases_list_cat_deadline,IDX_cases_list_cat_metoo,IDX_cases_list_cat_updated,IDX_cases_list_dept_cat',
    },
    triggers: { type: 'string', default: '' },
    text: { type: 'boolean', default: false },
    prefix: { type: 'string', default: 'sansui_bench_idx' },
    replace: { type: 'string', default: '' },
    add: { type: 'string', default: '' },
    // Internal: one SQLite run under callgrind.
    worker: { type: 'string' },
    file: { type: 'string' },
  },
});
const N = Number(a.n);
const BASE = Number(a.base);
const DROP = a.drop.split(',').filter(Boolean);
const TRIGGERS = a.triggers.split(',').filter(Boolean);
const [REPLACED, REPLACED_COLUMNS] = a.replace ? a.replace.split('=') : [null, null];
/** The statements that give the "with" copy the replacing index (quoted for SQLite or MariaDB). */
const replaceSql = (mysql) => {
  if (!REPLACED) return [];
  const q = (name) => (mysql ? `\`${name}\`` : `"${name}"`);
  const cols = REPLACED_COLUMNS.split(',').map(q).join(', ');
  return mysql
    ? [`ALTER TABLE cases DROP INDEX ${q(REPLACED)}, ADD INDEX ${q(REPLACED)} (${cols})`]
    : [`DROP INDEX ${q(REPLACED)}`, `CREATE INDEX ${q(REPLACED)} ON cases (${cols})`];
};
const [ADDED, ADDED_COLUMNS] = a.add ? a.add.split('=') : [null, null];
/** The statement that gives the "with" copy the added index (each column's name quoted, its order kept). */
const addSql = (mysql) => {
  if (!ADDED) return [];
  const q = (name) => (mysql ? `\`${name}\`` : `"${name}"`);
  const cols = ADDED_COLUMNS.split(',')
    .map((c) => c.trim().split(/\s+/))
    .map(([name, order]) => `${q(name)}${order ? ` ${order.toUpperCase() === 'DESC' ? 'DESC' : 'ASC'}` : ''}`)
    .join(', ');
  return [`CREATE INDEX ${q(ADDED)} ON cases (${cols})`];
};
const ROADS = ['人民路', '解放路', '中山北路', '世纪大道', '滨江路', '长江路', '黄河路', '建设路'];
const ISSUES = ['垃圾堆放', '井盖破损', '路灯不亮', '道路积水', '占道经营', '夜间噪音'];
const CATEGORIES = ['exposed_garbage', 'illegal_parking', 'road_damage', 'overflowing_bin'];
const STATUSES = ['submitted', 'accepted', 'dispatched', 'in_progress', 'resolved', 'closed'];
const load = () => loadavg()[0].toFixed(1);

/** Case j of the base fill: the KPI bench's shape (statuses and categories by number, 330 days of 2026). */
function baseFillSql(mysql) {
  const at = (secs) =>
    mysql
      ? `TIMESTAMPADD(SECOND, ${secs}, '2026-01-01 00:00:00')`
      : `strftime('%Y-%m-%d %H:%M:%f', '2026-01-01 00:00:00', '+' || (${secs}) || ' seconds')`;
  const created = mysql ? `(j * ${330 * 86400} DIV ${BASE})` : `(j * ${330 * 86400} / ${BASE})`;
  const status = `CASE j % 6 ${STATUSES.map((s, i) => `WHEN ${i} THEN '${s}'`).join(' ')} END`;
  const category = `CASE j % 4 ${CATEGORIES.map((c, i) => `WHEN ${i} THEN '${c}'`).join(' ')} END`;
  const nums = mysql
    ? `(SELECT seq AS j FROM seq_0_to_${BASE - 1}) s`
    : `(WITH RECURSIVE n(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM n WHERE j < ${BASE - 1}) SELECT j FROM n) s`;
  const pick = (list) => `CASE j % ${list.length} ${list.map((x, i) => `WHEN ${i} THEN '${x}'`).join(' ')} END`;
  const concat = (...parts) => (mysql ? `CONCAT(${parts.join(', ')})` : parts.join(' || '));
  const address = concat(pick(ROADS), 'j % 300', "'号'");
  const text = a.text ? `, ${concat(pick(ISSUES), "'，位于'", address, "'附近，请尽快处理'")}, ${address}` : '';
  return `INSERT INTO cases (status, kind, source, categoryCode, departmentId, gridId, lat, lng, cellKey, primaryReportId, slaHours,
      dispatchedAt, deadline, flagged, version, createdAt, updatedAt${a.text ? ', description, address' : ''})
    SELECT ${status}, 'snap', 'miniapp', ${category}, j % 30 + 1, j % 40 + 1, 30.2, 120.1, 'wtmkn0x', j + 1, 4,
      ${at(`${created} + 3600`)}, ${at(`${created} + 18000`)}, 0, 1, ${at(created)}, ${at(created)}${text} FROM ${nums}`;
}

const INSERT = `INSERT INTO cases (status, kind, source, categoryCode, departmentId, gridId, lat, lng, cellKey, primaryReportId,
  slaHours, flagged, version, createdAt, updatedAt, description, address)
  VALUES ('submitted', 'snap', 'miniapp', ?, ?, ?, 30.2, 120.1, 'wtmkn0x', ?, 4, 0, 1, ?, ?, ?, ?)`;
const UPDATE = 'UPDATE cases SET status = ?, updatedAt = ?, version = version + 1 WHERE id = ?';
/**
 * Write i's parameters: new cases after the base's last; status changes spread over the base, each case once (7919 is
 * prime to the base sizes used), to the status after its fill status, so no SELECT is counted with the writes.
 */
const insertParams = (i) => {
  const address = a.text ? `${ROADS[i % ROADS.length]}${i % 300}号` : null;
  const description = a.text ? `${ISSUES[i % ISSUES.length]}，位于${address}附近，请尽快处理` : null;
  return [CATEGORIES[i % 4], (i % 30) + 1, (i % 40) + 1, BASE + i + 1, stamp(i), stamp(i), description, address];
};
const updateId = (i) => ((i * 7919) % BASE) + 1;
const updateParams = (i) => [STATUSES[updateId(i) % STATUSES.length], stamp(i), updateId(i)];
const stamp = (i) => new Date(Date.UTC(2026, 10, 27) + i * 1000).toISOString().replace('T', ' ').slice(0, 23);

function migrate(env) {
  execFileSync(process.execPath, [join(root, 'server/dist/database/cli.js'), 'migrate'], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

if (a.worker) {
  // Runs under callgrind: only the writes go through sqlite3_step after the first statement of each kind.
  const Database = require('better-sqlite3');
  const db = new Database(a.file);
  db.pragma('journal_mode = WAL');
  const stmt = db.prepare(a.worker === 'insert' ? INSERT : UPDATE);
  const write = db.transaction((p) => stmt.run(...p));
  for (let i = 0; i < N; i++) write(a.worker === 'insert' ? insertParams(i) : updateParams(i));
  db.close();
} else if (a.db === 'sqlite') {
  const dir = mkdtempSync(join(tmpdir(), 'sansui-idx-'));
  try {
    migrate({ DATABASE_URL: '', DATA_DIR: dir });
    const Database = require('better-sqlite3');
    const base = join(dir, 'sansui.sqlite');
    const db = new Database(base);
    db.exec(baseFillSql(false));
    db.exec('VACUUM');
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const files = { with: join(dir, 'with.sqlite'), without: join(dir, 'without.sqlite') };
    for (const f of Object.values(files)) copyFileSync(base, f);
    if (REPLACED) {
      const w = new Database(files.with);
      for (const sql of [...replaceSql(false), ...addSql(false)]) w.exec(sql);
      w.exec('VACUUM');
      w.close();
    }
    const w = new Database(files.without);
    for (const name of DROP) w.exec(`DROP INDEX "${name}"`);
    for (const name of TRIGGERS) w.exec(`DROP TRIGGER ${name}`);
    w.exec('VACUUM');
    const indexes = (file) =>
      new Database(file)
        .prepare("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'cases' AND sql IS NOT NULL")
        .pluck()
        .get();
    w.close();
    console.log(
      `SQLite, ${BASE} cases, ${N} writes per run, load ${load()}; secondary indexes: with ${indexes(files.with)}, without ${indexes(files.without)}; triggers without: ${TRIGGERS.join(', ') || 'none'}; texts: ${a.text}; with: ${a.replace || a.add || 'as migrated'}`,
    );
    const per = {};
    for (const op of ['insert', 'update'])
      for (const [variant, file] of Object.entries(files)) {
        const copy = join(dir, `run-${variant}-${op}.sqlite`);
        copyFileSync(file, copy);
        const out = join(dir, `cg-${variant}-${op}`);
        const total = sqliteStepInstructions(
          fileURLToPath(import.meta.url),
          ['--worker', op, '--file', copy, '--n', String(N), '--base', String(BASE), ...(a.text ? ['--text'] : [])],
          out,
        );
        per[`${variant} ${op}`] = total / N;
        console.log(
          `${op.padEnd(6)} ${variant.padEnd(7)} ${Math.round(total / N).toLocaleString('en')} instructions in sqlite3_step per write (load ${load()})`,
        );
      }
    for (const op of ['insert', 'update']) console.log(`${op}: with / without = ${(per[`with ${op}`] / per[`without ${op}`]).toFixed(3)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
} else {
  const mysql = require('mysql2/promise');
  const server = mariadbServer(a['mysql-url']);
  const stamp0 = Date.now();
  const names = { with: `${a.prefix}_${stamp0}_with`, without: `${a.prefix}_${stamp0}_without` };
  const admin = await mysql.createConnection(server);
  const pid = databasePid(mariadbUrl(a['mysql-url']));
  const conns = {};
  try {
    for (const name of Object.values(names)) {
      await createMigratedDatabase(admin, server, name);
      await admin.query(`USE \`${name}\``);
      await admin.query(baseFillSql(true));
    }
    for (const name of DROP) await admin.query(`DROP INDEX \`${name}\` ON \`${names.without}\`.cases`);
    await admin.query(`USE \`${names.with}\``);
    for (const sql of [...replaceSql(true), ...addSql(true)]) await admin.query(sql);
    for (const name of TRIGGERS) await admin.query(`DROP TRIGGER \`${names.without}\`.${name}`);
    for (const name of Object.values(names)) await admin.query(`ANALYZE TABLE \`${name}\`.cases`);
    const indexes = async (name) =>
      (
        await admin.query(
          "SELECT COUNT(DISTINCT INDEX_NAME) AS n FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'cases' AND INDEX_NAME <> 'PRIMARY'",
          [name],
        )
      )[0][0].n;
    console.log(
      `MariaDB, ${BASE} cases, ${N} writes per round, ${a.rounds} rounds alternating; secondary indexes: with ${await indexes(names.with)}, without ${await indexes(names.without)}; triggers without: ${TRIGGERS.join(', ') || 'none'}; texts: ${a.text}; with: ${a.replace || a.add || 'as migrated'}; load ${load()}`,
    );
    for (const [variant, name] of Object.entries(names)) {
      const c = await mysql.createConnection({ ...server, database: name });
      const [[{ tid }]] = await c.query('SELECT TID AS tid FROM information_schema.PROCESSLIST WHERE ID = CONNECTION_ID()');
      conns[variant] = { c, tid, next: 0, cpu: { insert: [], update: [] }, handlers: {} };
    }
    const threadNs = (tid) => Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    const handlers = async (c) =>
      Object.fromEntries((await c.query("SHOW SESSION STATUS LIKE 'Handler_%'"))[0].map((r) => [r.Variable_name, Number(r.Value)]));
    for (let r = 0; r < Number(a.rounds); r++) {
      const order = r % 2 ? ['without', 'with'] : ['with', 'without'];
      for (const op of ['insert', 'update'])
        for (const variant of order) {
          const v = conns[variant];
          const h0 = await handlers(v.c);
          const t0 = threadNs(v.tid);
          for (let i = 0; i < N; i++)
            await v.c.execute(op === 'insert' ? INSERT : UPDATE, op === 'insert' ? insertParams(v.next + i) : updateParams(v.next + i));
          v.cpu[op].push((threadNs(v.tid) - t0) / 1e6 / N);
          const h1 = await handlers(v.c);
          for (const k of Object.keys(h1)) if (h1[k] - h0[k] > 0) v.handlers[`${op} ${k}`] = (h1[k] - h0[k]) / N;
        }
      conns.with.next += N;
      conns.without.next += N;
      console.log(`round ${r + 1} done, load ${load()}`);
    }
    const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
    for (const op of ['insert', 'update']) {
      const w = median(conns.with.cpu[op]);
      const wo = median(conns.without.cpu[op]);
      console.log(
        `${op}: mariadbd thread CPU per write, median of ${a.rounds}: with ${w.toFixed(3)} ms, without ${wo.toFixed(3)} ms, ratio ${(w / wo).toFixed(3)} (rounds with: ${conns.with.cpu[op].map((x) => x.toFixed(3)).join(' ')}; without: ${conns.without.cpu[op].map((x) => x.toFixed(3)).join(' ')})`,
      );
    }
    console.log('handler counters per write (last round), with / without:');
    for (const k of Object.keys({ ...conns.with.handlers, ...conns.without.handlers }))
      console.log(`  ${k}: ${conns.with.handlers[k] ?? 0} / ${conns.without.handlers[k] ?? 0}`);
  } finally {
    for (const v of Object.values(conns)) await v.c.end();
    for (const name of Object.values(names)) await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await admin.end();
  }
}
