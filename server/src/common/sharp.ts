import type { Sharp, SharpInput, SharpOptions } from 'sharp';

type SharpFunction = (input: SharpInput, options?: SharpOptions) => Sharp;
let loaded: SharpFunction | undefined;

/**
 * sharp, loaded with its native libvips on the first picture instead of at boot: loading it was ~5–8 % of a restart's
 * CPU (docs/performance.md, "Boot, eighth round"), and a restarted server may serve its first photo much later.
 * Takes an input (a buffer or a path) and options, as every caller here does.
 */
export function sharp(input: SharpInput, options?: SharpOptions): Sharp {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, not at boot (see above)
  loaded ??= require('sharp') as SharpFunction;
  return loaded(input, options);
}
