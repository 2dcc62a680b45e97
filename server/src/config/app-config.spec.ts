import { buildConfig } from './app-config';

/** A production environment that boots: every required variable set, nothing from the simulators or the demo. */
const PRODUCTION = {
  NODE_ENV: 'production',
  DATABASE_URL: 'mysql://sansui:secret@db.internal:3306/sansui',
  PUBLIC_BASE_URL: 'https://sansui.example.gov.cn',
  JWT_SECRET: 'a-real-secret-of-forty-characters-long!!',
  WECHAT_MODE: 'real',
  WECHAT_APPID: 'wx0123456789abcdef',
  WECHAT_SECRET: 'appsecret',
  WECHAT_PUSH_TOKEN: 'push-token',
  WECHAT_TEMPLATE_CASE_PROGRESS: 'tmpl-progress',
  WECHAT_TEMPLATE_REWARD_NOTICE: 'tmpl-reward',
  WECHATPAY_MCHID: '1900000109',
  WECHATPAY_SERIAL: 'MERCHANT-SERIAL',
  WECHATPAY_PRIVATE_KEY_PATH: '/etc/sansui/apiclient_key.pem',
  WECHATPAY_PLATFORM_KEY_PATH: '/etc/sansui/pub_key.pem',
  WECHATPAY_PLATFORM_SERIAL: 'PUB_KEY_ID_0123456789',
  WECHATPAY_APIV3_KEY: '0123456789abcdef0123456789abcdef',
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
    expect(() => buildConfig({ ...PRODUCTION, JWT_SECRET: 'x'.repeat(31) })).toThrow(/JWT_SECRET must be set to a secret of at least 32/);
    expect(buildConfig({ ...PRODUCTION, JWT_SECRET: 'x'.repeat(32) }).jwt.secret).toHaveLength(32);
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
    expect(message).toMatch(/JWT_SECRET must be set/);
    expect(message).toMatch(/WECHAT_MODE must be "real"/);
  });
});
