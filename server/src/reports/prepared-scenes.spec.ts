import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processPhoto } from '../uploads/image-processor';
import { preparedScene, writePreparedScenes } from './prepared-scenes';
import { sceneJpeg } from './scene-image';

/** The build's prepared demo pictures stand for `processPhoto(sceneJpeg(seed))`: the seed stores them instead. */
describe('prepared demo scenes', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sansui-scenes-'));
    await writePreparedScenes(dir, [3, 10_007]);
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives back exactly what processing the drawn scene gives: bytes, size, hashes, windows, no EXIF', async () => {
    for (const seed of [3, 10_007]) expect(preparedScene(dir, seed)).toEqual(await processPhoto(await sceneJpeg(seed)));
  });

  it('has nothing for a seed it did not prepare, nor without a build', () => {
    expect(preparedScene(dir, 4)).toBeNull();
    expect(preparedScene(join(dir, 'none'), 3)).toBeNull();
    expect(preparedScene(null, 3)).toBeNull();
  });

  it('refuses a stored picture whose bytes no longer hash as recorded, so a record never describes other bytes', () => {
    writeFileSync(join(dir, '10007.jpg'), Buffer.from('not the picture'));
    expect(preparedScene(dir, 10_007)).toBeNull();
  });
});
