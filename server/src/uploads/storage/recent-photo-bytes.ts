import type { PhotoStorage } from './photo-storage';

/** At most this many bytes of just-written photos are kept: ~100 phone photos of ~300 kB. */
export const RECENT_PHOTO_BYTES_MAX = 32 * 1024 * 1024;
/** And at most this many photos (a few seconds of uploads at the target's 1,000 reports a second). */
export const RECENT_PHOTO_ENTRIES_MAX = 4_096;
/** A larger photo is written but not kept. */
export const RECENT_PHOTO_ONE_MAX = 4 * 1024 * 1024;

/** What keeping a buffer holds in memory: the whole allocation it is a view of. */
const retained = (data: Buffer) => data.buffer.byteLength;

/**
 * The newest photos' bytes, as they were written, in front of the storage: WeChat's image check downloads every report
 * photo through the signed URL within seconds of its upload, and reading it back from disk (open, fstat, read, close
 * on the pool thread: 18–48 µs of CPU, ~4 % of the main thread's busy samples on a loaded machine) is skipped. Keys
 * are never reused and stored bytes never change, so a kept copy is the stored object until it is deleted; a delete
 * drops it first. Kept oldest-out within both bounds, and only what the writer will read soon: the image, not its
 * thumbnail (which only the window-hash backfill reads).
 */
export class RecentPhotoBytes implements PhotoStorage {
  private readonly kept = new Map<string, Buffer>();
  private bytes = 0;

  constructor(private readonly storage: PhotoStorage) {}

  async put(key: string, data: Buffer, contentType: string, readSoon = false): Promise<void> {
    await this.storage.put(key, data, contentType);
    if (!readSoon || retained(data) > RECENT_PHOTO_ONE_MAX) return;
    this.forget(key);
    this.kept.set(key, data);
    this.bytes += retained(data);
    for (const [oldest, bytes] of this.kept) {
      if (this.bytes <= RECENT_PHOTO_BYTES_MAX && this.kept.size <= RECENT_PHOTO_ENTRIES_MAX) break;
      this.kept.delete(oldest);
      this.bytes -= retained(bytes);
    }
  }

  async get(key: string): Promise<Buffer | null> {
    return this.kept.get(key) ?? this.storage.get(key);
  }

  async delete(key: string): Promise<void> {
    this.forget(key);
    await this.storage.delete(key);
  }

  /** Bytes kept now (for the bounds test). */
  get keptBytes(): number {
    return this.bytes;
  }

  private forget(key: string): void {
    const was = this.kept.get(key);
    if (!was) return;
    this.kept.delete(key);
    this.bytes -= retained(was);
  }
}
