import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSignedCallback, verifyCallback } from './callback';
import { generateSimKeys } from './wechatpay-keys';

/** Callback verification + AEAD_AES_256_GCM decryption, in both key modes of docs/domain.md §10. */
describe.each(['pubkey', 'cert'] as const)('WeChat Pay callback (%s mode)', (mode) => {
  const dir = mkdtempSync(join(tmpdir(), 'wxpay-keys-'));
  const k = generateSimKeys(mode, dir);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const signer = { platformSerial: k.platformSerial, platformPrivateKeyPem: k.platformPrivate, apiv3Key: k.apiv3Key };
  const verifier = { platformKeys: { [k.platformSerial]: k.platformKey }, apiv3Key: k.apiv3Key };
  const bill = {
    out_bill_no: 'SS0000000001A001',
    transfer_bill_no: '1330000',
    state: 'SUCCESS' as const,
    transfer_amount: 200,
    openid: 'o-1',
  };

  it('names the key as WeChat does', () => {
    if (mode === 'pubkey') expect(k.platformSerial).toMatch(/^PUB_KEY_ID_/);
    else {
      expect(k.platformKey).toContain('BEGIN CERTIFICATE');
      expect(k.platformSerial).toMatch(/^[0-9A-F]{40}$/);
    }
  });

  it('verifies and decrypts a genuine callback', () => {
    const { headers, body } = buildSignedCallback(bill, signer, 'evt-1');
    expect(JSON.parse(body).resource).toMatchObject({ algorithm: 'AEAD_AES_256_GCM', associated_data: 'mch_payment' });
    const res = verifyCallback(lower(headers), body, verifier);
    expect(res).toMatchObject({ ok: true, bill, event: { event_type: 'MCHTRANSFER.BILL.FINISHED' } });
  });

  it.each([
    ['a tampered body', (h: Record<string, string>, b: string) => [h, b.replace('evt-1', 'evt-2')], 'SIGNATURE_INVALID'],
    [
      'an unknown serial',
      (h: Record<string, string>, b: string) => [{ ...h, 'wechatpay-serial': 'PUB_KEY_ID_OTHER' }, b],
      'SERIAL_UNKNOWN',
    ],
    ['a stale timestamp', (h: Record<string, string>, b: string) => [{ ...h, 'wechatpay-timestamp': '1600000000' }, b], 'TIMESTAMP_SKEW'],
    ['missing headers', (_h: Record<string, string>, b: string) => [{}, b], 'HEADERS_MISSING'],
  ])('refuses %s', (_n, mutate, reason) => {
    const { headers, body } = buildSignedCallback(bill, signer, 'evt-1');
    const [h, b] = mutate(lower(headers), body) as [Record<string, string>, string];
    expect(verifyCallback(h, b, verifier)).toEqual({ ok: false, reason });
  });

  it('refuses a resource encrypted with another APIv3 key', () => {
    const { headers, body } = buildSignedCallback(bill, { ...signer, apiv3Key: 'x'.repeat(32) }, 'evt-1');
    expect(verifyCallback(lower(headers), body, verifier)).toEqual({ ok: false, reason: 'DECRYPT_FAILED' });
  });
});

function lower(h: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
}
