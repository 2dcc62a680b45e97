import sharp from 'sharp';
import { cropped, reencoded, streetScene } from '../../testing/evidence-images';
import { bestWindow, greyPicture, isSamePicture } from './picture-match';

/** What the server stores: the 1600 px re-encode and its 320 px thumbnail (the matcher reads thumbnails). */
async function stored(image: Buffer) {
  const big = await sharp(image).resize(1600, 1600, { fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 80 }).toBuffer();
  return greyPicture(await sharp(big).resize(320, 320, { fit: 'inside' }).jpeg({ quality: 75 }).toBuffer());
}

describe('crop-tolerant same-picture test', () => {
  const places = [1, 2, 5, 6];

  it.each(places)('place %i: a re-encoded copy and cut-outs of the before-photo are the same picture', async (place) => {
    const before = await streetScene({ place, shot: 1 });
    const b = await stored(before);
    expect(isSamePicture(await stored(await reencoded(before)), b)).toBe(true);
    for (const [share, at] of [
      [
        { w: 0.8, h: 0.8 },
        { left: 0.1, top: 0.1 },
      ],
      [
        { w: 0.7, h: 0.75 },
        { left: 0.3, top: 0.05 },
      ],
      [
        { w: 0.6, h: 0.6 },
        { left: 0, top: 0.4 },
      ],
      [
        { w: 0.5, h: 0.8 },
        { left: 0.45, top: 0.2 },
      ],
    ] as const) {
      const c = await stored(await cropped(before, share, at));
      expect({ place, share, at, same: isSamePicture(c, b), match: bestWindow(c, b) }).toMatchObject({ same: true });
    }
  });

  it.each(places)('place %i: a new shot of the same spot after cleaning, and another place, are new pictures', async (place) => {
    const b = await stored(await streetScene({ place, shot: 1 }));
    const after = await stored(await streetScene({ place, shot: 2, litter: 2, shift: 0.04 }));
    expect({ place, same: isSamePicture(after, b), match: bestWindow(after, b) }).toMatchObject({ same: false });
    const elsewhere = await stored(await streetScene({ place: place + 50, shot: 2 }));
    expect(isSamePicture(elsewhere, b)).toBe(false);
  });
});
