import { createHash } from 'node:crypto';
import { pushSignature, verifyPushSignature } from './push-signature';

describe('WeChat push signature', () => {
  it('is sha1 over the sorted token, timestamp and nonce', () => {
    // sorted: '1700000000' < 'abc' < 'tok'
    expect(pushSignature('tok', '1700000000', 'abc')).toBe(createHash('sha1').update('1700000000abctok').digest('hex'));
  });

  it('accepts the right signature and refuses a wrong one, a missing one or a missing token', () => {
    const q = { timestamp: '1700000000', nonce: 'n1', signature: pushSignature('tok', '1700000000', 'n1') };
    expect(verifyPushSignature('tok', q)).toBe(true);
    expect(verifyPushSignature('other', q)).toBe(false);
    expect(verifyPushSignature('tok', { ...q, nonce: 'n2' })).toBe(false);
    expect(verifyPushSignature('tok', { timestamp: q.timestamp, nonce: q.nonce })).toBe(false);
    expect(verifyPushSignature(null, q)).toBe(false);
  });
});
