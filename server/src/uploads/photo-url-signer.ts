import { createHmac, timingSafeEqual } from 'node:crypto';

export type PhotoVariant = 'image' | 'thumb';

/** Validity of a signed photo URL; URLs are stable within an hour so browsers and CDNs can cache them. */
const TTL_SECONDS = 24 * 3600;
const BUCKET_SECONDS = 3600;
/**
 * The longest lifetime a URL this signer issues can have (plus five minutes of clock skew between
 * instances); a link claiming to live longer is refused even when its signature holds.
 */
export const MAX_LINK_LIFETIME_SECONDS = TTL_SECONDS + BUCKET_SECONDS + 300;

/**
 * Signs photo URLs: `<img>` tags cannot send a bearer token, so URLs handed out by the API carry
 * `exp` (unix seconds) and `sig` = HMAC-SHA256 over id, variant, exp and the staff flag, with a key
 * derived from the JWT secret. `st=1` (staff) lets hidden (`risky`) photos through.
 */
export class PhotoUrlSigner {
  private readonly key: Buffer;
  /** Signatures of the current hour's `exp`, by id/variant/staff: a list page signs the same photos again and again. */
  private signed = new Map<string, string>();
  private signedExp = 0;

  constructor(
    secret: string,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.key = createHmac('sha256', secret).update('sansui/photo-url/v1').digest();
  }

  /** The instant (ms) the URLs signed at `nowMs` change: the next hour's `exp`. */
  sameUntil(nowMs: number): number {
    return (Math.floor(nowMs / 1000 / BUCKET_SECONDS) + 1) * BUCKET_SECONDS * 1000;
  }

  /** Query string `exp=…&sig=…[&st=1]` for a photo variant. */
  query(id: number, variant: PhotoVariant, staff: boolean): string {
    const nowS = Math.floor(this.now() / 1000);
    const exp = (Math.floor(nowS / BUCKET_SECONDS) + 1) * BUCKET_SECONDS + TTL_SECONDS;
    const st = staff ? 1 : 0;
    if (exp !== this.signedExp || this.signed.size >= 50_000) {
      this.signed = new Map();
      this.signedExp = exp;
    }
    const key = `${id}.${variant}.${st}`;
    let sig = this.signed.get(key);
    if (sig === undefined) {
      sig = this.sign(id, variant, exp, st);
      this.signed.set(key, sig);
    }
    return `exp=${exp}&sig=${sig}${staff ? '&st=1' : ''}`;
  }

  /** Checks a presented signature; returns the staff flag, or null when missing, expired or forged. */
  verify(id: number, variant: PhotoVariant, q: { exp?: unknown; sig?: unknown; st?: unknown }): { staff: boolean; exp: number } | null {
    const exp = typeof q.exp === 'string' && /^\d{1,12}$/.test(q.exp) ? Number(q.exp) : NaN;
    const nowMs = this.now();
    if (!Number.isFinite(exp) || typeof q.sig !== 'string' || exp * 1000 < nowMs) return null;
    if (exp * 1000 > nowMs + MAX_LINK_LIFETIME_SECONDS * 1000) return null;
    const st = q.st === '1' ? 1 : 0;
    const expected = Buffer.from(this.sign(id, variant, exp, st));
    const given = Buffer.from(q.sig);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    return { staff: st === 1, exp };
  }

  private sign(id: number, variant: PhotoVariant, exp: number, st: number): string {
    return createHmac('sha256', this.key).update(`${id}.${variant}.${exp}.${st}`).digest('base64url');
  }
}
