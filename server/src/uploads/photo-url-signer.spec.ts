import { PhotoUrlSigner } from './photo-url-signer';

describe('PhotoUrlSigner', () => {
  let now = Date.UTC(2026, 10, 23, 10, 30);
  const sut = new PhotoUrlSigner('a-secret-of-some-length', () => now);
  const parse = (q: string) => Object.fromEntries(new URLSearchParams(q));

  it('accepts its own signature and tells the staff flag', () => {
    expect(sut.verify(7, 'image', parse(sut.query(7, 'image', false)))).toMatchObject({ staff: false });
    expect(sut.verify(7, 'thumb', parse(sut.query(7, 'thumb', true)))).toMatchObject({ staff: true });
  });

  it('refuses another photo, another variant, a forged staff flag, a tampered or missing signature', () => {
    const q = parse(sut.query(7, 'image', false));
    expect(sut.verify(8, 'image', q)).toBeNull();
    expect(sut.verify(7, 'thumb', q)).toBeNull();
    expect(sut.verify(7, 'image', { ...q, st: '1' })).toBeNull();
    expect(sut.verify(7, 'image', { ...q, sig: q.sig.slice(0, -2) + (q.sig.endsWith('AA') ? 'BB' : 'AA') })).toBeNull();
    expect(sut.verify(7, 'image', { exp: q.exp })).toBeNull();
    expect(sut.verify(7, 'image', { ...q, exp: String(Number(q.exp) + 3600) })).toBeNull();
  });

  it('gives the same URL within an hour and refuses it once expired', () => {
    const a = sut.query(7, 'image', false);
    now += 10 * 60_000;
    expect(sut.query(7, 'image', false)).toBe(a);
    now += 26 * 3600_000;
    expect(sut.verify(7, 'image', parse(a))).toBeNull();
  });

  it('does not accept signatures made with another secret', () => {
    const other = new PhotoUrlSigner('another-secret-entirely', () => now);
    expect(sut.verify(7, 'image', parse(other.query(7, 'image', false)))).toBeNull();
  });

  it('refuses a correctly signed link that claims to live longer than any link it issues', () => {
    // Signed by the same key with a clock 30 days ahead: a valid signature over an expiry far in the future.
    const future = new PhotoUrlSigner('a-secret-of-some-length', () => now + 30 * 24 * 3600_000);
    expect(sut.verify(7, 'image', parse(future.query(7, 'image', false)))).toBeNull();
    const nearFuture = new PhotoUrlSigner('a-secret-of-some-length', () => now + 60_000);
    expect(sut.verify(7, 'image', parse(nearFuture.query(7, 'image', false)))).not.toBeNull();
  });
});
