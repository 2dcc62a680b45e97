import { execFileSync } from 'node:child_process';
import { createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config';
import { SIM_MERCHANT_KEY_PAIR, SIM_PLATFORM_KEY_PAIR } from './simulator/sim-key-pairs';

/** Everything the merchant side needs, plus (simulator mode) the simulator's own secrets. */
export interface WechatpayKeys {
  mchid: string;
  /** Merchant API certificate serial. */
  serial: string;
  privateKeyPem: string;
  /** The platform certificate serial or `PUB_KEY_ID_…`. */
  platformSerial: string;
  /** Platform certificate PEM or public key PEM (the plugin accepts either). */
  platformKeyPem: string;
  /**
   * Every platform key accepted on answers and callbacks, serial → PEM: the primary one above and,
   * during a switch (two keys for a while), the second one. Requests name the primary in Wechatpay-Serial.
   */
  platformKeys: Record<string, string>;
  apiv3Key: string;
  sim: null | {
    merchantPublicKeyPem: string;
    platformPrivateKeyPem: string;
  };
}

interface SimKeyFile {
  mode: 'pubkey' | 'cert';
  serial: string;
  merchantPrivate: string;
  merchantPublic: string;
  platformSerial: string;
  platformPrivate: string;
  platformKey: string;
  apiv3Key: string;
}

/**
 * Real mode: keys come from the environment (PEM text or file paths). Simulator mode: the fixed dev key
 * pairs of `simulator/sim-key-pairs.ts` (merchant and platform; the platform's served as a `PUB_KEY_ID_…`
 * public key or a self-signed platform certificate), serials and an APIv3 key drawn once and persisted under
 * DATA_DIR/wechatpay-sim, so restarts (and several instances on one data dir) agree. buildConfig refuses
 * simulator mode in production.
 */
export function loadWechatpayKeys(config: AppConfig): WechatpayKeys {
  const w = config.wechatpay;
  const second = w.secondPlatformKey
    ? { [w.secondPlatformKey.serial]: w.secondPlatformKey.pem ?? readFileSync(w.secondPlatformKey.path!, 'utf8') }
    : {};
  if (!w.simulator) {
    const platformKeyPem = w.platformKey ?? readFileSync(w.platformKeyPath!, 'utf8');
    return {
      mchid: w.mchid,
      serial: w.serial!,
      privateKeyPem: w.privateKey ?? readFileSync(w.privateKeyPath!, 'utf8'),
      platformSerial: w.platformSerial!,
      platformKeyPem,
      platformKeys: { ...second, [w.platformSerial!]: platformKeyPem },
      apiv3Key: w.apiv3Key!,
      sim: null,
    };
  }
  const f = simKeyFile(config.dataDir, w.sim.keyMode);
  return {
    mchid: w.mchid,
    serial: w.serial ?? f.serial,
    privateKeyPem: f.merchantPrivate,
    platformSerial: f.platformSerial,
    platformKeyPem: f.platformKey,
    platformKeys: { ...second, [f.platformSerial]: f.platformKey },
    apiv3Key: w.apiv3Key ?? f.apiv3Key,
    sim: { merchantPublicKeyPem: f.merchantPublic, platformPrivateKeyPem: f.platformPrivate },
  };
}

function simKeyFile(dataDir: string, mode: 'pubkey' | 'cert'): SimKeyFile {
  const dir = join(dataDir, 'wechatpay-sim');
  const file = join(dir, `keys-${mode}.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as SimKeyFile;
  mkdirSync(dir, { recursive: true });
  const keys = simKeys(mode, dir, SIM_MERCHANT_KEY_PAIR, SIM_PLATFORM_KEY_PAIR);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(keys), { mode: 0o600 });
  // Another process may have won the race: keep the first file so everybody agrees.
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as SimKeyFile;
  renameSync(tmp, file);
  return JSON.parse(readFileSync(file, 'utf8')) as SimKeyFile;
}

interface KeyPair {
  publicKey: string;
  privateKey: string;
}

/** Simulator keys on fresh RSA-2048 pairs (tests that need keys of their own). */
export function generateSimKeys(mode: 'pubkey' | 'cert', workDir: string): SimKeyFile {
  const pair = () =>
    generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
  return simKeys(mode, workDir, pair(), pair());
}

function simKeys(mode: 'pubkey' | 'cert', workDir: string, merchant: KeyPair, platform: KeyPair): SimKeyFile {
  const serial = randomBytes(20).toString('hex').toUpperCase();
  let platformSerial: string;
  let platformKey: string;
  if (mode === 'cert') {
    const cert = selfSignedCertificate(platform.privateKey, workDir);
    platformSerial = cert.serial;
    platformKey = cert.pem;
  } else {
    platformSerial = `PUB_KEY_ID_${randomBytes(16).toString('hex').toUpperCase()}`;
    platformKey = platform.publicKey;
  }
  return {
    mode,
    serial,
    merchantPrivate: merchant.privateKey,
    merchantPublic: merchant.publicKey,
    platformSerial,
    platformPrivate: platform.privateKey,
    platformKey,
    apiv3Key: randomBytes(16).toString('hex'),
  };
}

/** A self-signed "WeChat Pay platform certificate" made with the openssl CLI (Node cannot issue X.509). */
export function selfSignedCertificate(privateKeyPem: string, workDir: string): { pem: string; serial: string } {
  const keyPath = join(workDir, `platform-${process.pid}-${randomBytes(4).toString('hex')}.key`);
  writeFileSync(keyPath, privateKeyPem, { mode: 0o600 });
  const serialHex = randomBytes(20)
    .toString('hex')
    .toUpperCase()
    .replace(/^[89A-F]/, '1');
  const pem = execFileSync(
    'openssl',
    [
      'req',
      '-new',
      '-x509',
      '-key',
      keyPath,
      '-days',
      '3650',
      '-subj',
      '/CN=Tenpay.com Root CA Sim/O=Tenpay.com',
      '-set_serial',
      `0x${serialHex}`,
    ],
    { encoding: 'utf8' },
  );
  execFileSync('rm', ['-f', keyPath]);
  // WeChat names a platform certificate by its serial in upper-case hex.
  return { pem, serial: serialHex };
}

/** The public key behind a platform certificate or public key PEM. */
export function publicKeyOf(pem: string) {
  return createPublicKey(pem);
}
