// HTTP upload against the raw pipeline, in one run. Not part of the tests.
//   node bench/upload-http.mjs [--photos 8] [--rounds 3] [--port 4350] [--dist server/dist] [--cpu-prof <dir>]
// Builds `--photos` camera-like 4 MP JPEGs (bench/photos-4mp.mjs), then, round by round so machine load hits both
// alike:
//   raw:  processPhoto() of the build (server/dist/uploads/image-processor.js) on the buffer in this process — the
//         checks, the encode, the thumbnail and the hashes, no HTTP, no storage, no database;
//   http: POST /api/v1/uploads of the same bytes (multipart, one at a time) to the server of the same build
//         (SQLite, its own data directory, local storage), measured by the server process's CPU from /proc.
// Both run the encoder the server is configured with (PHOTO_JPEG_ENCODER, default of the build) and libvips'
// default thread pool, as the server does. Reported: CPU ms per photo of each, their ratio (the target:
// HTTP within 1.2× of raw), wall ms per photo, the server's CPU while idle for as long as an upload takes (timers:
// on a loaded machine an upload's wall time is long), and the load average before and after. JSON to stdout.
// --cpu-prof <dir>: the server records a CPU profile of the HTTP uploads (bench/cpu-profile-preload.cjs; its main
// thread only: libvips' threads are not in it), for bench/profile-summary.mjs.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { photos4mp } from './photos-4mp.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'server', 'package.json'));
const sharp = require('sharp');
const args = Object.fromEntries(
  process.argv.slice(2).reduce((a, v, i, all) => (v.startsWith('--') ? [...a, [v.slice(2), all[i + 1]]] : a), []),
);
const PHOTOS = Number(args.photos ?? 8);
const ROUNDS = Number(args.rounds ?? 3);
const PORT = Number(args.port ?? 4350);
const DIST = join(root, args.dist ?? 'server/dist');
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const log = (msg) => process.stderr.write(`[upload-http ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** CPU time (user + system) of a process so far, from /proc, in ms. */
function processCpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

const loadBefore = loadavg();
const photos = await photos4mp(sharp, PHOTOS);
log(`${PHOTOS} photos, ~${Math.round(photos.reduce((s, p) => s + p.length, 0) / PHOTOS / 1024)} KB each; load ${loadBefore}`);

const dataDir = mkdtempSync(join(tmpdir(), 'bench-upload-'));
const env = {
  ...process.env,
  PORT: String(PORT),
  HOST: '127.0.0.1',
  DATA_DIR: dataDir,
  DEMO_DATA: 'false',
  LOG_LEVEL: 'warn',
  RATE_LIMIT_PER_MINUTE: '10000000',
  JOBS_ENABLED: 'false',
  NODE_ENV: 'development',
};
delete env.DATABASE_URL;
const profile = args['cpu-prof'] ? ['-r', join(root, 'bench', 'cpu-profile-preload.cjs')] : [];
if (profile.length) env.BENCH_CPU_PROFILE = join(args['cpu-prof'], `upload-http-${Date.now()}.cpuprofile`);
const child = spawn('node', [...profile, join(DIST, 'main.js')], { env, stdio: ['ignore', 'ignore', 'inherit'] });
const exited = new Promise((r) => child.once('exit', r));
const base = `http://127.0.0.1:${PORT}`;
try {
  let up = false;
  for (let i = 0; i < 1200 && child.exitCode === null && !up; i++) {
    up = await fetch(`${base}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (!up) await sleep(500);
  }
  if (!up) throw new Error('the server did not answer /api/health');
  const login = await fetch(`${base}/api/v1/auth/wechat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: `sim:bench-upload-${Date.now()}` }),
  });
  if (!login.ok) throw new Error(`login ${login.status} ${await login.text()}`);
  const auth = { authorization: `Bearer ${(await login.json()).token}` };
  const upload = async (p) => {
    const form = new FormData();
    form.append('file', new Blob([p], { type: 'image/jpeg' }), 'photo.jpg');
    const r = await fetch(`${base}/api/v1/uploads`, { method: 'POST', headers: auth, body: form });
    if (r.status !== 201) throw new Error(`upload ${r.status} ${await r.text()}`);
    return r.json();
  };
  const { processPhoto } = require(join(DIST, 'uploads', 'image-processor.js'));
  const encoder = env.PHOTO_JPEG_ENCODER; // unset: the server and processPhoto() both take the build's default
  const raw = (p) => (encoder ? processPhoto(p, encoder) : processPhoto(p));
  // Warm-up, not counted: the first calls pay for loading libvips and compiling the route.
  await raw(photos[0]);
  await upload(photos[0]);
  const t = { raw: { cpu: 0, wall: 0, n: 0 }, http: { cpu: 0, wall: 0, n: 0 } };
  for (let round = 0; round < ROUNDS; round++) {
    for (const p of photos) {
      const c0 = process.cpuUsage();
      const w0 = performance.now();
      await raw(p);
      const c = process.cpuUsage(c0);
      t.raw.cpu += (c.user + c.system) / 1000;
      t.raw.wall += performance.now() - w0;
      t.raw.n++;
    }
    if (profile.length) {
      writeFileSync(`${env.BENCH_CPU_PROFILE}.phase`, `round${round + 1}`);
      child.kill('SIGWINCH');
    }
    for (const p of photos) {
      const s0 = processCpuMs(child.pid);
      const w0 = performance.now();
      await upload(p);
      t.http.wall += performance.now() - w0;
      await sleep(20); // let the answer's last writes be counted with this upload
      t.http.cpu += processCpuMs(child.pid) - s0;
      t.http.n++;
    }
    if (profile.length) {
      child.kill('SIGWINCH');
      await sleep(2000); // the profile is written
    }
    log(
      `round ${round + 1}/${ROUNDS}: raw ${(t.raw.cpu / t.raw.n).toFixed(0)} ms, http ${(t.http.cpu / t.http.n).toFixed(0)} ms of CPU per photo`,
    );
  }
  const idleMs = 10_000;
  const i0 = processCpuMs(child.pid);
  await sleep(idleMs);
  const idleCpuMsPerUploadWall = Math.round(((processCpuMs(child.pid) - i0) / idleMs) * (t.http.wall / t.http.n) * 10) / 10;
  const per = (x, k) => Math.round((x[k] / x.n) * 10) / 10;
  console.log(
    JSON.stringify(
      {
        photos: PHOTOS,
        rounds: ROUNDS,
        encoder: encoder ?? 'default of the build',
        rawCpuMsPerPhoto: per(t.raw, 'cpu'),
        httpServerCpuMsPerPhoto: per(t.http, 'cpu'),
        cpuRatio: Math.round((t.http.cpu / t.http.n / (t.raw.cpu / t.raw.n)) * 100) / 100,
        rawWallMsPerPhoto: per(t.raw, 'wall'),
        httpWallMsPerPhoto: per(t.http, 'wall'),
        idleServerCpuMsPerUploadWall: idleCpuMsPerUploadWall,
        wallRatio: Math.round((t.http.wall / t.http.n / (t.raw.wall / t.raw.n)) * 100) / 100,
        loadAverageBefore: loadBefore,
        loadAverageAfter: loadavg(),
      },
      null,
      2,
    ),
  );
} finally {
  child.kill('SIGTERM');
  await exited;
  rmSync(dataDir, { recursive: true, force: true });
}
