import { createHash } from 'node:crypto';

/**
 * The simulator's deterministic rules (documented in docs and relied on by tests):
 * - login: code `sim:<name>` or `sim:<name>#<nonce>`; openid = 'o' + base64url(sha256(appid + ':' + name))[0..27).
 *   A code with a `#<nonce>` is single-use like a real wx.login code (second use → 40163); a bare
 *   `sim:<name>` stays usable (the H5 build's stand-in for wx.login). Anything else → 40029.
 * - text: contains a banned word → risky; contains a review word → review; otherwise pass.
 * - images: the top-left 8×8 pixels average pure red (r>200, g<50, b<50) → risky; an image the
 *   simulator cannot download or decode → review; otherwise pass.
 */
export const SIM_BANNED_WORDS = ['赌博', '色情', '违禁', '毒品', '代开发票'] as const;
export const SIM_REVIEW_WORDS = ['敏感'] as const;

export function parseSimCode(code: string): { name: string; singleUse: boolean } | null {
  const m = /^sim:([^#\s]{1,64})(#[A-Za-z0-9_-]{1,64})?$/.exec(code);
  if (!m) return null;
  return { name: m[1], singleUse: m[2] !== undefined };
}

export function simOpenid(appId: string, name: string): string {
  return 'o' + createHash('sha256').update(`${appId}:${name}`).digest('base64url').slice(0, 27);
}

export function simUnionid(appId: string, name: string): string {
  return 'u' + createHash('sha256').update(`union:${appId}:${name}`).digest('base64url').slice(0, 27);
}

export function simTextVerdict(content: string): { suggest: 'pass' | 'review' | 'risky'; label: number; keyword?: string } {
  const banned = SIM_BANNED_WORDS.find((w) => content.includes(w));
  if (banned) return { suggest: 'risky', label: 20006, keyword: banned };
  const review = SIM_REVIEW_WORDS.find((w) => content.includes(w));
  if (review) return { suggest: 'review', label: 21000, keyword: review };
  return { suggest: 'pass', label: 100 };
}

/** Average colour of the top-left 8×8 pixels (raw RGB(A) data of that region). */
export function isPureRed(raw: Buffer, channels: number): boolean {
  let r = 0,
    g = 0,
    b = 0;
  const n = raw.length / channels;
  if (n === 0) return false;
  for (let i = 0; i < raw.length; i += channels) {
    r += raw[i];
    g += raw[i + 1] ?? raw[i];
    b += raw[i + 2] ?? raw[i];
  }
  return r / n > 200 && g / n < 50 && b / n < 50;
}
