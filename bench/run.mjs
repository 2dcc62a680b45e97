// Load benchmark on loopback, bounded in time. Not part of the tests.
//   node bench/run.mjs [--db sqlite|mysql|both] [--seconds 10] [--connections 10] [--photos 300×seconds] [--mysql-url mariadb://…]
//                      [--baseline-dist server/dist-main] [--cpu-prof <dir>] [--phases floor,health,submit,paced,photo,push,mine,board,queue,mixed]
//                      [--simulators external|internal] [--port <measured server's port; the simulator host takes the next>]
//                      [--dist server/dist (the measured build; another copy, e.g. to rebuild while a run goes on)]
//                      [--mixed-rate 30 (reports a second during the mixed phase)]
//                      [--paced-share 0.7 | --paced-rate <reports a second> (the paced phase's rate)]
//                      [--digests 1 (MariaDB with performance_schema on: the statements and handler counters per report, bench/mariadb-digests.mjs)]
// --baseline-dist: a second build of the server (e.g. main's, copied aside) measured in the same run, right
// before the current one (server/dist), so both face the same machine load. --cpu-prof: each server runs
// with a CPU profiler (as `node --cpu-prof`) recording the report-submission phase, written into <dir> (with
// --simulators external the simulator process too, `…-simulators-<phase>.cpuprofile`).
// --simulators external (the default is internal): the WeChat and Tencent Maps simulators answer from a second
// server process (the measured build, no demo data), as WeChat's and Tencent's machines do in production, so
// the measured server's CPU per report is its own; the simulator process's CPU is reported next to it
// (simulatorCpuMsPerReport). With internal simulators the server's figure includes them (the image check downloads
// and decodes each photo, the geocoder answers each report).
// On MariaDB the database server's own CPU over the submission phase is given per report too (databaseCpuMsPerReport,
// from /proc of the local mariadbd): it shares the 2 cores with the server, so it is part of what a report costs the
// machine. The database server is shared: other clients' statements during the phase are counted in it.
// Measures, for each database, through the real server: the stack's floor (floor: GET /api/v1/geo/map-config,
// public, no SQL), the load balancer's probe (health: GET /api/health, unlogged, one `SELECT 1`), report
// submission (POST /api/v1/reports), WeChat's two requests per report on their own (photo: its download of a photo
// by the signed URL; push: a signed message push the server acknowledges), then the
// read paths a user waits on most — the resident's GET /api/v1/reports/mine (mine), the dispatcher's 派遣看板
// (board: GET /cases?status=accepted,…,resolved&sort=deadline) and a handler's 部门工单 (queue: GET
// /cases?departmentId=…&status=dispatched,in_progress&sort=deadline), each with the server's CPU per request
// (--phases picks some of them; without `submit`, `mine` files 25 reports first), and a city's mix (mixed: the three
// reads in turn on every connection, first alone, then while another resident files --mixed-rate reports a second:
// reads a second, the share of kept answers, the server's CPU per read), next to the raw single-row insert
// rate of the same database and a bare Node HTTP server in a process of its own (with its CPU per request), so the
// figures read as ratios. The paced phase (paced) files reports at a fixed rate, open loop, as residents do: by
// default 70 % of the rate the same server reached in its submit phase (--paced-share), or --paced-rate; each
// report's latency counts from when it was due, so a server that falls behind shows it in p99 instead of slowing the
// load down (the "p99 < 50 ms at 70 % of that rate"). Needs the server built (pnpm --filter @sansui/server build)
// and, for MySQL, a reachable server: --mysql-url, else the URL scripts/ensure-mariadb.sh prints (TEST_MYSQL_URL
// or DATABASE_URL when set). The server runs on a fresh database (sansui_bench_<time>, dropped afterwards).
// Each load phase stops after --seconds; report submission also stops when the --photos uploaded beforehand
// are used up (a photo belongs to one report). Progress goes to stderr, the JSON result to stdout.
import autocannon from '../server/node_modules/autocannon/autocannon.js';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { databasePid, mariadbUrl, mysqlOptions } from './mariadb-server.mjs';
import { startDigests } from './mariadb-digests.mjs';
import { noisePhoto, processCpuMs, startServerChild, startSimulatorHost } from './simulator-host.mjs';
import { benchArgs } from './args.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'server', 'package.json'));
const args = benchArgs();
const SECONDS = Number(args.seconds ?? 10);
const CONNECTIONS = Number(args.connections ?? 10);
const dbs = (args.db ?? 'both') === 'both' ? ['sqlite', 'mysql'] : [args.db];
const PHASES = new Set((args.phases ?? 'floor,health,submit,mine,board,queue').split(','));
const EXTERNAL_SIMULATORS = (args.simulators ?? 'internal') === 'external';
const MIXED_RATE = Number(args['mixed-rate'] ?? 30);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const log = (msg) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

// With `amount` autocannon ignores `duration`, so a timer stops it after SECONDS as well.
function load(opts) {
  return new Promise((resolve, reject) => {
    const instance = autocannon({ duration: SECONDS, connections: CONNECTIONS, timeout: 60, ...opts }, (err, res) => {
      clearTimeout(timer);
      if (err) reject(err);
      else resolve(res);
    });
    const timer = setTimeout(() => instance.stop(), SECONDS * 1000);
  });
}
// req/s over the phase's own duration: autocannon's `requests.average` is a mean over whole seconds, so a phase the
// photos ended after 4.0–4.99 s read as 640 / 4 = 160 whatever its real rate between 128 and 160.
const fmt = (r) => ({
  rps: Math.round(r.requests.total / r.duration),
  seconds: r.duration,
  p50ms: r.latency.p50,
  p99ms: r.latency.p99,
  non2xx: r.non2xx,
  errors: r.errors,
});

/**
 * A bare Node HTTP server in a process of its own, so its CPU per request is measured as the server's is: the
 * floor every framework figure of the same run reads against (req/s alone moves with the machine's load).
 */
async function bareNode() {
  const code = `require('node:http').createServer((q, s) => s.end('{"ok":true}')).listen(0, '127.0.0.1', function () { console.log(this.address().port); });`;
  const child = spawn('node', ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve, reject) => {
    child.stdout.once('data', (d) => resolve(Number(String(d).trim())));
    child.once('exit', () => reject(new Error('bare HTTP server exited')));
  });
  try {
    return await readLoad(`http://127.0.0.1:${port}/`, {}, () => processCpuMs(child.pid));
  } finally {
    child.kill('SIGTERM');
  }
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
  const conn = await mysql.createConnection(mysqlOptions(url));
  await conn.query('DROP TABLE IF EXISTS bench_raw');
  await conn.query(
    'CREATE TABLE bench_raw (id INT AUTO_INCREMENT PRIMARY KEY, a VARCHAR(64), b DOUBLE, c DOUBLE, d DATETIME(6)) ENGINE=InnoDB',
  );
  const t0 = performance.now();
  // Same concurrency as the HTTP load, so the ratio compares like with like.
  let next = 0;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      const c = await mysql.createConnection(mysqlOptions(url));
      while (next < n) {
        next++;
        await c.query('INSERT INTO bench_raw (a, b, c, d) VALUES (?, ?, ?, NOW(6))', [`row${next}`, 30.27, 120.15]);
      }
      await c.end();
    }),
  );
  const ms = performance.now() - t0;
  await conn.query('DROP TABLE bench_raw');
  await conn.end();
  return { rowsPerSecond: Math.round((n / ms) * 1000), note: `autocommit, ${CONNECTIONS} connections` };
}

async function startServer(db, mysqlUrl, dist) {
  // --port: the measured server's port (the simulator host takes the next one), e.g. within one's own range.
  const port = args.port ? Number(args.port) : 3900 + Math.floor(Math.random() * 90);
  const profileFile = args['cpu-prof'] && join(args['cpu-prof'], `${db}-${dist.replace(/\W+/g, '_')}-${Date.now()}.cpuprofile`);
  const simulatorProfile = EXTERNAL_SIMULATORS && profileFile && profileFile.replace(/\.cpuprofile$/, '-simulators.cpuprofile');
  const simulators = EXTERNAL_SIMULATORS
    ? await startSimulatorHost({
        dist,
        port: port + 1,
        pushUrl: `http://127.0.0.1:${port}/api/v1/wechat/push`,
        profileFile: simulatorProfile,
      })
    : null;
  let databaseUrl;
  let dropDatabase = async () => {};
  if (db === 'mysql') {
    // A fresh database per run; the server's own migrations create the schema at boot.
    const mysql = require('mysql2/promise');
    const { database, ...server } = mysqlOptions(mysqlUrl);
    const name = `sansui_bench_${Date.now()}`;
    const admin = await mysql.createConnection(server);
    await admin.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await admin.end();
    const u = new URL(mysqlUrl);
    u.pathname = `/${name}`;
    databaseUrl = u.toString();
    dropDatabase = async () => {
      const c = await mysql.createConnection(server);
      await c.query(`DROP DATABASE IF EXISTS ${name}`);
      await c.end();
    };
  }
  const env = { DEMO_DATA: 'true' };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  if (simulators) {
    env.WECHAT_API_BASE = `${simulators.base}/sim/wechat`;
    env.TENCENT_MAP_BASE_URL = `${simulators.base}/sim/tencent-map`;
  }
  const t0 = performance.now();
  // A CPU profile per server (bench/cpu-profile-preload.cjs), as `node --cpu-prof` would record it.
  const server = await startServerChild({ mainJs: join(root, dist, 'main.js'), port, env, profileFile });
  const { child, base, up } = server;
  const stop = async () => {
    await server.stop();
    await dropDatabase();
    await simulators?.stop();
  };
  if (!up) {
    await stop();
    throw new Error(`${db}: server did not answer /api/health`);
  }
  log(`${db} (${dist}): server up in ${Math.round(performance.now() - t0)} ms`);
  // --cpu-prof: one profile per load phase (bench/cpu-profile-preload.cjs names the file after the phase).
  const profiled = async (phase, run) => {
    if (!profileFile) return run();
    writeFileSync(`${profileFile}.phase`, phase);
    if (simulatorProfile) writeFileSync(`${simulatorProfile}.phase`, phase);
    child.kill('SIGWINCH');
    simulators?.signal();
    try {
      return await run();
    } finally {
      child.kill('SIGWINCH');
      simulators?.signal();
      await sleep(2000);
      rmSync(`${profileFile}.phase`, { force: true });
      if (simulatorProfile) rmSync(`${simulatorProfile}.phase`, { force: true });
    }
  };
  const dbPid = db === 'mysql' ? databasePid(mysqlUrl) : null;
  return {
    base,
    stop,
    profiled,
    cpuMs: () => processCpuMs(child.pid),
    simulatorCpuMs: simulators?.cpuMs ?? (() => NaN),
    databaseCpuMs: dbPid ? () => processCpuMs(dbPid) : () => NaN,
    digests: db === 'mysql' && args.digests ? () => startDigests(mysqlUrl, new URL(databaseUrl).pathname.slice(1)) : null,
  };
}

/** CPU time (user + system) the process has used so far, from /proc (Linux): unlike req/s, not diluted by a busy machine. */
async function json(base, path, init = {}) {
  const res = await fetch(base + path, { ...init, headers: { 'content-type': 'application/json', ...(init.headers ?? {}) } });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

/** GET `url` under load; with the server's CPU per answered request (user + system, load-independent-ish). */
async function readLoad(url, headers, cpuMs) {
  const before = cpuMs();
  // A read the server may keep says whether this answer was kept (Server-Timing): the share kept, where it says.
  const seen = { told: 0, kept: 0 };
  const onResponse = (status, _body, _context, h) => {
    if (status !== 200 || !h['server-timing']) return;
    seen.told++;
    if (String(h['server-timing']).includes('kept')) seen.kept++;
  };
  const r = await load({ url, headers, requests: [{ onResponse }] });
  const ok = r['2xx'];
  return {
    ...fmt(r),
    serverCpuMsPerRequest: ok ? Math.round(((cpuMs() - before) / ok) * 100) / 100 : null,
    ...(seen.told ? { keptShare: Math.round((seen.kept / seen.told) * 1000) / 1000 } : {}),
  };
}

async function benchServer(db, mysqlUrl, dist) {
  const { base, stop, profiled, cpuMs, simulatorCpuMs, databaseCpuMs, digests } = await startServer(db, mysqlUrl, dist);
  try {
    const { token } = await json(base, '/api/v1/auth/wechat', {
      method: 'POST',
      body: JSON.stringify({ code: `sim:bench-${db}-${Date.now()}` }),
    });
    const auth = { authorization: `Bearer ${token}` };
    const out = {};
    // The stack's floor: a public API route with no SQL (GET /api/v1/geo/map-config answers from the config) through
    // everything an API request passes: security headers, load shedding, body parsers, the request log, the route
    // table, the global guard, the pipe, the filter, Express's answer with its ETag.
    if (PHASES.has('floor')) out.stackFloor = await profiled('floor', () => readLoad(`${base}/api/v1/geo/map-config`, {}, cpuMs));
    // The load balancer's probe: GET /api/health (Terminus and one `SELECT 1`), public, unlogged, never shed.
    if (PHASES.has('health')) out.healthProbe = await profiled('health', () => readLoad(`${base}/api/health`, {}, cpuMs));
    if (PHASES.has('submit'))
      Object.assign(out, await submitReports(db, base, auth, cpuMs, profiled, simulatorCpuMs, databaseCpuMs, digests));
    // Without the submission phase the resident would have no reports: a full first page, submitted one by one.
    else if (PHASES.has('mine') || PHASES.has('mixed')) await seedReports(db, base, auth, cpuMs, 25);
    if (PHASES.has('paced')) {
      const rate = pacedRate(out.submitReport?.rps);
      out.pacedSubmissions = await profiled('paced', () => pacedSubmissions(db, base, rate, cpuMs, databaseCpuMs));
    }
    // The two requests WeChat makes per report, each on its own: its download of a photo through the signed URL (photo),
    // and a signed message push of an event the server acknowledges and ignores (push: the route without a verdict's
    // transaction, which the submission phase includes).
    if (PHASES.has('photo')) {
      const [url] = await uploadPhotoUrls(db, base, auth, 1);
      out.photoDownload = await profiled('photo', () => readLoad(url, {}, cpuMs));
    }
    if (PHASES.has('push')) {
      const [timestamp, nonce] = [String(Math.floor(Date.now() / 1000)), 'bench'];
      const signature = createHash('sha1').update(['sim-push-token', timestamp, nonce].sort().join('')).digest('hex');
      out.wechatPush = await profiled('push', async () => {
        const before = cpuMs();
        const r = await load({
          url: `${base}/api/v1/wechat/push?signature=${signature}&timestamp=${timestamp}&nonce=${nonce}`,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ MsgType: 'event', Event: 'bench_ignored' }),
        });
        return { ...fmt(r), serverCpuMsPerRequest: r['2xx'] ? Math.round(((cpuMs() - before) / r['2xx']) * 100) / 100 : null };
      });
    }
    if (PHASES.has('mine')) out.reportsMine = await profiled('mine', () => readLoad(`${base}${MINE}`, auth, cpuMs));
    if (PHASES.has('board') || PHASES.has('queue') || PHASES.has('mixed')) {
      const staff = await staffReaders(base);
      if (PHASES.has('board')) out.dispatchBoard = await profiled('board', () => readLoad(`${base}${BOARD}`, staff.dispatcher, cpuMs));
      if (PHASES.has('queue'))
        out.departmentQueue = {
          department: staff.department,
          openCasesOnFirstPage: staff.openCases,
          ...(await profiled('queue', () => readLoad(`${base}${staff.queue}`, staff.handler, cpuMs))),
        };
      if (PHASES.has('mixed')) {
        const reads = [
          { name: 'mine', path: MINE, headers: auth },
          { name: 'board', path: BOARD, headers: staff.dispatcher },
          { name: 'queue', path: staff.queue, headers: staff.handler },
        ];
        out.mixedReadsOnly = await profiled('mixed-reads', () => mixedLoad(db, base, reads, 0, cpuMs, databaseCpuMs));
        out.mixedSubmissionsOnly = await profiled('mixed-submissions', () => mixedLoad(db, base, [], MIXED_RATE, cpuMs, databaseCpuMs));
        out.mixed = await profiled('mixed', () => mixedLoad(db, base, reads, MIXED_RATE, cpuMs, databaseCpuMs));
        // The reads' own CPU in the mix: the phase's CPU less what as many submissions cost alone.
        const { serverCpuMsPerReport } = out.mixedSubmissionsOnly;
        const { serverCpuMsPerRead, readsPerSecond, submissions } = out.mixed;
        const done = readsPerSecond * SECONDS;
        out.mixed.serverCpuMsPerReadLessSubmissions =
          Math.round(((serverCpuMsPerRead * done - serverCpuMsPerReport * submissions.answered) / done) * 100) / 100;
      }
    }
    return out;
  } finally {
    await stop();
  }
}

const MINE = '/api/v1/reports/mine?page=1&pageSize=20';
const BOARD = '/api/v1/cases?status=accepted,dispatched,in_progress,resolved&sort=deadline&page=1&pageSize=20';

/** The dispatcher, and the handler of the department with the most open cases in the demo city with their queue's URL. */
async function staffReaders(base) {
  const staff = async (username) => {
    const { token: t } = await json(base, '/api/v1/auth/staff', {
      method: 'POST',
      body: JSON.stringify({ username, password: 'demo-pass-2026' }),
    });
    return { authorization: `Bearer ${t}` };
  };
  const dispatcher = await staff('demo-dispatcher');
  const open = await json(base, '/api/v1/cases?status=dispatched,in_progress&pageSize=100', { headers: dispatcher });
  const counts = new Map();
  for (const c of open.items) if (c.departmentId) counts.set(c.departmentId, (counts.get(c.departmentId) ?? 0) + 1);
  const [departmentId, openCases] = [...counts].sort((a, b) => b[1] - a[1])[0];
  const dept = (await json(base, '/api/v1/departments', { headers: dispatcher })).find((d) => d.id === departmentId);
  return {
    dispatcher,
    handler: await staff(`demo-handler-${dept.code}`),
    department: dept.code,
    openCases,
    queue: `/api/v1/cases?departmentId=${departmentId}&status=dispatched,in_progress&sort=deadline&page=1&pageSize=20`,
  };
}

/**
 * The three reads in turn on every connection (a resident's my reports, the board, the queue) for --seconds, while
 * another resident files `rate` reports a second (as a city's residents do; none of them the reading resident): reads
 * a second, how many were kept answers (the server's Server-Timing header) per read, and the server's CPU per read
 * (the submissions' own CPU included when `rate` > 0: compare with the same reads at rate 0).
 */
async function mixedLoad(db, base, reads, rate, cpuMs, databaseCpuMs) {
  const submitter = rate > 0 && (await resident(base, `sim:bench-${db}-mixed-${Date.now()}`));
  const photoIds = rate > 0 ? await uploadPhotos(db, base, submitter, Math.ceil(rate * SECONDS) + rate) : [];
  const centre = rate > 0 && (await gridCentre(base));
  await quiet(cpuMs);
  const counts = Object.fromEntries(reads.map((r) => [r.name, { answered: 0, kept: 0, told: 0 }]));
  let submitting = rate > 0;
  const before = cpuMs();
  const dbBefore = databaseCpuMs();
  const { submissions, done: pacing } = paceReports(db, base, submitter, centre, photoIds, rate, () => submitting);
  // Submissions alone: what they cost the server, to take out of the mixed phase's CPU.
  const r = !reads.length
    ? (await sleep(SECONDS * 1000), null)
    : await load({
        requests: reads.map(({ name, path, headers }) => ({
          method: 'GET',
          path,
          headers,
          onResponse: (status, _body, _context, headers) => {
            if (status !== 200) return;
            counts[name].answered++;
            if (headers['server-timing']) counts[name].told++;
            if (String(headers['server-timing']).includes('kept')) counts[name].kept++;
          },
        })),
        url: base,
      });
  submitting = false;
  await pacing;
  const cpu = cpuMs() - before;
  // mariadbd's whole CPU (other clients' statements too, if any), by the phase's reads or reports.
  const dbCpu = databaseCpuMs() - dbBefore;
  const dbPer = (n) =>
    Number.isFinite(dbCpu) && n ? { [r ? 'databaseCpuMsPerRead' : 'databaseCpuMsPerReport']: Math.round((dbCpu / n) * 100) / 100 } : {};
  if (!r)
    return {
      reportsPerSecond: rate,
      submissions,
      serverCpuMsPerReport: Math.round((cpu / submissions.answered) * 100) / 100,
      ...dbPer(submissions.answered),
    };
  const answered = Object.values(counts).reduce((s, c) => s + c.answered, 0);
  const kept = Object.values(counts).reduce((s, c) => s + c.kept, 0);
  const told = Object.values(counts).reduce((s, c) => s + c.told, 0);
  // A build without the header (before the thirteenth round) cannot say.
  const share = (c) => (c.told ? Math.round((c.kept / c.answered) * 1000) / 1000 : null);
  return {
    reportsPerSecond: rate,
    ...fmt(r),
    readsPerSecond: Math.round(answered / SECONDS),
    keptShare: share({ answered, kept, told }),
    keptShareByRead: Object.fromEntries(Object.entries(counts).map(([name, c]) => [name, share(c)])),
    submissions,
    serverCpuMsPerRead: answered ? Math.round((cpu / answered) * 100) / 100 : null,
    ...dbPer(answered),
  };
}

/**
 * Files a report every 1/rate s, open loop, while `running()` and photos last. Each answered report's latency counts
 * from when it was due, not from when it was sent, so a client slowed by the server does not hide the server's delay.
 */
function paceReports(db, base, submitter, centre, photoIds, rate, running) {
  const submissions = { sent: 0, answered: 0, failed: 0 };
  const latenciesMs = [];
  const pending = [];
  const sending = { ms: 0 };
  const done = (async () => {
    const t0 = performance.now();
    while (running() && submissions.sent < photoIds.length) {
      const i = submissions.sent++;
      const due = t0 + (i * 1000) / rate;
      pending.push(
        fetch(`${base}/api/v1/reports`, {
          method: 'POST',
          headers: { ...submitter, 'content-type': 'application/json' },
          body: reportBody(db, centre, photoIds[i], i),
        }).then(
          async (r) => {
            await r.arrayBuffer();
            if (!r.ok) return submissions.failed++;
            submissions.answered++;
            latenciesMs.push(performance.now() - due);
          },
          () => submissions.failed++,
        ),
      );
      await sleep(Math.max(0, t0 + ((i + 1) * 1000) / rate - performance.now()));
    }
    sending.ms = performance.now() - t0;
    await Promise.all(pending);
  })();
  return { submissions, latenciesMs, sending, done };
}

/** The paced phase's rate: --paced-rate, else --paced-share (0.7) of the rate the submit phase reached on this server. */
function pacedRate(submitRps) {
  if (args['paced-rate']) return Number(args['paced-rate']);
  if (!submitRps) throw new Error('the paced phase needs the submit phase before it, or --paced-rate');
  return Math.max(1, Math.round(submitRps * Number(args['paced-share'] ?? 0.7)));
}

/** Reports at a fixed rate for --seconds (a resident of its own, photos uploaded first): latency percentiles and CPU. */
async function pacedSubmissions(db, base, rate, cpuMs, databaseCpuMs) {
  const submitter = await resident(base, `sim:bench-${db}-paced-${Date.now()}`);
  const photoIds = await uploadPhotos(db, base, submitter, Math.ceil(rate * SECONDS) + rate);
  const centre = await gridCentre(base);
  await quiet(cpuMs);
  const before = cpuMs();
  const dbBefore = databaseCpuMs();
  let running = true;
  const timer = setTimeout(() => (running = false), SECONDS * 1000);
  const { submissions, latenciesMs, sending, done } = paceReports(db, base, submitter, centre, photoIds, rate, () => running);
  await done;
  clearTimeout(timer);
  const seconds = sending.ms / 1000;
  const cpu = cpuMs() - before;
  const dbCpu = databaseCpuMs() - dbBefore;
  const sorted = latenciesMs.sort((a, b) => a - b);
  const at = (q) => (sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] * 10) / 10 : null);
  const per = (ms) => (submissions.answered ? Math.round((ms / submissions.answered) * 10) / 10 : null);
  return {
    rateAsked: rate,
    rateSent: Math.round((submissions.sent / seconds) * 10) / 10,
    submissions,
    p50ms: at(0.5),
    p95ms: at(0.95),
    p99ms: at(0.99),
    maxMs: at(1),
    // During the phase only: what the reports left behind after its end is not in it.
    serverCpuMsPerReport: per(cpu),
    ...(Number.isFinite(dbCpu) ? { databaseCpuMsPerReport: per(dbCpu) } : {}),
  };
}

async function resident(base, code) {
  const { token } = await json(base, '/api/v1/auth/wechat', { method: 'POST', body: JSON.stringify({ code }) });
  return { authorization: `Bearer ${token}` };
}

/** The centre of the demo city's first grid: every bench report is filed around it. */
async function gridCentre(base) {
  const grids = await json(base, '/api/v1/grids');
  const ring = grids.features[0].geometry.coordinates[0];
  return { lng: ring.reduce((s, p) => s + p[0], 0) / ring.length, lat: ring.reduce((s, p) => s + p[1], 0) / ring.length };
}

/** The signed image URLs of `wanted` new photos. */
async function uploadPhotoUrls(db, base, auth, wanted) {
  const urls = [];
  await uploadPhotos(db, base, auth, wanted, urls);
  return urls;
}

/** Uploads `wanted` photos, CONNECTIONS at a time; each report needs its own photo (a photo is used once). */
async function uploadPhotos(db, base, auth, wanted, urls) {
  const sharp = require('sharp');
  const photoIds = [];
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      for (let i = next++; i < wanted; i = next++) {
        const img = await noisePhoto(sharp, i);
        const form = new FormData();
        form.append('file', new Blob([img], { type: 'image/jpeg' }), 'p.jpg');
        const r = await fetch(`${base}/api/v1/uploads`, { method: 'POST', headers: auth, body: form });
        if (!r.ok) throw new Error(`upload ${r.status} ${await r.text()}`);
        const uploaded = await r.json();
        photoIds.push(uploaded.id);
        urls?.push(new URL(uploaded.url, base).toString());
      }
    }),
  );
  log(`${db}: ${wanted} photos uploaded in ${Math.round(performance.now() - t0)} ms`);
  return photoIds;
}

const reportBody = (db, { lat, lng }, photoId, i) =>
  JSON.stringify({
    kind: 'snap',
    categoryCode: 'exposed_garbage',
    location: { lat: lat + (i % 50) * 1e-5, lng },
    photoIds: [photoId],
    clientRequestId: `bench-${db}-${i}-${Date.now()}`,
  });

/** Reports for the read phases when the submission phase does not run (not measured). */
async function seedReports(db, base, auth, cpuMs, count) {
  const centre = await gridCentre(base);
  const photoIds = await uploadPhotos(db, base, auth, count);
  for (const [i, id] of photoIds.entries())
    await json(base, '/api/v1/reports', { method: 'POST', headers: auth, body: reportBody(db, centre, id, i) });
  await quiet(cpuMs);
}

/** Waits until the process is quiet (< 30 ms of CPU in a second, at most 30 s): work left behind is not the next phase's. */
async function quiet(cpuMs) {
  for (let i = 0, prev = cpuMs(); i < 30; i++) {
    await sleep(1000);
    const now = cpuMs();
    if (now - prev < 30) return;
    prev = now;
  }
}

async function submitReports(db, base, auth, cpuMs, profiled, simulatorCpuMs, databaseCpuMs, digests) {
  const centre = await gridCentre(base);
  const photoIds = await uploadPhotos(db, base, auth, Number(args.photos ?? SECONDS * 300)); // 300 reports/s: the phase is ended by time, not by photos (200 ran out on SQLite)
  const wanted = photoIds.length;
  let n = 0;
  const { submit, submitCpuMs, loadCpuMs, simCpuMs, dbCpuMs, drainMs, digestsFinish } = await profiled('submit', async () => {
    const digestsFinish = digests ? await digests() : null;
    const cpuBefore = cpuMs();
    const simBefore = simulatorCpuMs();
    const dbBefore = databaseCpuMs();
    const result = await load({
      url: `${base}/api/v1/reports`,
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      amount: photoIds.length,
      requests: [
        {
          setupRequest: (req) => {
            const i = n++;
            return { ...req, body: reportBody(db, centre, photoIds[i % photoIds.length], i) };
          },
        },
      ],
    });
    const loadCpu = cpuMs() - cpuBefore;
    const drainStart = performance.now();
    // Work a submission leaves behind (the image check and the address lookup after the answer, the
    // simulator's verdict) counts too: wait until both processes are quiet (< 30 ms of CPU in a second, at most 30 s).
    for (let i = 0, prev = cpuMs() + (simulatorCpuMs() || 0); i < 30; i++) {
      await sleep(1000);
      const now = cpuMs() + (simulatorCpuMs() || 0);
      if (now - prev < 30) break;
      prev = now;
    }
    return {
      submit: result,
      submitCpuMs: cpuMs() - cpuBefore,
      loadCpuMs: loadCpu,
      simCpuMs: simulatorCpuMs() - simBefore,
      dbCpuMs: databaseCpuMs() - dbBefore,
      drainMs: performance.now() - drainStart - 1000,
      digestsFinish,
    };
  });
  log(`${db}: report submission done`);
  const per = (ms) => (submit['2xx'] ? Math.round((ms / submit['2xx']) * 10) / 10 : null);
  return {
    submitReport: fmt(submit),
    reportsSubmitted: submit.requests.total,
    // Server CPU per answered submission, including the work after the answer (image check, address lookup)
    // and, with internal simulators, the simulators' side of it.
    serverCpuMsPerReport: per(submitCpuMs),
    // Of which during the load (the rest ran after autocannon stopped: queues draining).
    serverCpuMsPerReportDuringLoad: per(loadCpuMs),
    afterLoadDrainMs: Math.max(0, Math.round(drainMs)),
    simulators: EXTERNAL_SIMULATORS ? 'external process' : 'in the server process',
    ...(EXTERNAL_SIMULATORS ? { simulatorCpuMsPerReport: per(simCpuMs) } : {}),
    ...(Number.isFinite(dbCpuMs) ? { databaseCpuMsPerReport: per(dbCpuMs) } : {}),
    photosUploaded: wanted,
    submitStoppedBy: submit.requests.total >= wanted ? 'photos used up' : 'time',
    ...(digestsFinish ? { mariadb: await digestsFinish(submit['2xx']) } : {}),
  };
}

const results = {
  when: new Date().toISOString(),
  loadAverageBefore: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
  seconds: SECONDS,
  connections: CONNECTIONS,
  simulators: EXTERNAL_SIMULATORS ? 'external process' : 'in the server process',
  bareNodeHttp: await bareNode(),
};
for (const db of dbs) {
  let mysqlUrl;
  // --mysql-url wins; otherwise ensure-mariadb.sh answers (it uses TEST_MYSQL_URL / DATABASE_URL when set).
  if (db === 'mysql') mysqlUrl = mariadbUrl(args['mysql-url']);
  log(`${db}: raw insert`);
  results[db] = { rawInsert: await rawInsertRate(db, mysqlUrl) };
  // A server that fails (e.g. does not boot in 5 minutes on a saturated machine) is recorded, and the run goes on.
  const measured = (dist) =>
    benchServer(db, mysqlUrl, dist).catch((e) => {
      log(`${db} (${dist}): ${e.message}`);
      return { error: e.message };
    });
  if (args['baseline-dist']) results[db].baselineServer = await measured(args['baseline-dist']);
  results[db].server = await measured(args.dist ?? 'server/dist');
  results[db].loadAverageAfter = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}
console.log(JSON.stringify(results, null, 2));
