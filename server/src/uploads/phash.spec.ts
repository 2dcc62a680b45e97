import sharp from 'sharp';
import { hammingDistance } from '@sansui/shared';
import { dHash, hashBlocks, neighbours16 } from './phash';

describe('hashBlocks and neighbours16', () => {
  it('splits a hash into four 16-bit blocks, most significant first', () => {
    expect(hashBlocks('0001ffff8000abcd')).toEqual([1, 0xffff, 0x8000, 0xabcd]);
  });

  it('enumerates values within a bit radius', () => {
    expect(neighbours16(0, 0)).toEqual([0]);
    const r1 = neighbours16(0xabcd, 1);
    expect(r1).toHaveLength(17);
    expect(new Set(r1).size).toBe(17);
    expect(r1.every((v) => hammingDistance(v.toString(16).padStart(16, '0'), (0xabcd).toString(16).padStart(16, '0')) <= 1)).toBe(true);
    expect(neighbours16(0, 2)).toHaveLength(1 + 16 + 120);
  });
});

describe('dHash', () => {
  const scene = (fill: string, shapes: string) =>
    sharp(
      Buffer.from(
        `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300"><rect width="100%" height="100%" fill="${fill}"/>${shapes}</svg>`,
      ),
    )
      .jpeg({ quality: 90 })
      .toBuffer();

  it('is stable under re-encoding and brightening, and far apart for different scenes', async () => {
    const a = await scene(
      '#446688',
      '<circle cx="100" cy="150" r="80" fill="#ffcc00"/><rect x="250" y="40" width="120" height="200" fill="#aa2222"/>',
    );
    const reencoded = await sharp(a).resize(200).jpeg({ quality: 40 }).toBuffer();
    const brighter = await sharp(a).modulate({ brightness: 1.15 }).jpeg().toBuffer();
    const other = await scene(
      '#224422',
      '<rect x="20" y="20" width="150" height="60" fill="#ffffff"/><circle cx="300" cy="220" r="60" fill="#0000aa"/>',
    );
    const h = await dHash(a);
    expect(h).toMatch(/^[0-9a-f]{16}$/);
    expect(hammingDistance(h, await dHash(reencoded))).toBeLessThanOrEqual(6);
    expect(hammingDistance(h, await dHash(brighter))).toBeLessThanOrEqual(6);
    expect(hammingDistance(h, await dHash(other))).toBeGreaterThan(20);
  });
});
