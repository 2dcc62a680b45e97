// CPU cost of processing one uploaded 4-megapixel photo, per JPEG encoder setting. Not part of the tests.
//   node bench/upload-encode.mjs [--photos 8] [--rounds 3]
// Builds `--photos` camera-like 2304×1728 JPEGs (bench/photos-4mp.mjs: street scenes and grainy shots,
// alternating), then for each variant runs the upload pipeline of
// server/src/uploads/image-processor.ts (auto-rotate, fit 1600 px, flatten, sRGB, JPEG, 320 px thumbnail)
// and reports CPU ms per photo (process.cpuUsage, user+system, so libvips' threads count too), wall ms,
// and the stored size. Variants run interleaved, round by round, so machine load hits them alike.
// The last rows call the whole processPhoto() of the current build (server/dist) per encoder setting.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import os from 'node:os';
import { H, W, photos4mp } from './photos-4mp.mjs';
import { benchArgs } from './args.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'server', 'package.json'));
const sharp = require('sharp');
const args = benchArgs();
const PHOTOS = Number(args.photos ?? 8);
const ROUNDS = Number(args.rounds ?? 3);
const pipeline =
  (jpegOptions, { kernel = 'lanczos3', sequentialRead = false, thumbFrom = 'stored', thumbSide = 320 } = {}) =>
  async (data) => {
    const input = sharp(data, { limitInputPixels: 50_000_000, failOn: 'error', sequentialRead });
    const { data: image } = await input
      .rotate()
      .resize({ width: 1600, height: 1600, fit: 'inside', withoutEnlargement: true, kernel })
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .jpeg(jpegOptions)
      .toBuffer({ resolveWithObject: true });
    const thumb = await sharp(thumbFrom === 'stored' ? image : data)
      .rotate()
      .resize({ width: thumbSide, height: thumbSide, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 75 })
      .toBuffer();
    return { image, thumb };
  };

const TURBO = { quality: 80, optimiseCoding: true };
const variants = [
  ['mozjpeg q80 (before)', pipeline({ quality: 80, mozjpeg: true })],
  ['libjpeg-turbo q80, optimised Huffman', pipeline(TURBO)],
  ['turbo q80 opt., sequentialRead', pipeline(TURBO, { sequentialRead: true })],
  ['turbo q80 opt., mitchell kernel', pipeline(TURBO, { kernel: 'mitchell' })],
  ['turbo q80 opt., linear kernel', pipeline(TURBO, { kernel: 'linear' })],
  ['turbo q80 opt., 4:4:4 chroma', pipeline({ ...TURBO, chromaSubsampling: '4:4:4' })],
  ['turbo q80, no Huffman optimisation', pipeline({ quality: 80, optimiseCoding: false })],
  ['libjpeg-turbo q75', pipeline({ quality: 75, optimiseCoding: true })],
  ['turbo q85 opt.', pipeline({ quality: 85, optimiseCoding: true })],
  ['libjpeg-turbo q80, progressive', pipeline({ quality: 80, progressive: true })],
  [
    'mozjpeg q80 without trellis',
    pipeline({ quality: 80, mozjpeg: true, trellisQuantisation: false, overshootDeringing: false, optimiseScans: false }),
  ],
  ['turbo q80 opt., thumb from the original (shrink-on-load)', pipeline(TURBO, { thumbFrom: 'original' })],
  ['turbo q80 opt., mitchell, sequentialRead', pipeline(TURBO, { kernel: 'mitchell', sequentialRead: true })],
];
{
  // The whole of processPhoto() (checks, encode, thumbnail, SHA-256, dHash, window hashes) of the current build.
  const file = join(root, 'server', 'dist', 'uploads', 'image-processor.js');
  if (existsSync(file)) {
    const { processPhoto, PHOTO_JPEG_ENCODERS } = require(file);
    for (const encoder of PHOTO_JPEG_ENCODERS ?? ['mozjpeg', 'turbo'])
      variants.push([`processPhoto() of server/dist, ${encoder}`, async (data) => processPhoto(data, encoder)]);
  }
}

const photos = await photos4mp(sharp, PHOTOS);
const inputKb = Math.round(photos.reduce((a, p) => a + p.length, 0) / photos.length / 1024);
process.stderr.write(
  `${PHOTOS} photos of ${W}×${H} (${((W * H) / 1e6).toFixed(1)} MP), ~${inputKb} KB each; load ${os.loadavg()[0].toFixed(1)}\n`,
);
sharp.concurrency(1); // one libvips thread: CPU per photo without the thread pool's overlap
const KINDS = ['street', 'grainy']; // photos4mp alternates them
const totals = variants.map(() => KINDS.map(() => ({ cpu: 0, wall: 0, bytes: 0, n: 0 })));
for (const [, run] of variants) await run(photos[0]); // warm-up, not counted: the first variant would pay for loading libvips
for (let round = 0; round < ROUNDS; round++)
  for (const [v, [, run]] of variants.entries())
    for (const [i, p] of photos.entries()) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const out = await run(p);
      const c = process.cpuUsage(c0);
      const t = totals[v][i % 2];
      t.wall += performance.now() - t0;
      t.cpu += (c.user + c.system) / 1000;
      t.bytes += out.image.length;
      t.n++;
    }
const per = (t, k) => t[k] / t.n;
console.log(`| variant | CPU ms / photo | street: CPU ms, stored KB | grainy: CPU ms, stored KB | wall ms / photo |`);
console.log(`| --- | --- | --- | --- | --- |`);
for (const [v, [label]] of variants.entries()) {
  const [st, gr] = totals[v];
  const all = (st.cpu + gr.cpu) / (st.n + gr.n);
  console.log(
    `| ${label} | ${all.toFixed(0)} | ${per(st, 'cpu').toFixed(0)}, ${(per(st, 'bytes') / 1024).toFixed(0)} | ${per(gr, 'cpu').toFixed(0)}, ${(per(gr, 'bytes') / 1024).toFixed(0)} | ${((st.wall + gr.wall) / (st.n + gr.n)).toFixed(0)} |`,
  );
}
process.stderr.write(`load ${os.loadavg()[0].toFixed(1)}\n`);
