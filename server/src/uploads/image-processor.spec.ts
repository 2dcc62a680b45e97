import { hammingDistance } from '@sansui/shared';
import sharp from 'sharp';
import { buildConfig } from '../config/app-config';
import { DEFAULT_PHOTO_JPEG_ENCODER, processPhoto } from './image-processor';

/** A camera-like photo: gradients with seeded grain, so the encoders have detail to code (as bench/upload-encode.mjs). */
async function cameraPhoto(width = 2000, height = 1500): Promise<Buffer> {
  const px = Buffer.alloc(width * height * 3);
  let seed = 12345;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      seed = (seed * 1664525 + 1013904223) >>> 0;
      const grain = (seed >>> 24) % 40;
      const i = (y * width + x) * 3;
      px[i] = (x * 255) / width / 1.3 + grain;
      px[i + 1] = (y * 255) / height / 1.3 + grain;
      px[i + 2] = 90 + grain;
    }
  return sharp(px, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 92 })
    .toBuffer();
}

describe('PHOTO_JPEG_ENCODER: the encoder of the stored 1600 px copy', () => {
  let original: Buffer;
  beforeAll(async () => {
    original = await cameraPhoto();
  });

  it('libjpeg-turbo (the default) writes a baseline JPEG, larger than mozjpeg’s progressive one of the same picture', async () => {
    const byDefault = await processPhoto(original);
    const moz = await processPhoto(original, 'mozjpeg');
    const turbo = await processPhoto(original, 'turbo');
    expect(byDefault.sha256).toBe(turbo.sha256);
    expect(turbo.sha256).not.toBe(moz.sha256);
    expect((await sharp(moz.image).metadata()).isProgressive).toBe(true);
    expect((await sharp(turbo.image).metadata()).isProgressive).toBe(false);
    expect(moz.image.length).toBeLessThan(turbo.image.length);
    // Same picture either way: its size, and its perceptual hash within a few bits.
    expect(hammingDistance(moz.phash, turbo.phash)).toBeLessThanOrEqual(4);
    expect([turbo.width, turbo.height]).toEqual([1600, 1200]);
    expect([moz.width, moz.height]).toEqual([1600, 1200]);
  });

  it('keeps the stored copy of a grainy 3 MP photo within 1600 px and 400 KB with either encoder (what a resident downloads on 4G)', async () => {
    for (const encoder of ['mozjpeg', 'turbo'] as const) {
      const stored = await processPhoto(original, encoder);
      expect(Math.max(stored.width, stored.height)).toBe(1600);
      expect(stored.image.length).toBeLessThan(400 * 1024);
      expect(stored.thumb.length).toBeLessThan(40 * 1024);
    }
  });

  it('is read from the environment, defaults to turbo (as processPhoto does) and refuses anything else', () => {
    expect(buildConfig({}).photoJpegEncoder).toBe('turbo');
    expect(buildConfig({}).photoJpegEncoder).toBe(DEFAULT_PHOTO_JPEG_ENCODER);
    expect(buildConfig({ PHOTO_JPEG_ENCODER: 'mozjpeg' }).photoJpegEncoder).toBe('mozjpeg');
    expect(buildConfig({ PHOTO_JPEG_ENCODER: 'turbo' }).photoJpegEncoder).toBe('turbo');
    expect(() => buildConfig({ PHOTO_JPEG_ENCODER: 'png' })).toThrow(/PHOTO_JPEG_ENCODER/);
  });
});
