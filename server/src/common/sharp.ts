import type { Sharp, SharpInput, SharpOptions } from 'sharp';

type SharpFunction = ((input: SharpInput, options?: SharpOptions) => Sharp) & { cache(options: boolean): unknown };
let loaded: SharpFunction | undefined;

/**
 * sharp, loaded with its native libvips on the first picture instead of at boot: loading it was ~5–8 % of a restart's
 * CPU (docs/performance.md, "Boot, eighth round"), and a restarted server may serve its first photo much later.
 * Takes an input (a buffer or a path) and options, as every caller here does.
 *
 * libvips' operation cache is off: it answers only an operation repeated on the same input, and the pictures here are
 * new buffers (uploads, photos fetched to check, demo drawings). Its bookkeeping cost the simulator's 8×8 verdict read
 * 1.17 → 0.68 ms of CPU a picture; uploads measured the same without it (docs/performance.md, "Report intake,
 * thirteenth round"), and it held up to 50 MB of decoded images.
 */
export function sharp(input: SharpInput, options?: SharpOptions): Sharp {
  if (!loaded) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, not at boot (see above)
    loaded = require('sharp') as SharpFunction;
    loaded.cache(false);
  }
  return loaded(input, options);
}
