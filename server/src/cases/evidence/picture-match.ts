import { hammingDistanceWords } from '@sansui/shared';
import sharp from 'sharp';

/**
 * Crop-tolerant "same picture" test for a handful of known photos (a case's before-photos), docs/domain.md §14
 * NEW_PICTURE. The whole-picture perceptual hash (uploads/phash.ts) catches re-encodes and resizes through
 * the index; a cut-out of a photo has a different whole-picture hash. So for the case's own photos this
 * searches the other picture for windows (45–100 % of each side, any position) whose 9×8 difference hash
 * is close to the candidate's, then refines the best few by the correlation of 24×24 means, which decides.
 * Works on the 320 px thumbnails; a search takes a few tens of milliseconds.
 */

/** A greyscale picture with its summed-area table (so any window's mean costs four lookups). */
export interface GreyPicture {
  width: number;
  height: number;
  sums: Float64Array;
}

export interface CropMatch {
  /** Hamming distance of the 64-bit difference hashes at the best window. */
  distance: number;
  /** Pearson correlation of the 24×24 means of the window and the candidate (1 = same). */
  correlation: number;
  /** The window, as fractions of the larger picture. */
  window: { x: number; y: number; w: number; h: number };
}

/**
 * A window correlating this well with the candidate is the same picture. Measured on sharp-made scenes
 * (testing/evidence-images.ts): re-encodes and cut-outs ≥ 0.993; a new shot of the same spot (other grain,
 * light, framing, litter) 0.65–0.965; another place < 0.5.
 */
export const CROP_MIN_CORRELATION = 0.98;
const MIN_SIDE = 0.45;

export async function greyPicture(image: Buffer): Promise<GreyPicture> {
  const { data, info } = await sharp(image)
    .resize(320, 320, { fit: 'inside', withoutEnlargement: true })
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const { width, height, channels } = info;
  const W = width + 1;
  const sums = new Float64Array(W * (height + 1));
  for (let y = 0; y < height; y++) {
    let row = 0;
    for (let x = 0; x < width; x++) {
      row += data[(y * width + x) * channels];
      sums[(y + 1) * W + x + 1] = sums[y * W + x + 1] + row;
    }
  }
  return { width, height, sums };
}

/** Means of a cols × rows grid over the window (fractions of the picture). */
function gridMeans(p: GreyPicture, win: CropMatch['window'], cols: number, rows: number): Float64Array {
  const W = p.width + 1;
  const out = new Float64Array(cols * rows);
  const x0 = win.x * p.width;
  const y0 = win.y * p.height;
  const ww = win.w * p.width;
  const hh = win.h * p.height;
  for (let j = 0; j < rows; j++) {
    const Y0 = Math.min(p.height - 1, Math.round(y0 + (hh * j) / rows));
    const Y1 = Math.max(Y0 + 1, Math.min(p.height, Math.round(y0 + (hh * (j + 1)) / rows)));
    for (let i = 0; i < cols; i++) {
      const X0 = Math.min(p.width - 1, Math.round(x0 + (ww * i) / cols));
      const X1 = Math.max(X0 + 1, Math.min(p.width, Math.round(x0 + (ww * (i + 1)) / cols)));
      const s = p.sums;
      out[j * cols + i] = (s[Y1 * W + X1] - s[Y0 * W + X1] - s[Y1 * W + X0] + s[Y0 * W + X0]) / ((X1 - X0) * (Y1 - Y0));
    }
  }
  return out;
}

/** 64-bit difference hash of the window, as two 32-bit halves. */
function dhash(p: GreyPicture, win: CropMatch['window']): [number, number] {
  const m = gridMeans(p, win, 9, 8);
  let hi = 0;
  let lo = 0;
  for (let j = 0; j < 8; j++)
    for (let i = 0; i < 8; i++) {
      const bit = m[j * 9 + i] > m[j * 9 + i + 1] ? 1 : 0;
      if (j < 4) hi = ((hi << 1) | bit) >>> 0;
      else lo = ((lo << 1) | bit) >>> 0;
    }
  return [hi, lo];
}

function correlation(a: Float64Array, b: Float64Array): number {
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < a.length; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= a.length;
  mb /= b.length;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] - ma;
    const y = b[i] - mb;
    ab += x * y;
    aa += x * x;
    bb += y * y;
  }
  return aa === 0 || bb === 0 ? 0 : ab / Math.sqrt(aa * bb);
}

const FULL = { x: 0, y: 0, w: 1, h: 1 };
const valid = (w: CropMatch['window']) =>
  w.x >= 0 && w.y >= 0 && w.w >= MIN_SIDE && w.h >= MIN_SIDE && w.x + w.w <= 1.0001 && w.y + w.h <= 1.0001;

/** The window of `whole` that best matches all of `part` (is `part` cut out of `whole`?). */
export function bestWindow(part: GreyPicture, whole: GreyPicture): CropMatch {
  const target = dhash(part, FULL);
  const climbGrid = gridMeans(part, FULL, 16, 16);
  const finalGrid = gridMeans(part, FULL, 24, 24);
  // Coarse: sides in steps of 10 %, positions in steps of 4 % of the picture.
  const coarse: { d: number; win: CropMatch['window'] }[] = [];
  for (let h = 1; h >= MIN_SIDE; h -= 0.1)
    for (let w = 1; w >= MIN_SIDE; w -= 0.1) {
      const nx = Math.round((1 - w) / 0.04);
      const ny = Math.round((1 - h) / 0.04);
      for (let iy = 0; iy <= ny; iy++)
        for (let ix = 0; ix <= nx; ix++) {
          const win = { x: nx ? (ix / nx) * (1 - w) : 0, y: ny ? (iy / ny) * (1 - h) : 0, w, h };
          coarse.push({ d: hammingDistanceWords(dhash(whole, win), target), win });
        }
    }
  coarse.sort((a, b) => a.d - b.d);
  let best: CropMatch = { distance: 64, correlation: -1, window: FULL };
  for (const start of coarse.slice(0, 4)) {
    // Refine by hill climbing on the correlation of 16×16 means, then of 24×24 means with finer steps.
    let win = climb(whole, start.win, climbGrid, 16, 0.02, 0.004);
    win = climb(whole, win, finalGrid, 24, 0.004, 0.001);
    const final = correlation(gridMeans(whole, win, 24, 24), finalGrid);
    if (final > best.correlation) best = { distance: hammingDistanceWords(dhash(whole, win), target), correlation: final, window: win };
  }
  return best;
}

/** Moves and resizes the window while the correlation improves, halving the step when no neighbour is better. */
function climb(
  whole: GreyPicture,
  start: CropMatch['window'],
  target: Float64Array,
  n: number,
  from: number,
  to: number,
): CropMatch['window'] {
  let win = start;
  let score = correlation(gridMeans(whole, win, n, n), target);
  for (let step = from, moves = 0; step >= to && moves < 60; moves++) {
    let moved = false;
    for (const [dx, dy, dw, dh] of [
      [step, 0, 0, 0],
      [-step, 0, 0, 0],
      [0, step, 0, 0],
      [0, -step, 0, 0],
      [0, 0, step, 0],
      [0, 0, -step, 0],
      [0, 0, 0, step],
      [0, 0, 0, -step],
      [0, 0, step, step],
      [0, 0, -step, -step],
    ]) {
      const next = { x: win.x + dx, y: win.y + dy, w: win.w + dw, h: win.h + dh };
      if (!valid(next)) continue;
      const s = correlation(gridMeans(whole, next, n, n), target);
      if (s > score) {
        score = s;
        win = next;
        moved = true;
      }
    }
    if (!moved) step /= 2;
  }
  return win;
}

/** Whether one picture is the other, or cut out of it (either way round). */
export function isSamePicture(a: GreyPicture, b: GreyPicture): boolean {
  const same = (m: CropMatch) => m.correlation >= CROP_MIN_CORRELATION;
  return same(bestWindow(a, b)) || same(bestWindow(b, a));
}
