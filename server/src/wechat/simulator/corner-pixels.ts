import { sharp } from '../../common/sharp';

/** Larger pictures are judged 'review' (the decoder refuses them), as before the one-pass read. */
const LIMIT_INPUT_PIXELS = 50_000_000;

export interface CornerPixels {
  data: Buffer;
  channels: number;
}

/**
 * The raw pixels (alpha removed) of an image's top-left 8×8 block, or of its whole width or height where that is under
 * 8 px. One decode: libvips reads the picture sequentially and stops after the rows the block needs, so a full-size
 * photo costs about what a thumbnail does. Only an image under 8 px in some direction (the extract fails) is read a
 * second time, with its size asked first. Throws when the image cannot be decoded or exceeds the pixel limit.
 */
export async function cornerPixels(image: Buffer): Promise<CornerPixels> {
  try {
    return await corner(image, 8, 8);
  } catch {
    const meta = await sharp(image, { limitInputPixels: LIMIT_INPUT_PIXELS }).metadata();
    const width = Math.min(8, meta.width ?? 0);
    const height = Math.min(8, meta.height ?? 0);
    if (!width || !height) throw new Error('empty image');
    return corner(image, width, height);
  }
}

async function corner(image: Buffer, width: number, height: number): Promise<CornerPixels> {
  const { data, info } = await sharp(image, { limitInputPixels: LIMIT_INPUT_PIXELS })
    .removeAlpha()
    .extract({ left: 0, top: 0, width, height })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, channels: info.channels };
}
