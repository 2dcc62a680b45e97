import { chinaWallClock } from '@sansui/shared';
import type * as WechatpayPlugin from 'wechatpay-axios-plugin';
import type { TransferBill } from './transfer-client';

/**
 * The plugin's signing and encryption helpers, loaded on the first callback rather than at boot: the plugin
 * requires axios, which cost ~4 % of a restart's CPU (docs/performance.md, "First start").
 */
function plugin(): Pick<typeof WechatpayPlugin, 'Aes' | 'Formatter' | 'Rsa'> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, not at boot (see above)
  return require('wechatpay-axios-plugin') as typeof WechatpayPlugin;
}

/** The envelope WeChat Pay POSTs to notify_url. */
export interface NotifyEnvelope {
  id: string;
  create_time: string;
  event_type: string;
  resource_type: string;
  summary?: string;
  resource: { algorithm: string; original_type?: string; ciphertext: string; associated_data?: string; nonce: string };
}

export type CallbackCheck =
  | { ok: true; event: NotifyEnvelope; bill: TransferBill }
  | {
      ok: false;
      reason: 'HEADERS_MISSING' | 'SERIAL_UNKNOWN' | 'TIMESTAMP_SKEW' | 'SIGNATURE_INVALID' | 'BODY_INVALID' | 'DECRYPT_FAILED';
    };

export interface CallbackKeys {
  /** serial (certificate serial or PUB_KEY_ID_…) → certificate or public key PEM. */
  platformKeys: Record<string, string>;
  apiv3Key: string;
}

const MAX_SKEW_S = 300;

/**
 * Verifies a WeChat Pay callback (signature over `TIMESTAMP\nNONCE\nBODY\n` with the key named by
 * Wechatpay-Serial) and decrypts its AEAD_AES_256_GCM resource with the APIv3 key (docs/domain.md §10).
 */
export function verifyCallback(
  headers: Record<string, string | string[] | undefined>,
  rawBody: string,
  keys: CallbackKeys,
  nowS = Math.floor(Date.now() / 1000),
): CallbackCheck {
  const h = (name: string) => {
    const v = headers[name.toLowerCase()];
    return Array.isArray(v) ? v[0] : v;
  };
  const [timestamp, nonce, serial, signature] = [
    h('Wechatpay-Timestamp'),
    h('Wechatpay-Nonce'),
    h('Wechatpay-Serial'),
    h('Wechatpay-Signature'),
  ];
  if (!timestamp || !nonce || !serial || !signature) return { ok: false, reason: 'HEADERS_MISSING' };
  const key = keys.platformKeys[serial];
  if (!key) return { ok: false, reason: 'SERIAL_UNKNOWN' };
  if (!/^\d+$/.test(timestamp) || Math.abs(nowS - Number(timestamp)) > MAX_SKEW_S) return { ok: false, reason: 'TIMESTAMP_SKEW' };
  const { Aes, Formatter, Rsa } = plugin();
  let valid: boolean;
  try {
    valid = Rsa.verify(Formatter.response(timestamp, nonce, rawBody), signature, Rsa.from(key, Rsa.KEY_TYPE_PUBLIC));
  } catch {
    valid = false;
  }
  if (!valid) return { ok: false, reason: 'SIGNATURE_INVALID' };
  let event: NotifyEnvelope;
  try {
    event = JSON.parse(rawBody) as NotifyEnvelope;
    if (!event?.resource?.ciphertext || !event.resource.nonce) return { ok: false, reason: 'BODY_INVALID' };
  } catch {
    return { ok: false, reason: 'BODY_INVALID' };
  }
  try {
    const plain = Aes.AesGcm.decrypt(event.resource.ciphertext, keys.apiv3Key, event.resource.nonce, event.resource.associated_data ?? '');
    return { ok: true, event, bill: JSON.parse(plain) as TransferBill };
  } catch {
    return { ok: false, reason: 'DECRYPT_FAILED' };
  }
}

/** The simulator's (and tests') side: encrypt a bill and sign the envelope as WeChat Pay does. */
export function buildSignedCallback(
  bill: TransferBill,
  keys: { platformSerial: string; platformPrivateKeyPem: string; apiv3Key: string },
  id: string,
  now = new Date(),
): { headers: Record<string, string>; body: string } {
  const { Aes, Formatter } = plugin();
  const nonce = Formatter.nonce(12);
  const resource = {
    original_type: 'mch_payment',
    algorithm: 'AEAD_AES_256_GCM',
    ciphertext: Aes.AesGcm.encrypt(JSON.stringify(bill), keys.apiv3Key, nonce, 'mch_payment'),
    associated_data: 'mch_payment',
    nonce,
  };
  const body = JSON.stringify({
    id,
    create_time: rfc3339China(now),
    resource_type: 'encrypt-resource',
    event_type: 'MCHTRANSFER.BILL.FINISHED',
    summary: '商家转账单据终态通知',
    resource,
  });
  return { headers: signResponseHeaders(body, keys.platformSerial, keys.platformPrivateKeyPem), body };
}

/** Wechatpay-* headers signing a response or callback body. */
export function signResponseHeaders(body: string, serial: string, privateKeyPem: string): Record<string, string> {
  const { Formatter, Rsa } = plugin();
  const timestamp = String(Formatter.timestamp());
  const nonce = Formatter.nonce();
  return {
    'Wechatpay-Timestamp': timestamp,
    'Wechatpay-Nonce': nonce,
    'Wechatpay-Serial': serial,
    'Wechatpay-Signature': Rsa.sign(Formatter.response(timestamp, nonce, body), Rsa.from(privateKeyPem, Rsa.KEY_TYPE_PRIVATE)),
    'Content-Type': 'application/json',
  };
}

/** e.g. 2026-01-01T10:00:00+08:00, the time format of WeChat Pay. */
export function rfc3339China(d: Date): string {
  return `${chinaWallClock(d)}+08:00`;
}
