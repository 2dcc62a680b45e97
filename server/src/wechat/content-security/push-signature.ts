import { createHash, timingSafeEqual } from 'node:crypto';

/** WeChat message-push signature (明文模式): sha1 of the lexicographically sorted token, timestamp and nonce. */
export function pushSignature(token: string, timestamp: string, nonce: string): string {
  return createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');
}

export function verifyPushSignature(token: string | null, q: { signature?: unknown; timestamp?: unknown; nonce?: unknown }): boolean {
  if (!token || typeof q.signature !== 'string' || typeof q.timestamp !== 'string' || typeof q.nonce !== 'string') return false;
  const expected = Buffer.from(pushSignature(token, q.timestamp, q.nonce));
  const given = Buffer.from(q.signature.toLowerCase());
  return expected.length === given.length && timingSafeEqual(expected, given);
}
