import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalDiskStorage } from './local-disk-storage';

describe('LocalDiskStorage', () => {
  let root: string;
  let storage: LocalDiskStorage;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'photo-storage-'));
    storage = new LocalDiskStorage(root);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('writes a photo under its key, making the day’s folder, and leaves no other file behind', async () => {
    await storage.put('2026/12/06/a.jpg', Buffer.from('image'));
    await storage.put('2026/12/06/a_t.jpg', Buffer.from('thumb'));
    expect((await storage.get('2026/12/06/a.jpg'))?.toString()).toBe('image');
    expect((await storage.get('2026/12/06/a_t.jpg'))?.toString()).toBe('thumb');
    expect(readdirSync(join(root, '2026', '12', '06')).sort()).toEqual(['a.jpg', 'a_t.jpg']);
  });

  it('never writes over a stored photo: a second put under the same key fails and keeps the first bytes', async () => {
    await storage.put('2026/12/06/b.jpg', Buffer.from('first'));
    await expect(storage.put('2026/12/06/b.jpg', Buffer.from('second'))).rejects.toMatchObject({ code: 'EEXIST' });
    expect((await storage.get('2026/12/06/b.jpg'))?.toString()).toBe('first');
  });

  it('answers null for a missing key, deletes without complaining about one, and refuses keys leaving its folder', async () => {
    expect(await storage.get('2026/12/06/none.jpg')).toBeNull();
    await storage.delete('2026/12/06/none.jpg');
    await expect(storage.put('../escape.jpg', Buffer.from('x'))).rejects.toThrow(/invalid storage key/);
  });
});
