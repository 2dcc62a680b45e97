import { greyPicture, isCutOut, isSamePicture, type GreyPicture } from '../cases/evidence/picture-match';
import { processPhoto } from '../uploads/image-processor';
import { DEMO_PICTURE_VERDICTS } from './reports-demo-verdicts';
import { sceneJpeg } from './scene-image';

/**
 * The demo seed answers its own photos' pixel comparisons from a recorded table (a quarter of a first start's CPU
 * otherwise). The browser suites rely on the demo being the same as with the real comparisons, so every recorded
 * entry is checked here against the real comparison of the photos the seed stores. When this fails, re-record:
 * see reports-demo-verdicts.record.int-spec.ts.
 */
describe('the demo seed’s recorded picture comparisons', () => {
  const pictures = new Map<string, GreyPicture>();

  beforeAll(async () => {
    for (const [sha, seed] of Object.entries(DEMO_PICTURE_VERDICTS.scenes)) {
      const stored = await processPhoto(await sceneJpeg(seed));
      // The table is keyed by the stored bytes: a different encoder build would leave it unused, not wrong.
      expect({ seed, sha256: stored.sha256 }).toEqual({ seed, sha256: sha });
      pictures.set(sha, await greyPicture(stored.thumb));
    }
  }, 110_000);

  it('covers the comparisons the demo makes (an empty table would silently cost every first start)', () => {
    expect(DEMO_PICTURE_VERDICTS.verdicts.length).toBeGreaterThan(100);
    expect(DEMO_PICTURE_VERDICTS.verdicts.every((v) => pictures.has(v.a) && pictures.has(v.b))).toBe(true);
  });

  it('gives the real comparison’s outcome for every recorded pair', () => {
    const differing = DEMO_PICTURE_VERDICTS.verdicts.filter((v) => {
      const [a, b] = [pictures.get(v.a)!, pictures.get(v.b)!];
      return (v.comparison === 'same' ? isSamePicture(a, b) : isCutOut(a, b)) !== v.verdict;
    });
    expect(differing).toEqual([]);
  }, 110_000);
});
