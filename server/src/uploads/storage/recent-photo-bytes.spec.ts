import type { PhotoStorage } from './photo-storage';
import { RecentPhotoBytes } from './recent-photo-bytes';

/** A storage in memory that counts its reads. */
function countingStorage() {
  const objects = new Map<string, Buffer>();
  const reads: string[] = [];
  const storage: PhotoStorage = {
    put: async (key, data) => void objects.set(key, Buffer.from(data)),
    get: async (key) => (reads.push(key), objects.get(key) ?? null),
    delete: async (key) => void objects.delete(key),
  };
  return { storage, objects, reads };
}

describe('RecentPhotoBytes', () => {
  it('serves a photo just written from the bytes written, without reading the storage', async () => {
    const { storage, objects, reads } = countingStorage();
    const recent = new RecentPhotoBytes(storage);
    await recent.put('2026/12/08/a.jpg', Buffer.from('jpeg-a'), 'image/jpeg', true);
    expect(objects.get('2026/12/08/a.jpg')?.toString()).toBe('jpeg-a'); // written through
    expect((await recent.get('2026/12/08/a.jpg'))?.toString()).toBe('jpeg-a');
    expect(reads).toEqual([]);
  });

  it('reads the storage for a photo it does not keep, and keeps nothing a failed write did not store', async () => {
    const { storage, objects, reads } = countingStorage();
    objects.set('old.jpg', Buffer.from('jpeg-old'));
    const failing: PhotoStorage = { ...storage, put: async () => Promise.reject(new Error('disk full')) };
    const recent = new RecentPhotoBytes(failing);
    await expect(recent.put('new.jpg', Buffer.from('jpeg-new'), 'image/jpeg', true)).rejects.toThrow('disk full');
    expect(await recent.get('new.jpg')).toBeNull();
    expect((await recent.get('old.jpg'))?.toString()).toBe('jpeg-old');
    expect(reads).toEqual(['new.jpg', 'old.jpg']);
  });

  it('keeps only what the writer will read soon', async () => {
    const { storage, reads } = countingStorage();
    const recent = new RecentPhotoBytes(storage);
    await recent.put('a_t.jpg', Buffer.from('thumb'), 'image/jpeg');
    expect((await recent.get('a_t.jpg'))?.toString()).toBe('thumb');
    expect(reads).toEqual(['a_t.jpg']);
  });

  it('does not serve a deleted photo', async () => {
    const { storage } = countingStorage();
    const recent = new RecentPhotoBytes(storage);
    await recent.put('gone.jpg', Buffer.from('jpeg'), 'image/jpeg', true);
    await recent.delete('gone.jpg');
    expect(await recent.get('gone.jpg')).toBeNull();
    expect(recent.keptBytes).toBe(0);
  });
});
