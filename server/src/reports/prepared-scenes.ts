import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEFAULT_PHOTO_JPEG_ENCODER, processPhoto, type PhotoJpegEncoder, type ProcessedPhoto } from '../uploads/image-processor';
import type { PhotosService, StoreOptions } from '../uploads/photos.service';
import type { Photo } from '../uploads/photo.entity';
import { sceneJpeg } from './scene-image';

/**
 * The demo's pictures, drawn and processed once per build. `processPhoto(sceneJpeg(seed))` is a pure function of the
 * seed and the encoder, and drawing and processing the demo's ~90 pictures was more than half of the demo seed's CPU
 * (docs/performance.md, "Boot, eighth round"), so `pnpm run build` writes their outcome (stored JPEG, thumbnail,
 * hashes) next to the bundle (scripts/prepare-demo-scenes.mjs) and the seed stores those. A seed or an encoder the
 * build did not prepare, a missing or damaged file, is computed as before: the records always describe the bytes stored.
 */

/** The scene seeds the demo seed draws (reports, their resolve and on-site photos, inspection findings). */
export const DEMO_SCENE_SEEDS: readonly number[] = [
  ...Array.from({ length: 58 }, (_, i) => 1 + i),
  ...[7, 11, 12, 13, 14, 20, 21, 25, 26, 28, 34, 35, 39, 40, 41, 42].map((caseId) => 10_000 + caseId),
  20_035,
  ...Array.from({ length: 10 }, (_, i) => 60_000 + i),
];

/** Everything of a processed picture but its bytes; windows as [x, y, w, h, hash]. */
interface PreparedEntry {
  width: number;
  height: number;
  sha256: string;
  phash: string;
  windows: [number, number, number, number, number][];
}

/** Where the build writes them: beside the process's entry (dist/main.js), which the bundle and tsc's modules share. */
export function preparedScenesDir(encoder: PhotoJpegEncoder): string | null {
  const entry = require.main?.filename;
  return entry ? join(dirname(entry), 'demo-scenes', encoder) : null;
}

/** Writes the processed pictures of `seeds` into `dir`: `<seed>.jpg`, `<seed>_t.jpg` and `index.json`. */
export async function writePreparedScenes(dir: string, seeds: readonly number[], encoder = DEFAULT_PHOTO_JPEG_ENCODER): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const index: Record<number, PreparedEntry> = {};
  for (const seed of seeds) {
    const p = await processPhoto(await sceneJpeg(seed), encoder);
    writeFileSync(join(dir, `${seed}.jpg`), p.image);
    writeFileSync(join(dir, `${seed}_t.jpg`), p.thumb);
    const windows = p.windows.map((w): PreparedEntry['windows'][number] => [w.x, w.y, w.w, w.h, w.hash]);
    index[seed] = { width: p.width, height: p.height, sha256: p.sha256, phash: p.phash, windows };
  }
  writeFileSync(join(dir, 'index.json'), JSON.stringify(index));
}

const indexes = new Map<string, Record<string, PreparedEntry> | null>();

function indexOf(dir: string): Record<string, PreparedEntry> | null {
  if (!indexes.has(dir)) {
    const file = join(dir, 'index.json');
    indexes.set(dir, existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, PreparedEntry>) : null);
  }
  return indexes.get(dir)!;
}

/** The prepared picture of a seed, when `dir` has it and its stored bytes still hash as recorded. */
export function preparedScene(dir: string | null, seed: number): ProcessedPhoto | null {
  const entry = dir ? indexOf(dir)?.[seed] : undefined;
  if (!dir || !entry) return null;
  try {
    const image = readFileSync(join(dir, `${seed}.jpg`));
    if (createHash('sha256').update(image).digest('hex') !== entry.sha256) return null;
    const windows = entry.windows.map(([x, y, w, h, hash]) => ({ x, y, w, h, hash }));
    const none = { takenAt: null, gpsLat: null, gpsLng: null }; // sceneJpeg writes no EXIF
    return { ...entry, image, thumb: readFileSync(join(dir, `${seed}_t.jpg`)), windows, exif: none };
  } catch {
    return null;
  }
}

/** Stores the picture `sceneJpeg(seed)` as uploaded by `ownerUserId` (demo data): prepared by the build, or made now. */
export async function storeDemoScene(photos: PhotosService, seed: number, ownerUserId: number, opts: StoreOptions = {}): Promise<Photo> {
  const encoder = photos.encoder;
  const processed = preparedScene(preparedScenesDir(encoder), seed) ?? (await processPhoto(await sceneJpeg(seed), encoder));
  return photos.storeProcessed(ownerUserId, processed, opts);
}
