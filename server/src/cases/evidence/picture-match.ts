import { hammingDistanceWords } from '@sansui/shared';
import { greyPicture, gridMeans, type GreyPicture } from '../../uploads/grey-picture';

export { greyPicture, type GreyPicture };

/**
 * Crop-tolerant "same picture" test for a handful of known photos (a case's before-photos), docs/domain.md §14
 * NEW_PICTURE. The whole-picture perceptual hash (uploads/phash.ts) catches re-encodes and resizes through
 * the index; a cut-out of a photo has a different whole-picture hash. So for the case's own photos this
 * searches the other picture for windows (45–100 % of each side, any position) whose 9×8 difference hash
 * is close to the candidate's, then refines the best few by the correlation of 24×24 means, which decides.
 * Works on the 320 px thumbnails; a search takes a few tens of milliseconds. Other cases' photos are found
 * through the window hashes (uploads/window-hashes.ts) and judged by the stricter `isCutOut`.
 */

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

/**
 * For another case's photo (found through the window hashes) a correlation is not enough: pictures made from
 * one template — a flat colour, a frame and a caption that differs — correlate ≥ 0.98 too. A true cut-out
 * differs from its window a little everywhere; such a picture differs a lot in one place (the caption). So the
 * largest difference of the 32×32 means, each side standardised, must stay small. Measured on sharp-made scenes
 * and the browser suites' pictures: cut-outs and re-encodes ≤ 1.7; template pictures with another caption ≥ 2.4.
 */
export const CUT_OUT_MAX_CELL_DIFFERENCE = 2.1;

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

/** The largest difference of the standardised 32×32 means of `part` and the window of `whole`. */
export function largestCellDifference(part: GreyPicture, whole: GreyPicture, win: CropMatch['window']): number {
  const a = standardised(gridMeans(part, FULL, 32, 32));
  const b = standardised(gridMeans(whole, win, 32, 32));
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

function standardised(v: Float64Array): Float64Array {
  let mean = 0;
  for (const x of v) mean += x;
  mean /= v.length;
  let sq = 0;
  for (const x of v) sq += (x - mean) ** 2;
  const sd = Math.sqrt(sq / v.length) || 1;
  return v.map((x) => (x - mean) / sd);
}

/**
 * Whether `part` is cut out of `whole` (or is all of it, re-encoded), by the strict test used for other
 * cases' photos: the best window correlates at CROP_MIN_CORRELATION and no cell differs by more than
 * CUT_OUT_MAX_CELL_DIFFERENCE.
 */
export function isCutOut(part: GreyPicture, whole: GreyPicture): boolean {
  const m = bestWindow(part, whole);
  return m.correlation >= CROP_MIN_CORRELATION && largestCellDifference(part, whole, m.window) <= CUT_OUT_MAX_CELL_DIFFERENCE;
}

/** Whether one picture is the other, or cut out of it (either way round). */
export function isSamePicture(a: GreyPicture, b: GreyPicture): boolean {
  const same = (m: CropMatch) => m.correlation >= CROP_MIN_CORRELATION;
  return same(bestWindow(a, b)) || same(bestWindow(b, a));
}
