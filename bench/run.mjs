// Load benchmark on loopback, bounded in time. Not part of the tests.
//   node bench/run.mjs [--db sqlite|mysql|both] [--seconds 10] [--connections 10]
// Measures, for each database: report submission (POST /api/v1/reports) and GET /api/v1/reports/mine
// through the real server, next to the raw single-row insert rate of the same database and a bare Node
// HTTP server, so the figures read as ratios. Needs the server built (pnpm --filter @sansui/server build)
// and, for MySQL, a reachable server (scripts/ensure-mariadb.sh prints its URL).
import autocannon from '../server/node_modules/autocannon/autocannon.js';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'server', 'package.json'));
const args = Object.fromEntries(process.argv.slice(2).reduce((a, v, i, all) => (v.startsWith('--') ? [...a, [v.slice(2), all[i + 1]]] : a), []));
const SECONDS = Number(args.seconds ?? 10);
const CONNECTIONS = Number(args.connections ?? 10);
const dbs = (args.db ?? 'both') === 'both' ? ['sqlite', 'mysql'] : [args.db];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function load(opts) {
  return new Promise((resolve, reject) => {
    autocannon({ duration: SECONDS, connections: CONNECTIONS, ...opts }, (err, res) => (err ? reject(err) : resolve(res)));
  });
}
const fmt = (r) => ({ rps: Math.round(r.requests.average), p50ms: r.latency.p50, p99ms: r.latency.p99, non2xx: r.non2xx, errors: r.errors });

async function bareNode() {
  const srv = createServer((req, res) => res.end('{"ok":true}'));
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  const r = await load({ url: `http://127.0.0.1:${srv.address().port}/` });
  srv.close();
  return fmt(r);
}

async function rawInsertRate(db, url) {
  const n = 2000;
  if (db === 'sqlite') {
    const Database = require('better-sqlite3');
    const dir = mkdtempSync(join(tmpdir(), 'bench-raw-'));
    const conn = new Database(join(dir, 'raw.sqlite'));
    conn.pragma('journal_mode = WAL');
    conn.exec('CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, a TEXT, b REAL, c REAL, d TEXT)');
    const stmt = conn.prepare('INSERT INTO t (a, b, c, d) VALUES (?, ?, ?, ?)');
    const t0 = performance.now();
    for (let i = 0; i < n; i++) stmt.run(`row${i}`, 30.27 + i * 1e-6, 120.15, new Date().toISOString());
    const ms = performance.now() - t0;
    conn.close();
    rmSync(dir, { recursive: true, force: true });
    return { rowsPerSecond: Math.round((n / ms) * 1000), note: 'autocommit, one statement per row, WAL' };
  }
  const mysql = require('mysql2/promise');
  const u = new URL(url.replace(/^mariadb:/, 'mysql:'));
  const conn = await mysql.createConnection({ host: u.hostname, port: Number(u.port || 3306), user: decodeURIComponent(u.username), password: decodeURIComponent(u.password), database: u.pathname.slice(1) });
  await conn.query('DROP TABLE IF EXISTS bench_raw');
  await conn.query('CREATE TABLE bench_raw (id INT AUTO_INCREMENT PRIMARY KEY, a VARCHAR(64), b DOUBLE, c DOUBLE, d DATETIME(6)) ENGINE=InnoDB');
  const t0 = performance.now();
  // Same concurrency as the HTTP load, so the ratio compares like with like.
  let next = 0;
  await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
    const c = await mysql.createConnection({ host: u.hostname, port: Number(u.port || 3306), user: decodeURIComponent(u.username), password: decodeURIComponent(u.password), database: u.pathname.slice(1) });
    while (next < n) { next++; await c.query('INSERT INTO bench_raw (a, b, c, d) VALUES (?, ?, ?, NOW(6))', [`row${next}`, 30.27, 120.15]); }
    await c.end();
  }));
  const ms = performance.now() - t0;
  await conn.query('DROP TABLE bench_raw');
  await conn.end();
  return { rowsPerSecond: Math.round((n / ms) * 1000), note: `autocommit, ${CONNECTIONS} connections` };
}

async function startServer(db, mysqlUrl) {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-server-'));
  const port = 3900 + Math.floor(Math.random() * 90);
  let databaseUrl;
  if (db === 'mysql') {
    const u = new URL(mysqlUrl);
    const name = `sansui_bench_${Date.now()}`;
    execFileSync('node', ['-e', `require('mysql2/promise').createConnection({host:'${u.hostname}',port:${Number(u.port || 3306)},user:'${decodeURIComponent(u.username)}',password:'${decodeURIComponent(u.password)}'}).then(c=>c.query('CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci').then(()=>c.end()))`], { cwd: join(root, 'server') });
    u.pathname = `/${name}`;
    databaseUrl = u.toString();
  }
  const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, DEMO_DATA: 'true', LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '10000000', JOBS_ENABLED: 'false', NODE_ENV: 'development' };
  if (databaseUrl) env.DATABASE_URL = databaseUrl; else delete env.DATABASE_URL;
  const child = spawn('node', [join(root, 'server', 'dist', 'main.js')], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 240; i++) {
    try { if ((await fetch(`${base}/api/health`)).ok) break; } catch {}
    await sleep(500);
  }
  return { base, stop: () => { child.kill('SIGTERM'); rmSync(dataDir, { recursive: true, force: true }); } };
}

async function json(base, path, init = {}) {
  const res = await fetch(base + path, { ...init, headers: { 'content-type': 'application/json', ...(init.headers ?? {}) } });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

async function benchServer(db, mysqlUrl) {
  const { base, stop } = await startServer(db, mysqlUrl);
  try {
    const { token } = await json(base, '/api/v1/auth/wechat', { method: 'POST', body: JSON.stringify({ code: `sim:bench-${db}-${Date.now()}` }) });
    const auth = { authorization: `Bearer ${token}` };
    const grids = await json(base, '/api/v1/grids');
    const ring = grids.features[0].geometry.coordinates[0];
    const lng = ring.reduce((s, p) => s + p[0], 0) / ring.length;
    const lat = ring.reduce((s, p) => s + p[1], 0) / ring.length;
    // Photos are uploaded once beforehand; each report needs its own photo (a photo is used once).
    const sharp = require('sharp');
    const photoIds = [];
    const wanted = Number(args.photos ?? 1500);
    for (let i = 0; i < wanted; i++) {
      const img = await sharp({ create: { width: 64, height: 64, channels: 3, background: { r: i % 256, g: (i * 7) % 256, b: (i * 13) % 256 } } }).jpeg().toBuffer();
      const form = new FormData();
      form.append('file', new Blob([img], { type: 'image/jpeg' }), 'p.jpg');
      const r = await fetch(`${base}/api/v1/uploads`, { method: 'POST', headers: auth, body: form });
      if (!r.ok) throw new Error(`upload ${r.status} ${await r.text()}`);
      photoIds.push((await r.json()).id);
    }
    let n = 0;
    const submit = await load({
      url: `${base}/api/v1/reports`,
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      amount: photoIds.length,
      requests: [{
        setupRequest: (req) => {
          const i = n++;
          return { ...req, body: JSON.stringify({ kind: 'snap', categoryCode: 'exposed_garbage', location: { lat: lat + (i % 50) * 1e-5, lng }, photoIds: [photoIds[i % photoIds.length]], clientRequestId: `bench-${db}-${i}-${Date.now()}` }) };
        },
      }],
    });
    const mine = await load({ url: `${base}/api/v1/reports/mine?page=1&pageSize=20`, headers: auth });
    return { submitReport: fmt(submit), reportsMine: fmt(mine), reportsSubmitted: n };
  } finally {
    stop();
  }
}

const results = { when: new Date().toISOString(), seconds: SECONDS, connections: CONNECTIONS, bareNodeHttp: await bareNode() };
for (const db of dbs) {
  let mysqlUrl;
  if (db === 'mysql') mysqlUrl = execFileSync('bash', [join(root, 'scripts', 'ensure-mariadb.sh')]).toString().trim();
  results[db] = { rawInsert: await rawInsertRate(db, mysqlUrl), server: await benchServer(db, mysqlUrl) };
}
console.log(JSON.stringify(results, null, 2));
