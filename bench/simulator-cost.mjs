// CPU of the WeChat and Tencent Maps simulators per report, two builds side by side. Not part of the tests.
//   node bench/simulator-cost.mjs [--baseline-dist server/dist-main] [--dist server/dist] [--reports 300] [--rounds 4]
//                                 [--port 4280 (this script's photo and push server; the simulator hosts take the next two)]
//                                 [--cpu-prof <file.cpuprofile> (the --dist build's host, over its counted rounds)]
// What one submission makes the simulators do (bench/run.mjs --simulators external): answer the reverse geocoder and
// media_check_async, then download the photo, judge it and push the verdict. Here each build's simulator host (a server
// of that build with no demo data, as run.mjs starts it) gets --reports of those per round from this process, which
// serves the photos (64×64 noise JPEGs, as run.mjs uploads) and acknowledges the pushes; a round ends when every verdict
// has arrived. The builds alternate round by round, so the machine's load hits both alike; CPU is the host process's
// (all its threads, from /proc) over the round, per report. The first round of each build is a warm-up and not counted.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { noisePhoto, startSimulatorHost } from './simulator-host.mjs';
import { benchArgs } from './args.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'server', 'package.json'));
const sharp = require('sharp');
const args = benchArgs();
const REPORTS = Number(args.reports ?? 300);
const ROUNDS = Number(args.rounds ?? 4);
const PORT = Number(args.port ?? 4280);
const CONCURRENCY = 10;
const builds = [args['baseline-dist'], args.dist ?? 'server/dist'].filter(Boolean);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const photos = await Promise.all(Array.from({ length: 50 }, (_, i) => noisePhoto(sharp, i)));

let pushed = 0;
const photoServer = createServer((req, res) => {
  if (req.method === 'GET' && req.url.startsWith('/photo/')) {
    res.writeHead(200, { 'content-type': 'image/jpeg' }).end(photos[Number(req.url.slice(7)) % photos.length]);
    return;
  }
  req.resume();
  req.on('end', () => {
    pushed++;
    res.end('success');
  });
});
await new Promise((r) => photoServer.listen(PORT, '127.0.0.1', r));

async function startHost(dist, port) {
  const profileFile = args['cpu-prof'] && dist === builds.at(-1) ? args['cpu-prof'] : undefined;
  const host = await startSimulatorHost({ dist, port, pushUrl: `http://127.0.0.1:${PORT}/push`, profileFile });
  const base = host.base;
  const { tencentSig } = require(join(root, dist, 'geo/tencent/tencent-signature.js'));
  const { DEMO_LANDMARKS } = require(join(root, dist, 'demo/demo-streets.js'));
  const token = await fetch(`${base}/sim/wechat/cgi-bin/stable_token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'client_credential', appid: 'wx-sim-appid', secret: 'sim-secret' }),
  }).then((r) => r.json());
  return { ...host, dist, tencentSig, place: DEMO_LANDMARKS[0], token: token.access_token };
}

/** What one submission asks of the simulators: the address, then the image check (its verdict comes back as a push). */
async function report(host, i) {
  const location = `${(host.place.lat + (i % 50) * 1e-5).toFixed(6)},${host.place.lng.toFixed(6)}`;
  const params = { get_poi: '1', key: 'SIMKY-TENCENT-MAP-DEMO0-00000', location };
  const sig = host.tencentSig('/ws/geocoder/v1/', params, 'sim-tencent-map-secret-key');
  const geo = await fetch(`${host.base}/sim/tencent-map/ws/geocoder/v1/?${new URLSearchParams({ ...params, sig })}`).then((r) => r.json());
  if (geo.status !== 0) throw new Error(`geocoder: ${JSON.stringify(geo)}`);
  const check = await fetch(`${host.base}/sim/wechat/wxa/media_check_async?access_token=${host.token}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      media_url: `http://127.0.0.1:${PORT}/photo/${i}`,
      media_type: 2,
      version: 2,
      scene: 1,
      openid: 'oSIMbenchbenchbenchbench01',
    }),
  }).then((r) => r.json());
  if (check.errcode !== 0) throw new Error(`media_check_async: ${JSON.stringify(check)}`);
}

async function round(host) {
  const before = host.cpuMs();
  const pushedBefore = pushed;
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < REPORTS; i = next++) await report(host, i);
    }),
  );
  for (let i = 0; i < 600 && pushed - pushedBefore < REPORTS; i++) await sleep(50);
  await sleep(300); // the last push's socket work
  return (host.cpuMs() - before) / REPORTS;
}

const hosts = [];
for (const [i, dist] of builds.entries()) hosts.push(await startHost(dist, PORT + 1 + i));
const perReport = new Map(builds.map((b) => [b, []]));
const loadBefore = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
try {
  for (let r = 0; r <= ROUNDS; r++)
    for (const host of r % 2 ? [...hosts].reverse() : hosts) {
      if (r === 1) host.signal(); // the profiler, where preloaded: on for the counted rounds
      const ms = await round(host);
      if (r > 0) perReport.get(host.dist).push(Math.round(ms * 100) / 100);
    }
  for (const h of hosts) h.signal();
  await sleep(1000);
} finally {
  for (const h of hosts) await h.stop();
  photoServer.close();
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(
  JSON.stringify(
    {
      when: new Date().toISOString(),
      loadAverage: [loadBefore, readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')],
      reportsPerRound: REPORTS,
      simulatorCpuMsPerReport: Object.fromEntries([...perReport].map(([b, xs]) => [b, { rounds: xs, median: median(xs) }])),
    },
    null,
    2,
  ),
);
process.exit(0);
