import { sharp } from '../common/sharp';

/**
 * 64-bit difference hash (dHash): the image shrunk to 9×8 greyscale, one bit per horizontal
 * neighbour pair (left brighter than right). Re-encoding, resizing or a small change of brightness
 * keeps most bits; a different scene flips about half of them.
 */
export async function dHash(image: Buffer): Promise<string> {
  const px = await sharp(image).greyscale().resize(9, 8, { fit: 'fill', kernel: 'lanczos3' }).raw().toBuffer();
  let bits = 0n;
  for (let row = 0; row < 8; row++) {
    for (let col = 0; col < 8; col++) {
      bits = (bits << 1n) | (px[row * 9 + col] > px[row * 9 + col + 1] ? 1n : 0n);
    }
  }
  return bits.toString(16).padStart(16, '0');
}

/** The four 16-bit blocks of a 16-hex-digit hash, most significant first (the phashBlock0..3 columns). */
export function hashBlocks(hex: string): [number, number, number, number] {
  assertHash(hex);
  return [0, 1, 2, 3].map((i) => parseInt(hex.slice(i * 4, i * 4 + 4), 16)) as [number, number, number, number];
}

/** Every 16-bit value within `radius` bits of `value` (radius 0 → 1 value, 1 → 17, 2 → 137). */
export function neighbours16(value: number, radius: number): number[] {
  const out = [value];
  let frontier = [value];
  const seen = new Set(out);
  for (let r = 0; r < radius; r++) {
    const next: number[] = [];
    for (const v of frontier) {
      for (let bit = 0; bit < 16; bit++) {
        const w = v ^ (1 << bit);
        if (!seen.has(w)) {
          seen.add(w);
          next.push(w);
          out.push(w);
        }
      }
    }
    frontier = next;
  }
  return out;
}

function assertHash(hex: string): void {
  if (!/^[0-9a-f]{16}$/i.test(hex)) throw new Error(`not a 64-bit hex hash: ${hex}`);
}
