// HTTP upload against the raw pipeline, in one run. Not part of the tests.
//   node bench/upload-http.mjs [--photos 8] [--rounds 3] [--port 4350] [--dist server/dist] [--baseline-dist <dir>]
//                              [--cpu-prof <dir>]
// Builds `--photos` camera-like 4 MP JPEGs (bench/photos-4mp.mjs), then, round by round so machine load hits both
// alike:
//   raw:  processPhoto() of the build (server/dist/uploads/image-processor.js) on the buffer in this process — the
//         checks, the encode, the thumbnail and the hashes, no HTTP, no storage, no database;
//   http: POST /api/v1/uploads of the same bytes (multipart, one at a time) to the server of the same build
//         (SQLite, its own data directory, local storage), measured by the server process's CPU from /proc.
// Both run the encoder the server is configured with (PHOTO_JPEG_ENCODER, default of the build) and libvips'
// thread setting of the build, as the server does. Reported: CPU ms per photo of each, their ratio (the issue's
// target: HTTP within 1.2× of raw), each split by thread (main, libvips' workers, the rest), wall ms per photo, the server's CPU while idle for as long as an upload takes (timers:
// on a loaded machine an upload's wall time is long), and the load average before and after. JSON to stdout.
// --baseline-dist <dir>: a second server of another build (e.g. main's, copied aside) on the next port gets the same
// uploads in the same rounds (the two servers' order alternates), reported as baseline*.
// --cpu-prof <dir>: the server records a CPU profile of the HTTP uploads (bench/cpu-profile-preload.cjs; its main
// thread only: libvips' threads are not in it), for bench/profile-summary.mjs.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { photos4mp } from './photos-4mp.mjs';
import { startServerChild } from './simulator-host.mjs';
import { benchArgs } from './args.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'server', 'package.json'));
const sharp = require('sharp');
const args = benchArgs();
const PHOTOS = Number(args.photos ?? 8);
const ROUNDS = Number(args.rounds ?? 3);
const PORT = Number(args.port ?? 4350);
const DIST = join(root, args.dist ?? 'server/dist');
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const log = (msg) => process.stderr.write(`[upload-http ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** CPU time (user + system) of a process so far, all its threads, exited ones included, from /proc, in ms. */
function processCpuMs(pid) {
  if (pid === process.pid) {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  }
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/**
 * Where that CPU time went, by thread, in ms, from each thread's /proc/<pid>/task/<tid>/schedstat (nanoseconds on a
 * CPU): the main (JavaScript) thread, libvips' workers, and the rest (libuv's pool, where sharp's calls and file
 * writes run, and V8's helpers: garbage collection, compilation). A thread that exits is no longer counted, so the
 * split can miss a little of the total.
 */
function threadCpuMs(pid) {
  const out = { main: 0, libvips: 0, other: 0 };
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const ms = Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
      const comm = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
      out[tid === String(pid) ? 'main' : comm.startsWith('libvips') ? 'libvips' : 'other'] += ms;
    } catch {
      // the thread exited meanwhile
    }
  }
  out.cpu = processCpuMs(pid);
  return out;
}
const THREADS = ['main', 'libvips', 'other'];
const addSince = (acc, pid, before) => {
  const now = threadCpuMs(pid);
  for (const k of [...THREADS, 'cpu']) acc[k] += Math.max(0, now[k] - before[k]);
};

const loadBefore = loadavg();
const photos = await photos4mp(sharp, PHOTOS);
log(`${PHOTOS} photos, ~${Math.round(photos.reduce((s, p) => s + p.length, 0) / PHOTOS / 1024)} KB each; load ${loadBefore}`);

/** A server of `dist` on `port` (SQLite, its own data directory, local storage), logged in as a resident. */
async function startServer(dist, port, name) {
  const profileFile = args['cpu-prof'] && join(args['cpu-prof'], `upload-http-${name}-${Date.now()}.cpuprofile`);
  const { child, base, stop, up } = await startServerChild({
    mainJs: join(dist, 'main.js'),
    port,
    dataPrefix: 'bench-upload-',
    profileFile,
  });
  const server = {
    name,
    child,
    profiled: Boolean(profileFile),
    profilePhase: (phase) => writeFileSync(`${profileFile}.phase`, phase),
    stop,
  };
  if (!up) {
    await server.stop();
    throw new Error(`the ${name} server did not answer /api/health`);
  }
  const login = await fetch(`${base}/api/v1/auth/wechat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: `sim:bench-upload-${name}-${Date.now()}` }),
  });
  if (!login.ok) throw new Error(`login ${login.status} ${await login.text()}`);
  const auth = { authorization: `Bearer ${(await login.json()).token}` };
  server.upload = async (p) => {
    const form = new FormData();
    form.append('file', new Blob([p], { type: 'image/jpeg' }), 'photo.jpg');
    const r = await fetch(`${base}/api/v1/uploads`, { method: 'POST', headers: auth, body: form });
    if (r.status !== 201) throw new Error(`upload ${r.status} ${await r.text()}`);
    return r.json();
  };
  return server;
}

const servers = [];
try {
  servers.push(await startServer(DIST, PORT, 'http'));
  if (args['baseline-dist']) servers.push(await startServer(join(root, args['baseline-dist']), PORT + 1, 'baseline'));
  const { processPhoto } = require(join(DIST, 'uploads', 'image-processor.js'));
  const encoder = process.env.PHOTO_JPEG_ENCODER; // unset: the servers and processPhoto() take their build's default
  const raw = (p) => (encoder ? processPhoto(p, encoder) : processPhoto(p));
  // Warm-up, not counted: the first calls pay for loading libvips and compiling the route.
  await raw(photos[0]);
  for (const server of servers) await server.upload(photos[0]);
  const zero = () => ({ cpu: 0, wall: 0, n: 0, main: 0, libvips: 0, other: 0 });
  const t = { raw: zero(), ...Object.fromEntries(servers.map((s) => [s.name, zero()])) };
  for (let round = 0; round < ROUNDS; round++) {
    for (const p of photos) {
      const c0 = threadCpuMs(process.pid);
      const w0 = performance.now();
      await raw(p);
      t.raw.wall += performance.now() - w0;
      addSince(t.raw, process.pid, c0);
      t.raw.n++;
    }
    for (const server of round % 2 ? [...servers].reverse() : servers) {
      if (server.profiled) {
        server.profilePhase(`round${round + 1}`);
        server.child.kill('SIGWINCH');
      }
      const x = t[server.name];
      for (const p of photos) {
        const s0 = threadCpuMs(server.child.pid);
        const w0 = performance.now();
        await server.upload(p);
        x.wall += performance.now() - w0;
        await sleep(20); // let the answer's last writes be counted with this upload
        addSince(x, server.child.pid, s0);
        x.n++;
      }
      if (server.profiled) {
        server.child.kill('SIGWINCH');
        await sleep(2000); // the profile is written
      }
    }
    const cpu = (x) => (x.cpu / x.n).toFixed(0);
    log(
      `round ${round + 1}/${ROUNDS}: CPU ms per photo: raw ${cpu(t.raw)}, ${servers.map((s) => `${s.name} ${cpu(t[s.name])}`).join(', ')}`,
    );
  }
  const idleMs = 10_000;
  const idle = zero();
  const i0 = threadCpuMs(servers[0].child.pid);
  await sleep(idleMs);
  addSince(idle, servers[0].child.pid, i0);
  const per = (x, k) => Math.round((x[k] / x.n) * 10) / 10;
  const byThread = (x) => Object.fromEntries(THREADS.map((k) => [k, per(x, k)]));
  const idleCpuMsPerUploadWall = Math.round((idle.cpu / idleMs) * per(t.http, 'wall') * 10) / 10;
  const ratio = (a, b) => Math.round((a / b) * 100) / 100;
  const result = {
    photos: PHOTOS,
    rounds: ROUNDS,
    encoder: encoder ?? 'default of the build',
    rawCpuMsPerPhoto: per(t.raw, 'cpu'),
    httpServerCpuMsPerPhoto: per(t.http, 'cpu'),
    cpuRatio: ratio(per(t.http, 'cpu'), per(t.raw, 'cpu')),
    rawCpuMsByThread: byThread(t.raw),
    httpServerCpuMsByThread: byThread(t.http),
    rawWallMsPerPhoto: per(t.raw, 'wall'),
    httpWallMsPerPhoto: per(t.http, 'wall'),
    wallRatio: ratio(per(t.http, 'wall'), per(t.raw, 'wall')),
    idleServerCpuMsPerUploadWall: idleCpuMsPerUploadWall,
  };
  if (t.baseline) {
    result.baselineServerCpuMsPerPhoto = per(t.baseline, 'cpu');
    result.baselineCpuRatio = ratio(per(t.baseline, 'cpu'), per(t.raw, 'cpu'));
    result.baselineServerCpuMsByThread = byThread(t.baseline);
    result.baselineWallMsPerPhoto = per(t.baseline, 'wall');
  }
  result.loadAverageBefore = loadBefore;
  result.loadAverageAfter = loadavg();
  console.log(JSON.stringify(result, null, 2));
} finally {
  for (const server of servers) await server.stop();
}
