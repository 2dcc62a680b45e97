// Where the server's RSS goes when photos are uploaded, and which setting bounds it. Not part of the tests.
//   pnpm -C shared build && pnpm -C server build
//   node bench/photo-memory.mjs [--photos 1500] [--side 1280] [--sample-every 100] [--parallel 2]
// Runs the upload pipeline of the BUILT server (server/dist/uploads/image-processor.js `processPhoto`: header
// check, auto-rotate, fit 1600 px, mozjpeg, thumbnail, dHash, window hashes) on `--photos` distinct camera-like
// JPEGs, three at a time as the server's decode slots allow, in one child process per variant:
//   default                    sharp as the server runs it (libvips operation cache 50 MB / 100 operations)
//   cache off                  sharp.cache(false)
//   MALLOC_ARENA_MAX=2         glibc keeps at most 2 malloc arenas instead of 8 per core
//   cache off + arenas 2       both
// Each child samples RSS, heap after a full GC, external memory and sharp's cache every `--sample-every`
// photos. It prints the samples per variant and a summary table: RSS medians of the first and the second half
// (a plateau has them close; a leak keeps the second above the first) and the maximum.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchArgs } from './args.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = benchArgs();
const PHOTOS = Number(args.photos ?? 1500);
const SIDE = Number(args.side ?? 1280);
const EVERY = Number(args['sample-every'] ?? 100);
const PARALLEL = Number(args.parallel ?? 2);
const VARIANTS = [
  { name: 'default', env: {}, cache: true },
  { name: 'cache off', env: {}, cache: false },
  { name: 'MALLOC_ARENA_MAX=2', env: { MALLOC_ARENA_MAX: '2' }, cache: true },
  { name: 'cache off + arenas 2', env: { MALLOC_ARENA_MAX: '2' }, cache: false },
].filter((v) => !args.only || args.only.split(',').includes(v.name));

const MB = (b) => Math.round((b / 1048576) * 10) / 10;

if (process.env.PHOTO_MEMORY_CHILD) await child();
else await parent();

async function parent() {
  const dist = join(root, 'server', 'dist', 'uploads', 'image-processor.js');
  if (!existsSync(dist)) throw new Error('build the server first: pnpm -C shared build && pnpm -C server build');
  console.log(
    `photo-memory: ${PHOTOS} photos of ${SIDE}×${Math.round((SIDE * 3) / 4)} per variant, ${PARALLEL} variants at a time; ` +
      `${os.cpus().length} cores, load ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
  );
  const dir = mkdtempSync(join(os.tmpdir(), 'photo-memory-'));
  await makePhotos(dir);
  const results = [];
  const queue = [...VARIANTS];
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      for (let v = queue.shift(); v; v = queue.shift()) results.push(await runVariant(v, dist, dir));
    }),
  );
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(
    '\n| variant | photos | RSS before (MB) | RSS median, first half | RSS median, second half | RSS max | heap after GC at end | sharp cache at end | s |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const v of VARIANTS) {
    const r = results.find((x) => x.name === v.name);
    const s = r.samples;
    const end = s[s.length - 1];
    const firstHalf = s.filter((x) => x.done > 0 && x.done <= PHOTOS / 2).map((x) => x.rss);
    const secondHalf = s.filter((x) => x.done > PHOTOS / 2).map((x) => x.rss);
    console.log(
      `| ${v.name} | ${end.done} | ${MB(s[0].rss)} | ${MB(median(firstHalf))} | ${MB(median(secondHalf))} | ${MB(Math.max(...s.map((x) => x.rss)))} | ` +
        `${MB(end.heapUsed)} | ${MB(end.cacheBytes)} MB, ${end.cacheItems} ops | ${Math.round((end.t - s[0].t) / 1000)} |`,
    );
  }
  rmSync(dir, { recursive: true, force: true });
  console.log(
    `load at the end: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
}

/** 100 distinct camera-like JPEGs (gradients + grain, a numbered block), made once in the parent. */
async function makePhotos(dir) {
  const require = createRequire(join(root, 'server', 'package.json'));
  const sharp = require('sharp');
  const height = Math.round((SIDE * 3) / 4);
  const base = Buffer.alloc(SIDE * height * 3);
  let s = 2654435761;
  for (let i = 0; i < base.length; i++) {
    s = (s * 1664525 + 1013904223) >>> 0;
    const x = (i / 3) % SIDE;
    base[i] = Math.max(0, Math.min(255, ((x * 255) / SIDE + (i % 3) * 60 + (s >>> 27)) % 256));
  }
  for (let n = 0; n < 100; n++) {
    const px = Buffer.from(base);
    for (let y = 0; y < 64; y++) px.fill((n * 37) % 256, (y * SIDE + n * 8) * 3, (y * SIDE + n * 8 + 64) * 3);
    writeFileSync(
      join(dir, `${n}.jpg`),
      await sharp(px, { raw: { width: SIDE, height, channels: 3 } })
        .jpeg({ quality: 90 })
        .toBuffer(),
    );
  }
}

function runVariant(v, dist, dir) {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
      env: {
        ...process.env,
        ...v.env,
        PHOTO_MEMORY_CHILD: '1',
        PHOTO_MEMORY_CACHE: v.cache ? '1' : '0',
        PHOTO_MEMORY_DIST: dist,
        PHOTO_MEMORY_DIR: dir,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    proc.stdout.on('data', (d) => {
      out += d;
      // Live, so a run cut short still shows where memory was going.
      for (const line of String(d).split('\n').filter(Boolean)) {
        try {
          const x = JSON.parse(line);
          console.log(`  [${v.name}] ${x.done} photos: RSS ${MB(x.rss)} MB, heap ${MB(x.heapUsed)} MB, cache ${x.cacheItems} ops`);
        } catch {
          /* a line split across two reads: the summary below has it */
        }
      }
    });
    proc.on('error', reject);
    proc.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`${v.name}: exit ${code}`));
      const samples = out
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l));
      console.log(`\n${v.name}: photos, RSS MB, heap after GC MB, external MB, sharp cache MB/ops`);
      for (const s of samples)
        console.log(`  ${s.done}\t${MB(s.rss)}\t${MB(s.heapUsed)}\t${MB(s.external)}\t${MB(s.cacheBytes)}/${s.cacheItems}`);
      resolve({ name: v.name, samples });
    });
  });
}

async function child() {
  const require = createRequire(join(root, 'server', 'package.json'));
  const sharp = require('sharp');
  if (process.env.PHOTO_MEMORY_CACHE === '0') sharp.cache(false);
  const { processPhoto } = require(process.env.PHOTO_MEMORY_DIST);

  // The inputs were made by the parent; each upload gets its own copy, as a real upload is its own buffer.
  const inputs = readdirSync(process.env.PHOTO_MEMORY_DIR).map((f) => readFileSync(join(process.env.PHOTO_MEMORY_DIR, f)));
  const photo = async (n) => Buffer.from(inputs[n % inputs.length]);

  const sample = (done) => {
    global.gc();
    const m = process.memoryUsage();
    const c = sharp.cache();
    process.stdout.write(
      JSON.stringify({
        done,
        t: Date.now(),
        rss: m.rss,
        heapUsed: m.heapUsed,
        external: m.external,
        cacheBytes: c.memory.current * 1048576,
        cacheItems: c.items.current,
      }) + '\n',
    );
  };
  sample(0);
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: 3 }, async () => {
      while (next < PHOTOS) {
        const n = next++;
        await processPhoto(await photo(n));
        done++;
        if (done % EVERY === 0) sample(done);
      }
    }),
  );
}
