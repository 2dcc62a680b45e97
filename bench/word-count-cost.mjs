// What the list's count costs with the search box's common words (docs/performance.md "the search box's common words,
// fourteenth round"): the count statement of each shape as GET /cases builds it (`cappedCountSql` from the built
// server), judged to 10,001 matches as before (full) and on at most 5,001 rows (bounded). SQLite: the statement's CPU
// (median of 3, read-only); MariaDB: its Handler_read_* rows and wall time. Not part of the tests. After `pnpm build`:
//   node bench/word-count-cost.mjs --db sqlite --file <1M copy with texts>
//   node bench/word-count-cost.mjs --db mysql [--url mariadb://sansui:sansui@127.0.0.1:3306/sansui_bench_search]
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'server', 'package.json'));
const { listFilter, cappedCountSql, CASE_LIST_WORD_COUNT_ROWS } = require(join(root, 'server', 'dist', 'cases', 'case-list-sql.js'));
const { values: a } = parseArgs({
  options: {
    db: { type: 'string', default: 'sqlite' },
    file: { type: 'string' },
    url: { type: 'string', default: 'mysql://sansui:sansui@127.0.0.1:3306/sansui_bench_search' },
  },
});

const BOARD = { status: 'accepted,dispatched,in_progress,resolved', sort: 'deadline' };
const user = { id: 1, kind: 'staff', roles: ['dispatcher'], departmentId: null };
const SHAPES = [
  ['the board, 垃圾', { ...BOARD, q: '垃圾' }],
  ['the board, 井', { ...BOARD, q: '井' }],
  ['the board, 东风路', { ...BOARD, q: '东风路' }],
  ['the board, 社区服务中心', { ...BOARD, q: '社区服务中心' }],
  ['the board, 东风路45号', { ...BOARD, q: '东风路45号' }],
  ['all, 垃圾', { q: '垃圾' }],
  ['verify, 垃圾', { status: 'resolved', sort: 'updatedAt', q: '垃圾' }],
];
const mysql = a.db === 'mysql';
const db = mysql
  ? await require('mysql2/promise').createConnection(a.url.replace(/^mariadb:/, 'mysql:'))
  : new (require('better-sqlite3'))(a.file, { readonly: true });
const handlerReads = async () => {
  const [rows] = await db.query("SHOW SESSION STATUS LIKE 'Handler_read%'");
  return rows.reduce((s, r) => s + Number(r.Value), 0);
};
console.log(`# ${a.db}, ${new Date().toISOString()}, load ${loadavg()[0].toFixed(1)}`);
for (const [label, q] of SHAPES) {
  for (const [how, rows] of [
    ['full', null],
    ['bounded', CASE_LIST_WORD_COUNT_ROWS],
  ]) {
    const c = cappedCountSql(listFilter(user, q, new Date()), mysql, 10_000, rows);
    if (mysql) {
      await db.query(c.sql, c.params);
      const before = await handlerReads();
      const t = process.hrtime.bigint();
      const [[out]] = await db.query(c.sql, c.params);
      const ms = Number(process.hrtime.bigint() - t) / 1e6;
      console.log(`${label}\t${how}\t${(await handlerReads()) - before} rows read (handler)\t${ms.toFixed(1)} ms\t${JSON.stringify(out)}`);
    } else {
      const st = db.prepare(c.sql);
      let out = st.get(...c.params);
      const cpu = [];
      for (let i = 0; i < 3; i++) {
        const t = process.cpuUsage();
        out = st.get(...c.params);
        const d = process.cpuUsage(t);
        cpu.push((d.user + d.system) / 1000);
      }
      console.log(`${label}\t${how}\t${cpu.sort((x, y) => x - y)[1].toFixed(1)} ms CPU\t${JSON.stringify(out)}`);
    }
  }
}
await (mysql ? db.end() : db.close());
