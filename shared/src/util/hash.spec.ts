import { hammingDistance, hammingDistanceWords, popcount32 } from './hash';

describe('popcount32', () => {
  it('counts set bits of 32-bit values', () => {
    expect(popcount32(0)).toBe(0);
    expect(popcount32(1)).toBe(1);
    expect(popcount32(0xffffffff)).toBe(32);
    expect(popcount32(0x80000001)).toBe(2);
    expect(popcount32(0xf0f0f0f0)).toBe(16);
  });
});

describe('hammingDistance', () => {
  it('counts differing bits of two 64-bit hex hashes', () => {
    expect(hammingDistance('0000000000000000', '0000000000000000')).toBe(0);
    expect(hammingDistance('0000000000000000', 'ffffffffffffffff')).toBe(64);
    expect(hammingDistance('8000000000000001', '0000000000000000')).toBe(2);
    expect(hammingDistance('00000000000000f0', '000000000000000f')).toBe(8);
    expect(hammingDistance('ABCDEF0123456789', 'abcdef0123456789')).toBe(0);
    expect(hammingDistance('ffffffff00000000', '00000000ffffffff')).toBe(64);
  });

  it('refuses something that is not a 16-hex-digit hash', () => {
    expect(() => hammingDistance('xyz', '0000000000000000')).toThrow(/hash/);
    expect(() => hammingDistance('0000000000000000', '00000000000000000')).toThrow(/hash/);
  });

  it('agrees with the word form', () => {
    expect(hammingDistanceWords([0xffffffff, 0], [0, 0xffffffff])).toBe(64);
    expect(hammingDistanceWords([0x12345678, 0x9abcdef0], [0x12345678, 0x9abcdef0])).toBe(0);
    expect(hammingDistance('123456789abcdef0', '023456789abcdef1')).toBe(
      hammingDistanceWords([0x12345678, 0x9abcdef0], [0x02345678, 0x9abcdef1]),
    );
  });
});
