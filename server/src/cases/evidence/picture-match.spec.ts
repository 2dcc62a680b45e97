import sharp from 'sharp';
import { captionCard, cropped, cutOut, reencoded, streetScene } from '../../testing/evidence-images';
import { bestWindow, greyPicture, isCutOut, isSamePicture } from './picture-match';

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

describe("strict cut-out test for other cases' photos", () => {
  it.each([1, 5, 9])('place %i: cut-outs of 60–80 %%, scaled and saved again, are cut out of the photo', async (place) => {
    const photo = await streetScene({ place, shot: 1 });
    const whole = await stored(photo);
    expect(isCutOut(await stored(await reencoded(photo)), whole)).toBe(true);
    for (const [share, at, save] of [
      [
        { w: 0.7, h: 0.65 },
        { left: 0.2, top: 0.3 },
        { scale: 0.9, quality: 70 },
      ],
      [
        { w: 0.62, h: 0.78 },
        { left: 0.35, top: 0.1 },
        { scale: 1.1, quality: 80 },
      ],
      [
        { w: 0.8, h: 0.8 },
        { left: 0, top: 0.2 },
        { scale: 0.85, quality: 65 },
      ],
    ] as const) {
      const part = await stored(await cutOut(photo, share, at, save));
      expect({ place, share, cutOut: isCutOut(part, whole) }).toMatchObject({ cutOut: true });
    }
  });

  it.each([2, 6])('place %i: a new shot of the spot and another place are not', async (place) => {
    const whole = await stored(await streetScene({ place, shot: 1 }));
    expect(isCutOut(await stored(await streetScene({ place, shot: 2, litter: 2, shift: 0.04 })), whole)).toBe(false);
    expect(isCutOut(await stored(await streetScene({ place: place + 40, shot: 1 })), whole)).toBe(false);
  });

  it('pictures made from one template with another caption (as the browser suites make them) are not, though they correlate; a re-encode is', async () => {
    const cards = await Promise.all(
      ['cleaned 4f2k9x', 'cleaned q81zma', 'cleaned 0p3nvb', 'still dirty 7hx2'].map((c) => captionCard('#2f7d32', c)),
    );
    const grey = await Promise.all(cards.map(stored));
    for (const a of grey)
      for (const b of grey) {
        if (a === b) continue;
        expect(isCutOut(a, b)).toBe(false);
      }
    expect(isCutOut(await stored(await reencoded(cards[0])), grey[0])).toBe(true);
  });
});
