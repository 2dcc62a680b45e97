import { gridMeans, WHOLE_PICTURE, type GreyPicture, type PictureWindow } from './grey-picture';

/**
 * Window hashes for finding cut-outs of stored photos (docs/domain.md §14 NEW_PICTURE). A crop of a photo
 * has its own whole-picture dHash, so the photo is also hashed in windows: the whole picture and every window
 * of 60, 70 or 80 % of the width by 60, 70 or 80 % of the height at positions in steps of 10 % (145 windows).
 * A cut-out of 60–80 % of each side then lies within a few percent of one of them.
 *
 * The hash is coarse on purpose, so that a window a few percent off still hashes alike: 32 bits, the signs
 * of 16 horizontal differences on a 5×4 grid of means and 16 vertical ones on a 4×5 grid. It only finds
 * candidates; the pixel comparison (cases/evidence/picture-match.ts) decides. Measured on sharp-made scenes:
 * cut-outs of 60–80 % (re-encoded, scaled 0.8–1.1) are within 5 bits of a window of their photo; another
 * place is 5 or more from every window, often more (see window-hashes.spec.ts).
 */
export const WINDOW_SIDES = [0.6, 0.7, 0.8] as const;
export const WINDOW_STEP = 0.1;
/** Largest distance (of 32 bits) at which a window is a candidate; findable exactly through the two 16-bit halves (radius 2 each). */
export const WINDOW_MATCH_MAX_DISTANCE = 5;

export interface WindowHash {
  /** The window in thousandths of the width and height. */
  x: number;
  y: number;
  w: number;
  h: number;
  /** 32-bit hash as an unsigned number. */
  hash: number;
}

/** Windows whose grid means span fewer grey levels than this (a blank wall, the sky) carry no picture and are not hashed. */
const MIN_CONTRAST = 6;

/** The 32-bit coarse gradient hash of a window; null for a featureless window. */
export function windowHash(p: GreyPicture, win: PictureWindow): number | null {
  const across = gridMeans(p, win, 5, 4);
  const down = gridMeans(p, win, 4, 5);
  if (Math.max(...across) - Math.min(...across) < MIN_CONTRAST) return null;
  let bits = 0;
  for (let j = 0; j < 4; j++) for (let i = 0; i < 4; i++) bits = (bits << 1) | (across[j * 5 + i] > across[j * 5 + i + 1] ? 1 : 0);
  for (let j = 0; j < 4; j++) for (let i = 0; i < 4; i++) bits = (bits << 1) | (down[j * 4 + i] > down[(j + 1) * 4 + i] ? 1 : 0);
  return bits >>> 0;
}

/** The windows every photo is hashed in: the whole picture first, then the 144 windows of WINDOW_SIDES. */
export function hashedWindows(): PictureWindow[] {
  const starts = (side: number) => {
    const n = Math.round((1 - side) / WINDOW_STEP);
    return Array.from({ length: n + 1 }, (_, i) => (i / n) * (1 - side));
  };
  const out: PictureWindow[] = [WHOLE_PICTURE];
  for (const w of WINDOW_SIDES)
    for (const h of WINDOW_SIDES) for (const y of starts(h)) for (const x of starts(w)) out.push({ x, y, w, h });
  return out;
}

const WINDOWS = hashedWindows();

/** The window hashes of a photo (from its grey thumbnail), the whole picture first; featureless windows are left out. */
export function windowHashes(p: GreyPicture): WindowHash[] {
  const milli = (v: number) => Math.round(v * 1000);
  return WINDOWS.flatMap((win) => {
    const hash = windowHash(p, win);
    return hash === null ? [] : [{ x: milli(win.x), y: milli(win.y), w: milli(win.w), h: milli(win.h), hash }];
  });
}

/** The two 16-bit halves of a 32-bit hash (the indexed columns). */
export function hashHalves(hash: number): [number, number] {
  return [(hash >>> 16) & 0xffff, hash & 0xffff];
}

export function windowDistance(a: number, b: number): number {
  let x = (a ^ b) >>> 0;
  let n = 0;
  while (x) {
    x &= x - 1;
    n++;
  }
  return n;
}
