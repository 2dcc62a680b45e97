import sharp from 'sharp';
import { cutOut, streetScene } from '../testing/evidence-images';
import { greyPicture } from './grey-picture';
import { hashedWindows, WINDOW_MATCH_MAX_DISTANCE, windowDistance, windowHashes } from './window-hashes';

/** What the server hashes: the thumbnail of the 1600 px re-encode (image-processor.ts). */
async function storedThumb(image: Buffer) {
  const big = await sharp(image).resize(1600, 1600, { fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 80 }).toBuffer();
  return greyPicture(await sharp(big).resize(320, 320, { fit: 'inside' }).jpeg({ quality: 75 }).toBuffer());
}

const nearest = (whole: number, windows: { hash: number }[]) => Math.min(...windows.map((w) => windowDistance(whole, w.hash)));

describe('window hashes (finding cut-outs of stored photos)', () => {
  it('hashes the whole picture first and 144 windows of 60–80 % of each side', () => {
    const windows = hashedWindows();
    expect(windows).toHaveLength(145);
    expect(windows[0]).toEqual({ x: 0, y: 0, w: 1, h: 1 });
    expect(windows.every((w) => w.x + w.w <= 1.0001 && w.y + w.h <= 1.0001 && w.w >= 0.6 && w.h >= 0.6)).toBe(true);
  });

  it('leaves out featureless windows: a blank picture has none', async () => {
    const blank = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#808080' } })
      .jpeg()
      .toBuffer();
    expect(windowHashes(await greyPicture(blank))).toEqual([]);
  });

  const cuts = [
    { share: { w: 0.6, h: 0.6 }, at: { left: 0.4, top: 0.1 }, save: { scale: 0.9, quality: 70 } },
    { share: { w: 0.65, h: 0.75 }, at: { left: 0.13, top: 0.22 }, save: { scale: 1.1, quality: 80 } },
    { share: { w: 0.72, h: 0.68 }, at: { left: 0.27, top: 0.04 }, save: { scale: 0.8, quality: 60 } },
    { share: { w: 0.8, h: 0.62 }, at: { left: 0.05, top: 0.33 }, save: { scale: 1, quality: 90 } },
  ];

  it.each([3, 7, 12])(
    'place %i: cut-outs of 60–80 %%, scaled and saved again, hash within the match distance of a window',
    async (place) => {
      const photo = await streetScene({ place, shot: 1 });
      const windows = windowHashes(await storedThumb(photo));
      expect(windows).toHaveLength(145);
      for (const cut of cuts) {
        const [whole] = windowHashes(await storedThumb(await cutOut(photo, cut.share, cut.at, cut.save)));
        const distance = nearest(whole.hash, windows);
        expect({ cut, distance, found: distance <= WINDOW_MATCH_MAX_DISTANCE }).toMatchObject({ found: true });
      }
    },
  );
});
