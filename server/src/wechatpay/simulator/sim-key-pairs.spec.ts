import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { SIM_MERCHANT_KEY_PAIR, SIM_PLATFORM_KEY_PAIR } from './sim-key-pairs';

describe('the WeChat Pay simulator key pairs', () => {
  it.each([
    ['merchant', SIM_MERCHANT_KEY_PAIR],
    ['platform', SIM_PLATFORM_KEY_PAIR],
  ])('%s: RSA-2048, and what the private key signs the public key verifies (SHA256-RSA, as WeChat Pay)', (_, pair) => {
    const privateKey = createPrivateKey(pair.privateKey);
    expect(privateKey.asymmetricKeyType).toBe('rsa');
    expect(privateKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    const message = Buffer.from('1700000000\nnonce\n{"ok":true}\n');
    const signature = sign('sha256', message, privateKey);
    expect(verify('sha256', message, createPublicKey(pair.publicKey), signature)).toBe(true);
    expect(
      verify(
        'sha256',
        message,
        createPublicKey(SIM_MERCHANT_KEY_PAIR === pair ? SIM_PLATFORM_KEY_PAIR.publicKey : SIM_MERCHANT_KEY_PAIR.publicKey),
        signature,
      ),
    ).toBe(false);
  });
});
