import { randomBytes } from 'node:crypto';
import { buildConfig, weakSecretReason } from './app-config';

/** A production environment that boots: every required variable set, real-looking secrets, nothing from the simulators or the demo. */
const PRODUCTION = {
  NODE_ENV: 'production',
  DATABASE_URL: 'mysql://sansui:pw@db.internal:3306/sansui',
  PUBLIC_BASE_URL: 'https://sansui.city.gov.cn',
  JWT_SECRET: 'q8Zr3LkP0vWx7NcT2yHb5JmF9aGd4sEu1KoQ6iVn',
  WECHAT_MODE: 'real',
  WECHAT_APPID: 'wx4f2c81b9d07e3a65',
  WECHAT_SECRET: '9c1e7b3a5f0d2846e8b1c9a7f3d5e026',
  WECHAT_PUSH_TOKEN: 'Tq7vB2mX9kLp4RzN',
  WECHAT_TEMPLATE_CASE_PROGRESS: 'tmplCaseProgress01',
  WECHAT_TEMPLATE_REWARD_NOTICE: 'tmplRewardNotice01',
  WECHATPAY_MCHID: '1612345678',
  WECHATPAY_SERIAL: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
  WECHATPAY_PRIVATE_KEY_PATH: '/etc/sansui/apiclient_key.pem',
  WECHATPAY_PLATFORM_KEY_PATH: '/etc/sansui/pub_key.pem',
  WECHATPAY_PLATFORM_SERIAL: 'PUB_KEY_ID_0116123456782025',
  WECHATPAY_APIV3_KEY: 'Hk3Lm9Qp2Rs7Tv4Wx8Yz1Ab5Cd0Ef6Gj',
  WECHATPAY_BASE_URL: 'https://api.mch.weixin.qq.com',
};

describe('configuration: what production refuses to start with', () => {
  it('starts with a complete production environment', () => {
    const config = buildConfig(PRODUCTION);
    expect(config.env).toBe('production');
    expect(config.demoData).toBe(false);
    expect(config.jwt.secret).toBe(PRODUCTION.JWT_SECRET);
  });

  it.each(['true', '1', 'yes', 'on'])('refuses the demo data (DEMO_DATA=%s): it seeds known accounts and passwords', (value) => {
    expect(() => buildConfig({ ...PRODUCTION, DEMO_DATA: value })).toThrow(/Refusing to start in production[\s\S]*DEMO_DATA/);
  });

  it('refuses the default JWT secret, set or left unset: anyone could sign an admin token with it', () => {
    const withoutSecret: Record<string, string> = { ...PRODUCTION };
    delete withoutSecret.JWT_SECRET;
    expect(() => buildConfig(withoutSecret)).toThrow(/Refusing to start in production[\s\S]*JWT_SECRET/);
    expect(() => buildConfig({ ...PRODUCTION, JWT_SECRET: 'dev-only-secret-change-me-in-production' })).toThrow(/JWT_SECRET/);
  });

  it('refuses a JWT secret shorter than 32 characters and accepts one of 32', () => {
    expect(() => buildConfig({ ...PRODUCTION, JWT_SECRET: 'q8Zr3LkP0vWx7NcT2yHb5JmF9aGd4sE' })).toThrow(
      /JWT_SECRET is not a production secret \(shorter than 32/,
    );
    expect(buildConfig({ ...PRODUCTION, JWT_SECRET: 'q8Zr3LkP0vWx7NcT2yHb5JmF9aGd4sEu' }).jwt.secret).toHaveLength(32);
  });

  it('outside production the demo data and the default secret are allowed', () => {
    for (const NODE_ENV of ['development', 'test']) {
      const config = buildConfig({ NODE_ENV, DEMO_DATA: 'true' });
      expect(config.demoData).toBe(true);
      expect(config.jwt.secret).toBe('dev-only-secret-change-me-in-production');
    }
  });

  it('names every problem at once, so one failed boot shows them all', () => {
    const message = (() => {
      try {
        buildConfig({ ...PRODUCTION, DEMO_DATA: 'true', JWT_SECRET: 'short-but-16-char', WECHAT_MODE: 'simulator' });
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    })();
    expect(message).toMatch(/DEMO_DATA must be false/);
    expect(message).toMatch(/JWT_SECRET is not a production secret/);
    expect(message).toMatch(/WECHAT_MODE must be "real"/);
  });
});

describe('configuration: weak secrets and Swagger in production', () => {
  it('starts with real secrets, and Swagger is off unless enabled', () => {
    expect(buildConfig(PRODUCTION).swaggerEnabled).toBe(false);
    expect(buildConfig({ ...PRODUCTION, SWAGGER_ENABLED: 'true' }).swaggerEnabled).toBe(true);
    expect(buildConfig({}).swaggerEnabled).toBe(true);
  });

  it.each([
    ['the default JWT secret plus one character', { JWT_SECRET: 'dev-only-secret-change-me-in-production!' }, /JWT_SECRET/],
    ['a JWT secret made of a word', { JWT_SECRET: 'mysecretmysecretmysecretmysecret' }, /JWT_SECRET/],
    ['a JWT secret of one repeated character', { JWT_SECRET: 'x'.repeat(40) }, /JWT_SECRET.*distinct/],
    ['a short JWT secret', { JWT_SECRET: 'q8Zr3LkP0vWx7NcT' }, /JWT_SECRET/],
    ['the simulator push token', { WECHAT_PUSH_TOKEN: 'sim-push-token' }, /WECHAT_PUSH_TOKEN/],
    ['the simulator WeChat secret', { WECHAT_SECRET: 'sim-secret-0123456789' }, /WECHAT_SECRET/],
    ['the simulator app id', { WECHAT_APPID: 'wx-sim-appid' }, /WECHAT_APPID/],
    ['the simulator merchant', { WECHATPAY_MCHID: '1900000001' }, /WECHATPAY_MCHID/],
    ['a placeholder APIv3 key', { WECHATPAY_APIV3_KEY: '0123456789abcdef0123456789abcdef' }, /WECHATPAY_APIV3_KEY/],
  ])('refuses %s', (_label, change, message) => {
    expect(() => buildConfig({ ...PRODUCTION, ...change })).toThrow(message);
  });

  it('does not mistake a random secret for a placeholder', () => {
    for (let i = 0; i < 200; i++) {
      const secret = randomBytes(32).toString('base64url');
      expect(weakSecretReason(secret, 32)).toBeNull();
    }
  });
});
