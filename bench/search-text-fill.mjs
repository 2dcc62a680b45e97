// Gives a copy of the 1M bench data texts to search (docs/performance.md "Case lists at 1M: the search box, twelfth
// round"): 12 problems × 20 roads × 300 house numbers by case id, a landmark on 1 case of 5, case 777777 on 迎春路.
// Run it before the CaseTextGrams migration reaches the copy (then the migration's fill reads the texts), never on
// the kept originals:
//   node bench/search-text-fill.mjs /work/bench-data/<copy>.sqlite
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(join(dirname(fileURLToPath(import.meta.url)), '..', 'server', 'package.json'));
const Database = require('better-sqlite3');
const ROADS = ['人民路', '解放路', '中山北路', '世纪大道', '滨江路', '长江路', '黄河路', '建设路', '和平路', '胜利路'].concat([
  '新华路',
  '文化路',
  '迎宾大道',
  '光明街',
  '幸福里',
  '东风路',
  '西湖路',
  '南京路',
  '北京路',
  '青年路',
]);
const ISSUES = [
  '垃圾堆放',
  '井盖破损',
  '路灯不亮',
  '道路积水',
  '占道经营',
  '夜间噪音',
  '树枝折断',
  '车辆违停',
  '墙面涂鸦',
  '管道漏水',
].concat(['绿化损毁', '外墙脱落']);
const file = process.argv[2];
if (!file || /field-1m\.sqlite$|eval-kpi1m\.sqlite$/.test(file)) throw new Error('give a copy, not a kept original');
const db = new Database(file);
const road = (id) => ROADS[(id * 7) % ROADS.length];
db.function(
  'fill_desc',
  (id) => `${ISSUES[id % ISSUES.length]}，位于${road(id)}${id % 300}号附近，已经${id % 3 === 0 ? '好几天' : '一周'}了，请尽快处理`,
);
db.function('fill_addr', (id) => `${road(id)}${id % 300}号`);
const t0 = Date.now();
db.prepare(
  "UPDATE cases SET description = fill_desc(id), address = fill_addr(id), landmark = CASE WHEN id % 5 = 0 THEN '社区服务中心' ELSE NULL END",
).run();
db.prepare("UPDATE cases SET address = '迎春路7号' WHERE id = 777777").run();
console.log(`texts written in ${Date.now() - t0} ms`);
db.close();
