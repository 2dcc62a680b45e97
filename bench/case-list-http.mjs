// The admin panel's case lists at 1M through the built server, as production runs them (issue 12). Not part of the tests.
//   node bench/case-list-http.mjs --db <1M sqlite file | mariadb://…/db> [--dist server/dist] [--baseline-dist <dir>]
//                                 [--calls 20] [--rounds 2] [--only <part of a label>[|<part>…]] [--skip <part>] [--port 4150]
// The shapes are server/src/cases/case-list.bench.ts's (server/src/testing/case-list-shapes.ts), which times them
// inside jest, whose module sandbox makes the server's JavaScript ~5× dearer than plain node. Here each build's
// server runs as `node <dist>/main.js` on the same database (a copy: the current build migrates it at start) with
// READ_CACHE=false, so every call is answered afresh. A dispatcher and a handler of department 5 found among the
// database's staff get tokens signed as the app signs them (TokenService.issue) with the servers' JWT_SECRET.
// Per shape and build: GET /api/v1/cases after one warm-up, `--calls` times: median / p95 / max wall, and the server
// process's CPU a call (all its threads, /proc/<pid>/task/*/schedstat: what the machine's load does not inflate much);
// on a local MariaDB also mariadbd's, of the threads of the database's connections (only the timed server is asked).
// --baseline-dist: a second build (e.g. main's, copied aside inside server/) on the next port; each shape is timed on
// both builds in turn, the order alternating by round, and the two answers' first pages are compared (ids, total,
// "more than", next cursor). Shapes asked "as of" another time are service-level only (the jest bench) and skipped.
// Progress on stderr, a table on stdout.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchArgs } from './args.mjs';
import { mysqlOptions } from './mariadb-server.mjs';
import { startServerChild } from './simulator-host.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'server', 'package.json'));
const args = benchArgs();
if (!args.db) throw new Error('--db <1M sqlite file | mariadb://…/db> is required');
const DB = args.db;
const MYSQL = DB.includes('://');
const CALLS = Number(args.calls ?? 20);
const ROUNDS = Number(args.rounds ?? 2);
const PORT = Number(args.port ?? 4150);
const JWT_SECRET = 'case-list-http-bench-secret-of-forty-chars';
const log = (msg) => process.stderr.write(`[case-list-http ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

/** case-list-shapes.ts is data only: TypeScript's transpiler makes it a CommonJS module evaluated here. */
function caseListShapes() {
  const ts = require('typescript');
  const source = readFileSync(join(root, 'server', 'src', 'testing', 'case-list-shapes.ts'), 'utf8');
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } });
  const module = { exports: {} };
  new Function('exports', 'module', js.outputText)(module.exports, module);
  return module.exports.CASE_LIST_SHAPES;
}

/** The staff the tokens name: the first active dispatcher without a department and handler of department 5. */
async function benchStaff() {
  const sql = `SELECT id, roles, departmentId, credentialVersion FROM users WHERE kind = 'staff' AND active = 1 AND deletedAt IS NULL ORDER BY id`;
  let rows;
  if (MYSQL) {
    const connection = await require('mysql2/promise').createConnection(mysqlOptions(DB));
    [rows] = await connection.query(sql);
    await connection.end();
  } else {
    const Database = require('better-sqlite3');
    const db = new Database(DB, { readonly: true });
    rows = db.prepare(sql).all();
    db.close();
  }
  const roles = (r) => (typeof r.roles === 'string' ? JSON.parse(r.roles) : r.roles);
  const dispatcher = rows.find((r) => roles(r).includes('dispatcher') && r.departmentId == null);
  const handler = rows.find((r) => roles(r).includes('handler') && Number(r.departmentId) === 5);
  if (!dispatcher || !handler)
    throw new Error('the database has no active dispatcher or handler of department 5 (run case-list.bench.ts once on it)');
  const jwt = require(require.resolve('jsonwebtoken', { paths: [dirname(require.resolve('@nestjs/jwt'))] }));
  const token = (r) =>
    jwt.sign(
      {
        sub: Number(r.id),
        kind: 'staff',
        roles: roles(r),
        dept: r.departmentId == null ? null : Number(r.departmentId),
        cv: Number(r.credentialVersion ?? 0),
      },
      JWT_SECRET,
      { algorithm: 'HS256', expiresIn: 6 * 3600 },
    );
  return { dispatcher: token(dispatcher), handler: token(handler) };
}

/** CPU (ns) of a process's live threads so far. */
function threadsNs(pid) {
  let ns = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // the thread exited meanwhile
    }
  }
  return ns;
}

/**
 * MariaDB: the schedstat files of mariadbd's threads serving this database's connections, listed after the warm-up
 * (both servers' pools are among them, the one not being timed idle).
 */
async function mariadbThreads(admin) {
  if (!admin) return [];
  const [rows] = await admin.query('SELECT TID AS tid FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND ID <> CONNECTION_ID()');
  let pids = [];
  try {
    pids = execFileSync('pgrep', ['-x', 'mariadbd']).toString().trim().split('\n');
  } catch {
    return []; // not on this machine
  }
  return rows.flatMap((r) => pids.map((pid) => `/proc/${pid}/task/${r.tid}/schedstat`).filter((f) => existsSync(f)));
}
const schedNs = (files) =>
  files.length ? files.reduce((n, f) => n + (existsSync(f) ? Number(readFileSync(f, 'utf8').split(' ')[0]) : 0), 0) : NaN;

async function startServer(name, dist, port) {
  const { child, base, stop, up } = await startServerChild({
    mainJs: resolve(root, dist, 'main.js'),
    port,
    dataPrefix: 'bench-case-list-',
    env: { ...(MYSQL ? { DATABASE_URL: DB } : { SQLITE_PATH: resolve(DB) }), READ_CACHE: 'false', JWT_SECRET },
  });
  if (!up) {
    await stop();
    throw new Error(`${name} (${dist}) did not answer /api/health`);
  }
  return { name, dist, pid: child.pid, base, stop };
}

const tokens = await benchStaff();
const only = (args.only ?? '').split('|');
const shapes = caseListShapes().filter(
  ([label, , , asOf]) => !asOf && only.some((part) => label.includes(part)) && !(args.skip && label.includes(args.skip)),
);
const admin = MYSQL ? await require('mysql2/promise').createConnection(mysqlOptions(DB)) : null;
const builds = [['current', args.dist ?? 'server/dist'], ...(args['baseline-dist'] ? [['baseline', args['baseline-dist']]] : [])];
const servers = [];
try {
  // One after the other: the first to start runs the pending migrations.
  for (const [i, [name, dist]] of builds.entries()) {
    log(`starting ${name} (${dist}) on ${DB.replace(/\/\/[^@]*@/, '//')}`);
    servers.push(await startServer(name, dist, PORT + i));
  }
  const get = async (server, who, query) => {
    const url = new URL('/api/v1/cases', server.base);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, String(v));
    const res = await fetch(url, { headers: { authorization: `Bearer ${tokens[who]}` } });
    const body = await res.json();
    if (res.status !== 200) throw new Error(`${server.name}: GET ${url.search} answered ${res.status}: ${JSON.stringify(body)}`);
    return body;
  };
  // The cursor 500 pages deep: where page 500 by offset ends.
  const deep = Object.fromEntries(await Promise.all(servers.map(async (s) => [s.name, (await get(s, 'dispatcher', { page: 499 })).next])));
  const rows = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const order = round % 2 ? servers : [...servers].reverse();
    log(`round ${round}: ${order.map((s) => s.name).join(' then ')}, load ${loadavg()[0].toFixed(1)}`);
    for (const [label, who, query] of shapes) {
      const answers = [];
      for (const server of order) {
        const q = 'deep' in query ? { after: deep[server.name] } : query;
        const first = await get(server, who, q);
        const walls = [];
        const cpuBefore = threadsNs(server.pid);
        const dbThreads = await mariadbThreads(admin);
        const dbBefore = schedNs(dbThreads);
        for (let i = 0; i < CALLS; i++) {
          const t0 = performance.now();
          await get(server, who, q);
          walls.push(performance.now() - t0);
        }
        const cpuMs = (threadsNs(server.pid) - cpuBefore) / 1e6 / CALLS;
        const dbMs = (schedNs(dbThreads) - dbBefore) / 1e6 / CALLS;
        walls.sort((a, b) => a - b);
        const rank = (p) => walls[Math.min(walls.length - 1, Math.ceil(p * walls.length) - 1)];
        const answer = `${first.items.length} rows, total ${first.totalCapped ? '> ' : ''}${first.total}, hasMore ${first.next !== null}`;
        answers.push(JSON.stringify([first.items.map((c) => c.id), first.total, first.totalCapped, first.next !== null]));
        const row = { round, label, build: server.name, median: rank(0.5), p95: rank(0.95), max: walls.at(-1), cpuMs, dbMs, answer };
        rows.push(row);
        log(
          `${label} [${server.name}]: ${row.median.toFixed(1)} / ${row.p95.toFixed(1)} / ${row.max.toFixed(1)} ms, server CPU ${cpuMs.toFixed(1)}${MYSQL ? `, mariadbd ${dbMs.toFixed(1)}` : ''} ms a call — ${answer}`,
        );
      }
      if (new Set(answers).size > 1) log(`${label}: THE BUILDS ANSWER DIFFERENTLY: ${answers.join(' | ')}`);
    }
  }
  const out = [
    `--- ${MYSQL ? 'mariadb' : 'sqlite'}, ${CALLS} calls a shape after one warm-up, ${ROUNDS} rounds, load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
    '| shape | round | build | median / p95 / max ms | server CPU ms a call | mariadbd CPU ms a call | answer |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.label} | ${r.round} | ${r.build} | ${r.median.toFixed(1)} / ${r.p95.toFixed(1)} / ${r.max.toFixed(1)} | ${r.cpuMs.toFixed(1)} | ${Number.isNaN(r.dbMs) ? '' : r.dbMs.toFixed(1)} | ${r.answer} |`,
    ),
  ];
  console.log(out.join('\n'));
} finally {
  await admin?.end();
  for (const s of servers) await s.stop();
}
