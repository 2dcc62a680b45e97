import sharpLib from 'sharp';
import { cornerPixels, type CornerPixels } from './corner-pixels';
import { isPureRed } from './simulator-rules';

/** The simulator's read before the one-pass version: the size first, then the block. Verdicts must not change. */
async function twoPassRead(image: Buffer): Promise<CornerPixels> {
  const meta = await sharpLib(image, { limitInputPixels: 50_000_000 }).metadata();
  const width = Math.min(8, meta.width ?? 0);
  const height = Math.min(8, meta.height ?? 0);
  if (!width || !height) throw new Error('empty image');
  const { data, info } = await sharpLib(image)
    .removeAlpha()
    .extract({ left: 0, top: 0, width, height })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, channels: info.channels };
}

/** Seeded noise with a `corner`×`corner` block of `rgb` at the top left. */
function noise(width: number, height: number, channels: 3 | 4, corner = 0, rgb = [255, 0, 0]): Buffer {
  const px = Buffer.alloc(width * height * channels);
  let seed = 7;
  for (let i = 0; i < px.length; i++) px[i] = (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 255;
  for (let y = 0; y < Math.min(corner, height); y++)
    for (let x = 0; x < Math.min(corner, width); x++) px.set(rgb.slice(0, channels), (y * width + x) * channels);
  return px;
}

const raw = (width: number, height: number, channels: 3 | 4, corner?: number, rgb?: number[]) =>
  sharpLib(noise(width, height, channels, corner, rgb), { raw: { width, height, channels } });

describe('cornerPixels (the simulator image verdict reads the top-left 8×8 block in one pass)', () => {
  const images: [string, () => Promise<Buffer>, boolean][] = [
    ['a 1600×1200 photo with a red corner', () => raw(1600, 1200, 3, 16).jpeg().toBuffer(), true],
    ['a 1600×1200 photo with an almost red corner', () => raw(1600, 1200, 3, 16, [255, 60, 0]).jpeg().toBuffer(), false],
    ['a 64×64 noise JPEG', () => raw(64, 64, 3).jpeg().toBuffer(), false],
    ['a 3000×40 strip with a red corner', () => raw(3000, 40, 3, 8).jpeg({ quality: 95 }).toBuffer(), true],
    ['a 5×3 red PNG', () => raw(5, 3, 3, 8).png().toBuffer(), true],
    ['a 1×20 PNG', () => raw(1, 20, 3).png().toBuffer(), false],
    ['an RGBA PNG with a red corner', () => raw(40, 30, 4, 8, [250, 10, 10, 0]).png().toBuffer(), true],
    ['a greyscale JPEG', () => raw(100, 100, 3).greyscale().jpeg().toBuffer(), false],
  ];

  it.each(images)('%s: the same pixels and verdict as the two-pass read', async (_name, make, red) => {
    const image = await make();
    const got = await cornerPixels(image);
    expect(got).toEqual(await twoPassRead(image));
    expect(isPureRed(got.data, got.channels)).toBe(red);
  });

  it('refuses what the two-pass read refused: bytes that are not an image, a truncated JPEG, too many pixels', async () => {
    const jpeg = await raw(64, 64, 3).jpeg().toBuffer();
    const huge = await sharpLib({ create: { width: 10_000, height: 5_001, channels: 3, background: 'red' } })
      .png({ compressionLevel: 1 })
      .toBuffer();
    for (const image of [Buffer.from('not an image'), jpeg.subarray(0, 200), huge]) {
      await expect(twoPassRead(image)).rejects.toThrow();
      await expect(cornerPixels(image)).rejects.toThrow();
    }
  });
});
