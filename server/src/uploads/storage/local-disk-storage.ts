import { readFile as readFileCallback } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { assertStorageKey, type PhotoStorage } from './photo-storage';

/**
 * fs/promises' readFile wraps each step (open, stat, read, close) in a FileHandle and its own promise: about
 * twice the CPU of the callback readFile for a photo of a few kB (each image check downloads one).
 */
const readFile = promisify(readFileCallback);

/**
 * Photos as files under one folder (the default; DATA_DIR/uploads). A file is written in place under its new key,
 * never over an existing one (`wx`): a key is a fresh UUID that nothing names until the photo's row is committed,
 * which happens only after both files are written, so a crash mid-write leaves an orphan file no row points to
 * (a temp file and a rename bought nothing more, for a third of the CPU of a write).
 */
export class LocalDiskStorage implements PhotoStorage {
  constructor(private readonly root: string) {}

  async put(key: string, data: Buffer): Promise<void> {
    const path = this.path(key);
    try {
      await writeFile(path, data, { flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      await mkdir(dirname(path), { recursive: true }); // the day's first photo
      await writeFile(path, data, { flag: 'wx' });
    }
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.path(key));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  private path(key: string): string {
    assertStorageKey(key);
    return join(this.root, ...key.split('/'));
  }
}
