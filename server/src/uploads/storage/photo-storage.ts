/** Where photo bytes live. Keys are relative paths like `2026/11/23/<uuid>.jpg` (letters, digits, `/`, `-`, `_`, `.`). */
export interface PhotoStorage {
  /**
   * Stores a new object; keys are never reused (a put over an existing key may fail). `readSoon`: the object will be
   * read back within seconds (a report photo, which WeChat's image check downloads), so a cache in front may keep it.
   */
  put(key: string, data: Buffer, contentType: string, readSoon?: boolean): Promise<void>;
  /** The stored bytes, or null when the key does not exist. */
  get(key: string): Promise<Buffer | null>;
  /** Removes the object; a missing key is not an error. */
  delete(key: string): Promise<void>;
}

/** Injection token of the configured PhotoStorage. */
export const PHOTO_STORAGE = Symbol('PHOTO_STORAGE');

const KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_\-./]{0,199}$/;

/** Refuses keys that could escape the storage root or confuse an object store. */
export function assertStorageKey(key: string): void {
  if (!KEY_PATTERN.test(key) || key.split('/').some((part) => part === '' || part === '.' || part === '..'))
    throw new Error(`invalid storage key: ${key}`);
}
