import { createHash } from 'node:crypto';
import exifReader from 'exif-reader';
import type { JpegOptions, KernelEnum, Metadata, OutputInfo } from 'sharp';
import { sharp } from '../common/sharp';
import { AppException } from '../common/errors/app-exception';
import { greyPicture } from './grey-picture';
import { dHash } from './phash';
import { windowHashes, type WindowHash } from './window-hashes';

/** Upload limits (docs/domain.md §11). */
export const PHOTO_LIMITS = {
  maxBytes: 10 * 1024 * 1024,
  /** Decompression bombs: refused from the header, before any pixel is decoded. */
  maxPixels: 50_000_000,
  maxSide: 12_000,
  minSide: 64,
  /** Stored image: longest side, JPEG quality. */
  storedMaxSide: 1600,
  storedQuality: 80,
  thumbSide: 320,
  thumbQuality: 75,
} as const;

export type PhotoJpegEncoder = 'mozjpeg' | 'turbo';

/** How the stored copy is made: the JPEG encoder's settings and the kernel that shrinks the photo to 1600 px. */
export interface StoredEncoding {
  jpeg: JpegOptions;
  kernel: keyof KernelEnum;
  /** Read the photo top to bottom once instead of randomly (less memory and CPU; the same pixels). */
  sequentialRead: boolean;
}

/**
 * The stored copy's settings per PHOTO_JPEG_ENCODER, chosen from measured CPU and size on 4 MP street and grainy
 * photos (bench/upload-encode.mjs, table and trade-off in docs/performance.md):
 * - turbo (the default): libjpeg-turbo q80 with optimised Huffman tables, shrunk with the Mitchell kernel — ~70 ms of
 *   CPU per 4 MP photo for the encode; Mitchell costs less than Lanczos-3 and does not sharpen sensor grain, so the
 *   file is also ~15 % smaller than turbo's with Lanczos-3;
 * - mozjpeg: q80 with trellis quantisation and optimised scans, Lanczos-3 — 20–30 % smaller files for ~3× the CPU
 *   (~230 ms), for a deployment short of storage or bandwidth rather than CPU.
 */
export const STORED_ENCODING: Record<PhotoJpegEncoder, StoredEncoding> = {
  turbo: { jpeg: { quality: PHOTO_LIMITS.storedQuality, optimiseCoding: true }, kernel: 'mitchell', sequentialRead: true },
  mozjpeg: { jpeg: { quality: PHOTO_LIMITS.storedQuality, mozjpeg: true }, kernel: 'lanczos3', sequentialRead: false },
};

/**
 * The stored copy's encoder when PHOTO_JPEG_ENCODER is not set (config/app-config.ts has the same default). The demo
 * seed's recorded picture comparisons (reports/reports-demo-verdicts.ts) are keyed by the bytes this encoder stores:
 * changing it means re-recording them (reports-demo-verdicts.record.int-spec.ts).
 */
export const DEFAULT_PHOTO_JPEG_ENCODER: PhotoJpegEncoder = 'turbo';

export type SniffedType = 'jpeg' | 'png' | 'webp';

/**
 * The type from the first bytes, never from the file name or the declared mime type.
 * HEIC/HEIF is recognised but refused: sharp's prebuilt libvips decodes AVIF only, not HEVC-coded
 * HEIC (WeChat's chooseMedia with sizeType "compressed" hands over JPEG anyway).
 */
export function sniffImageType(data: Buffer): SniffedType | 'heic' | null {
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'jpeg';
  if (data.length >= 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (data.length >= 12 && data.toString('latin1', 0, 4) === 'RIFF' && data.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  if (
    data.length >= 12 &&
    data.toString('latin1', 4, 8) === 'ftyp' &&
    /^(heic|heix|hevc|hevx|heim|heis|mif1|msf1)$/.test(data.toString('latin1', 8, 12))
  )
    return 'heic';
  return null;
}

export interface ExifLocation {
  takenAt: Date | null;
  gpsLat: number | null;
  gpsLng: number | null;
}

export interface ProcessedPhoto {
  image: Buffer;
  thumb: Buffer;
  width: number;
  height: number;
  sha256: string;
  phash: string;
  /** Hashes of the whole picture and its windows, for finding cut-outs (window-hashes.ts). */
  windows: WindowHash[];
  exif: ExifLocation;
}

/**
 * Checks and re-encodes an uploaded image: magic bytes, header dimensions (before decoding), then
 * auto-rotate by EXIF orientation, fit into 1600 px, JPEG q80 with every metadata block dropped
 * (EXIF, GPS, ICC, XMP), a 320 px thumbnail, SHA-256 of the stored bytes, a dHash and the window hashes.
 */
export async function processPhoto(data: Buffer, encoder: PhotoJpegEncoder = DEFAULT_PHOTO_JPEG_ENCODER): Promise<ProcessedPhoto> {
  await decodeSlots.acquire();
  try {
    return await checkAndEncode(data, STORED_ENCODING[encoder]);
  } finally {
    decodeSlots.release();
  }
}

/**
 * At most a few full decodes at once per process: a 50-megapixel photo takes ~150 MB while decoded,
 * so a burst of uploads must queue rather than exhaust memory.
 */
class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];
  constructor(n: number) {
    this.free = n;
  }
  acquire(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}
const decodeSlots = new Slots(3);

async function checkAndEncode(data: Buffer, stored: StoredEncoding): Promise<ProcessedPhoto> {
  if (data.length === 0) throw new AppException('FILE_REQUIRED');
  if (data.length > PHOTO_LIMITS.maxBytes) throw new AppException('PHOTO_TOO_LARGE');
  const type = sniffImageType(data);
  if (type === null || type === 'heic') throw new AppException('PHOTO_TYPE_UNSUPPORTED');

  let meta: Metadata;
  try {
    meta = await sharp(data, { limitInputPixels: false }).metadata(); // header only: no pixels decoded
  } catch {
    throw new AppException('PHOTO_CORRUPT');
  }
  const { width = 0, height = 0 } = meta;
  if (!width || !height) throw new AppException('PHOTO_CORRUPT');
  if (width > PHOTO_LIMITS.maxSide || height > PHOTO_LIMITS.maxSide || width * height > PHOTO_LIMITS.maxPixels)
    throw new AppException('PHOTO_DIMENSIONS_TOO_LARGE');
  if (width < PHOTO_LIMITS.minSide || height < PHOTO_LIMITS.minSide) throw new AppException('PHOTO_DIMENSIONS_TOO_SMALL');
  if ((meta.pages ?? 1) > 1) throw new AppException('PHOTO_TYPE_UNSUPPORTED'); // animated WebP/PNG

  let image: Buffer;
  let info: OutputInfo;
  try {
    ({ data: image, info } = await sharp(data, {
      limitInputPixels: PHOTO_LIMITS.maxPixels,
      failOn: 'error',
      sequentialRead: stored.sequentialRead,
    })
      .rotate() // auto-orient from EXIF, then the orientation tag is gone with the rest of the metadata
      .resize({
        width: PHOTO_LIMITS.storedMaxSide,
        height: PHOTO_LIMITS.storedMaxSide,
        fit: 'inside',
        withoutEnlargement: true,
        kernel: stored.kernel,
      })
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .jpeg(stored.jpeg)
      .toBuffer({ resolveWithObject: true }));
  } catch {
    throw new AppException('PHOTO_CORRUPT');
  }
  const thumb = await sharp(image)
    .resize({ width: PHOTO_LIMITS.thumbSide, height: PHOTO_LIMITS.thumbSide, fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: PHOTO_LIMITS.thumbQuality })
    .toBuffer();
  return {
    image,
    thumb,
    width: info.width,
    height: info.height,
    sha256: createHash('sha256').update(image).digest('hex'),
    phash: await dHash(thumb),
    windows: windowHashes(await greyPicture(thumb)),
    exif: readExifLocation(meta.exif),
  };
}

/** GPS position and capture time from the original's EXIF block, when present and sane. */
export function readExifLocation(exif: Buffer | undefined): ExifLocation {
  const none: ExifLocation = { takenAt: null, gpsLat: null, gpsLng: null };
  if (!exif) return none;
  try {
    const tags = exifReader(exif);
    const gps = tags.GPSInfo;
    const toDeg = (v: unknown, ref: unknown, neg: string): number | null => {
      if (!Array.isArray(v) || v.length < 3 || v.some((n) => typeof n !== 'number' || !Number.isFinite(n))) return null;
      const deg = v[0] + v[1] / 60 + v[2] / 3600;
      return ref === neg ? -deg : deg;
    };
    let lat = toDeg(gps?.GPSLatitude, gps?.GPSLatitudeRef, 'S');
    let lng = toDeg(gps?.GPSLongitude, gps?.GPSLongitudeRef, 'W');
    if (lat === null || lng === null || Math.abs(lat) > 90 || Math.abs(lng) > 180) lat = lng = null;
    const taken = tags.Photo?.DateTimeOriginal ?? tags.Image?.DateTime;
    const takenAt = taken instanceof Date && !Number.isNaN(taken.getTime()) ? taken : null;
    return { takenAt, gpsLat: lat, gpsLng: lng };
  } catch {
    return none;
  }
}
