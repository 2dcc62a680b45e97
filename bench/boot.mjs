// Boot benchmark: first start with demo data on a fresh data directory (database), then a restart on the same
// one, each timed up to the first answer of /api/health. Not part of the tests.
//   node bench/boot.mjs [--runs 3] [--db sqlite|mysql] [--dist server/dist] [--baseline-dist server/dist-main]
//                       [--cpu-prof <dir>] [--mysql-url mariadb://…]
// Reports, per build, the server process's own CPU time (user + system of all its threads, from /proc at the
// moment /health first answers: far less inflated by a busy machine than wall time) and the wall time from spawn.
// The floor in the same run: a Node process that loads nothing and answers /api/health from a bare HTTP server,
// timed the same way. --baseline-dist: a second build (e.g. main's, copied aside) measured interleaved with the
// current one, run by run, so both face the same machine load. --cpu-prof: a CPU profile of every boot (from the
// first line of the process to the first /health answer) written into <dir>, readable by bench/profile-summary.mjs.
// Progress on stderr, the JSON result on stdout.
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { benchArgs } from './args.mjs';
import { mysqlOptions } from './mariadb-server.mjs';
import { processCpuMs } from './simulator-host.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'server', 'package.json'));
const args = benchArgs();
const RUNS = Number(args.runs ?? 3);
const DB = args.db ?? 'sqlite';
const PORT_BASE = Number(args['port-base'] ?? 4300 + Math.floor(Math.random() * 40));
const builds = [...(args['baseline-dist'] ? [['baseline', args['baseline-dist']]] : []), ['current', args.dist ?? 'server/dist']];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (msg) => process.stderr.write(`[boot ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
if (args['cpu-prof']) mkdirSync(args['cpu-prof'], { recursive: true });

/** A fresh place for the server's data: a temporary DATA_DIR, and on MySQL a new database. */
async function freshStore() {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-boot-'));
  if (DB !== 'mysql') return { dataDir, databaseUrl: undefined, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  const mysqlUrl =
    args['mysql-url'] ??
    process.env.TEST_MYSQL_URL ??
    execFileSync(join(root, 'scripts', 'ensure-mariadb.sh'), { encoding: 'utf8' }).trim();
  const mysql = require('mysql2/promise');
  const name = `sansui_boot_${Date.now()}`;
  const admin = await mysql.createConnection(mysqlOptions(mysqlUrl));
  await admin.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  const u = new URL(mysqlUrl);
  u.pathname = `/${name}`;
  return {
    dataDir,
    databaseUrl: u.toString(),
    drop: async () => {
      const c = await mysql.createConnection(mysqlOptions(mysqlUrl));
      await c.query(`DROP DATABASE IF EXISTS ${name}`);
      await c.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Spawns `argv`, polls /api/health every 20 ms; CPU and wall at the first 2xx answer, then stops the process. */
async function timedBoot(argv, env, port, profileFile) {
  const t0 = performance.now();
  const child = spawn('node', argv, { env: { ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise((r) => child.once('exit', r));
  let cpuMs = NaN;
  let wallMs = NaN;
  for (let i = 0; i < 30_000 && child.exitCode === null; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) {
        cpuMs = processCpuMs(child.pid);
        wallMs = performance.now() - t0;
        break;
      }
    } catch {
      // not listening yet
    }
    await sleep(20);
  }
  if (profileFile) {
    child.kill('SIGWINCH'); // bench/cpu-profile-preload.cjs writes the profile
    await sleep(1500);
  }
  child.kill('SIGTERM');
  await exited;
  if (Number.isNaN(cpuMs)) throw new Error(`${argv.join(' ')}: no answer from /api/health`);
  return { cpuMs, wallMs: Math.round(wallMs) };
}

const FLOOR = `require('node:http').createServer((q, s) => s.end('{"ok":true}')).listen(process.env.PORT, '127.0.0.1')`;

async function serverBoots(label, dist, run, port) {
  const store = await freshStore();
  const env = {
    ...process.env,
    HOST: '127.0.0.1',
    DATA_DIR: store.dataDir,
    DEMO_DATA: 'true',
    LOG_LEVEL: 'warn',
    JOBS_ENABLED: 'false',
    NODE_ENV: 'development',
  };
  if (store.databaseUrl) env.DATABASE_URL = store.databaseUrl;
  else delete env.DATABASE_URL;
  const result = {};
  try {
    for (const phase of ['firstStart', 'restart']) {
      let argv = [resolve(root, dist, 'main.js')];
      let profileFile;
      if (args['cpu-prof']) {
        profileFile = join(args['cpu-prof'], `${label}-${phase}-${run}.cpuprofile`);
        argv = ['-r', join(root, 'bench', 'cpu-profile-preload.cjs'), ...argv];
        env.BENCH_CPU_PROFILE = profileFile;
        env.BENCH_CPU_PROFILE_FROM_START = '1';
      }
      result[phase] = await timedBoot(argv, env, port, profileFile);
      log(
        `${label} (${dist}) run ${run} ${phase}: ${result[phase].cpuMs} ms CPU, ${result[phase].wallMs} ms wall, load ${loadavg()[0].toFixed(1)}`,
      );
    }
  } finally {
    await store.drop();
  }
  return result;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const runs = { floor: [], ...Object.fromEntries(builds.map(([label]) => [label, []])) };
const loads = [loadavg()[0]];
for (let run = 1; run <= RUNS; run++) {
  const floor = await timedBoot(['-e', FLOOR], process.env, PORT_BASE + 9);
  runs.floor.push(floor);
  log(`floor run ${run}: ${floor.cpuMs} ms CPU, ${floor.wallMs} ms wall`);
  for (const [i, [label, dist]] of builds.entries()) runs[label].push(await serverBoots(label, dist, run, PORT_BASE + i));
  loads.push(loadavg()[0]);
}

const summary = {
  db: DB,
  runCount: RUNS,
  loadAverage: { start: loads[0], end: loads.at(-1) },
  floor: { cpuMs: median(runs.floor.map((r) => r.cpuMs)), wallMs: median(runs.floor.map((r) => r.wallMs)) },
};
for (const [label, dist] of builds) {
  const of = (phase, key) => median(runs[label].map((r) => r[phase][key]));
  summary[label] = {
    dist,
    firstStart: { cpuMs: of('firstStart', 'cpuMs'), wallMs: of('firstStart', 'wallMs') },
    restart: { cpuMs: of('restart', 'cpuMs'), wallMs: of('restart', 'wallMs') },
  };
}
summary.medians = 'median over the runs; every run in `runs`';
summary.runs = runs;
process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
