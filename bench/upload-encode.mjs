// CPU cost of processing one uploaded 4-megapixel photo, per JPEG encoder setting. Not part of the tests.
//   node bench/upload-encode.mjs [--photos 8] [--rounds 3]
// Builds `--photos` camera-like 2304×1728 JPEGs (q92, smooth gradients + seeded grain, so the encoder
// has real detail to code), then for each variant runs the upload pipeline of
// server/src/uploads/image-processor.ts (auto-rotate, fit 1600 px, flatten, sRGB, JPEG, 320 px thumbnail)
// and reports CPU ms per photo (process.cpuUsage, user+system, so libvips' threads count too), wall ms,
// and the stored size. Variants run interleaved, round by round, so machine load hits them alike.
// The last rows call processPhoto() of the two builds (server/dist-main = before, server/dist = now).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import os from 'node:os';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'server', 'package.json'));
const sharp = require('sharp');
const args = Object.fromEntries(
  process.argv.slice(2).reduce((a, v, i, all) => (v.startsWith('--') ? [...a, [v.slice(2), all[i + 1]]] : a), []),
);
const PHOTOS = Number(args.photos ?? 8);
const ROUNDS = Number(args.rounds ?? 3);
const W = 2304;
const H = 1728;

function cameraLike(seed) {
  const px = Buffer.alloc(W * H * 3);
  let s = (seed * 2654435761) >>> 0;
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      s = (s * 1664525 + 1013904223) >>> 0;
      const grain = (s >>> 27) - 16; // ±16
      const i = (y * W + x) * 3;
      px[i] = Math.max(0, Math.min(255, (((x * 255) / W + seed * 37) % 256) + grain));
      px[i + 1] = Math.max(0, Math.min(255, ((y * 255) / H) * 0.8 + 30 + grain));
      px[i + 2] = Math.max(0, Math.min(255, 128 + 100 * Math.sin((x + y + seed * 50) / 90) + grain));
    }
  return sharp(px, { raw: { width: W, height: H, channels: 3 } })
    .jpeg({ quality: 92 })
    .toBuffer();
}

const pipeline = (jpegOptions) => async (data) => {
  const { data: image } = await sharp(data, { limitInputPixels: 50_000_000, failOn: 'error' })
    .rotate()
    .resize({ width: 1600, height: 1600, fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .toColourspace('srgb')
    .jpeg(jpegOptions)
    .toBuffer({ resolveWithObject: true });
  const thumb = await sharp(image)
    .resize({ width: 320, height: 320, fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: 75 })
    .toBuffer();
  return { image, thumb };
};

const variants = [
  ['mozjpeg q80 (before)', pipeline({ quality: 80, mozjpeg: true })],
  ['libjpeg-turbo q80, optimised Huffman', pipeline({ quality: 80 })],
  ['libjpeg-turbo q80, progressive', pipeline({ quality: 80, progressive: true })],
  ['libjpeg-turbo q75', pipeline({ quality: 75 })],
  [
    'mozjpeg q80 without trellis',
    pipeline({ quality: 80, mozjpeg: true, trellisQuantisation: false, overshootDeringing: false, optimiseScans: false }),
  ],
];
for (const [label, dir] of [
  ['processPhoto() of server/dist-main (before)', 'dist-main'],
  ['processPhoto() of server/dist (now)', 'dist'],
]) {
  const file = join(root, 'server', dir, 'uploads', 'image-processor.js');
  if (existsSync(file)) variants.push([label, async (data) => require(file).processPhoto(data)]);
}

const photos = [];
for (let i = 0; i < PHOTOS; i++) photos.push(await cameraLike(i + 1));
const inputKb = Math.round(photos.reduce((a, p) => a + p.length, 0) / photos.length / 1024);
process.stderr.write(
  `${PHOTOS} photos of ${W}×${H} (${((W * H) / 1e6).toFixed(1)} MP), ~${inputKb} KB each; load ${os.loadavg()[0].toFixed(1)}\n`,
);
sharp.concurrency(1); // one libvips thread: CPU per photo without the thread pool's overlap
const totals = variants.map(() => ({ cpu: 0, wall: 0, bytes: 0, n: 0 }));
for (let round = 0; round < ROUNDS; round++)
  for (const [v, [, run]] of variants.entries())
    for (const p of photos) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const out = await run(p);
      const c = process.cpuUsage(c0);
      totals[v].wall += performance.now() - t0;
      totals[v].cpu += (c.user + c.system) / 1000;
      totals[v].bytes += out.image.length;
      totals[v].n++;
    }
console.log(`| variant | CPU ms / photo | wall ms / photo | stored KB |`);
console.log(`| --- | --- | --- | --- |`);
for (const [v, [label]] of variants.entries()) {
  const t = totals[v];
  console.log(`| ${label} | ${(t.cpu / t.n).toFixed(0)} | ${(t.wall / t.n).toFixed(0)} | ${(t.bytes / t.n / 1024).toFixed(0)} |`);
}
process.stderr.write(`load ${os.loadavg()[0].toFixed(1)}\n`);
