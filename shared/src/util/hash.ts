/** Number of set bits of a 32-bit integer. */
export function popcount32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Differing bits of two 64-bit values held as [high 32 bits, low 32 bits]. */
export function hammingDistanceWords(a: readonly [number, number], b: readonly [number, number]): number {
  return popcount32((a[0] ^ b[0]) >>> 0) + popcount32((a[1] ^ b[1]) >>> 0);
}

const HASH64 = /^[0-9a-f]{16}$/i;

/** Differing bits of two 64-bit hashes (perceptual photo hashes) given as 16 hex digits; throws on anything else. */
export function hammingDistance(a: string, b: string): number {
  return hammingDistanceWords(hexWords(a), hexWords(b));
}

function hexWords(hex: string): [number, number] {
  if (!HASH64.test(hex)) throw new Error(`not a 64-bit hex hash: ${hex}`);
  return [parseInt(hex.slice(0, 8), 16), parseInt(hex.slice(8), 16)];
}
