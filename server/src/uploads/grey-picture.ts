import { sharp } from '../common/sharp';

/** A greyscale picture with its summed-area table (so any window's mean costs four lookups). */
export interface GreyPicture {
  width: number;
  height: number;
  sums: Float64Array;
}

/** A window of a picture, as fractions of its width and height. */
export interface PictureWindow {
  x: number;
  y: number;
  w: number;
  h: number;
}

export const WHOLE_PICTURE: PictureWindow = { x: 0, y: 0, w: 1, h: 1 };

/** The picture shrunk to fit 320 px (the thumbnail size), in grey, with its summed-area table. */
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

/** Means of a cols × rows grid over the window. */
export function gridMeans(p: GreyPicture, win: PictureWindow, cols: number, rows: number): Float64Array {
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
