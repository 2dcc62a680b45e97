// Gives a copy of the 1M bench data texts whose words do not follow the status (docs/performance.md "Case lists at
// 1M: the search box on the board and the whole list, fifteenth round"). search-text-fill.mjs picks a case's problem,
// road and house number from its id, as the bench data picks its status: 垃圾 (id % 12 = 0) is then in no
// dispatched, rejected or submitted case. Here each part is picked by its own hash of the id, so every word is spread
// over every status and block: 垃圾 and 井 (one character) in 1 case of 12, 东风路 in 1 of 20, a road number in
// 1 of 6,000, 社区服务中心 in 1 of 5. Never on the kept originals; then empty the text index (its watermark to 0) and
// fill it (server/dist/cases/fill-text-index.js):
//   node bench/search-text-spread.mjs --file /work/bench-data/<copy>.sqlite
//   node bench/search-text-spread.mjs --url mariadb://sansui:sansui@127.0.0.1:3306/<copy>
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchArgs } from './args.mjs';

const require = createRequire(join(dirname(fileURLToPath(import.meta.url)), '..', 'server', 'package.json'));
const ROADS =
  '人民路 解放路 中山北路 世纪大道 滨江路 长江路 黄河路 建设路 和平路 胜利路 新华路 文化路 迎宾大道 光明街 幸福里 东风路 西湖路 南京路 北京路 青年路'.split(
    ' ',
  );
const ISSUES = '垃圾堆放 井盖破损 路灯不亮 道路积水 占道经营 夜间噪音 树枝折断 车辆违停 墙面涂鸦 管道漏水 绿化损毁 外墙脱落'.split(' ');
const KEPT = /field-1m\.sqlite$|eval-kpi1m\.sqlite$|quality-search-1m\.sqlite$|sansui_bench_\w+$/;
const { file, url } = benchArgs();
if (!file === !url) throw new Error('give --file <sqlite copy> or --url <mariadb copy>');
if (KEPT.test(file ?? url)) throw new Error('give a copy, not a kept original');

// The same hash in SQL on both databases: id × an odd multiplier, its bits 16–31 (exact below 2^53 in JS too).
const MUL = { issue: 2654435761, road: 2246822519, number: 3266489917, days: 668265263, landmark: 374761393 };
const pick = (m, n) => `(((c.id * ${m}) % 4294967296) DIV 65536) % ${n}`;
const choose = (m, list) => `ELT(1 + ${pick(m, list.length)}, ${list.map((s) => `'${s}'`).join(', ')})`;
const road = choose(MUL.road, ROADS);
const number = pick(MUL.number, 300);
const address = `CONCAT(${road}, ${number}, '号')`;
const description = `CONCAT(${choose(MUL.issue, ISSUES)}, '，位于', ${address}, '附近，已经', IF(${pick(MUL.days, 3)} = 0, '好几天', '一周'), '了，请尽快处理')`;
const landmark = `IF(${pick(MUL.landmark, 5)} = 0, '社区服务中心', NULL)`;
const update = `UPDATE cases c SET description = ${description}, address = ${address}, landmark = ${landmark}`;

const t0 = Date.now();
if (file) {
  // SQLite has no ELT, IF, CONCAT or DIV: the same functions in JS.
  const Database = require('better-sqlite3');
  const db = new Database(file);
  db.function('ELT', { varargs: true, deterministic: true }, (i, ...list) => list[i - 1] ?? null);
  db.function('IF', { deterministic: true }, (c, a, b) => (c ? a : b));
  db.function('CONCAT', { varargs: true, deterministic: true }, (...parts) => parts.join(''));
  db.prepare(update.replace(/cases c/, 'cases AS c').replace(/ DIV /g, ' / ')).run();
  db.close();
} else {
  const mysql = require('mysql2/promise');
  const conn = await mysql.createConnection(url.replace(/^mariadb:/, 'mysql:'));
  // In batches of case ids: one statement over 1M rows holds its locks and undo for minutes.
  const [[{ top }]] = await conn.query('SELECT MAX(id) AS top FROM cases');
  for (let from = 0; from <= Number(top); from += 50_000) await conn.query(`${update} WHERE c.id >= ? AND c.id < ?`, [from, from + 50_000]);
  await conn.end();
}
console.log(`texts written in ${Date.now() - t0} ms`);
