import { buildConfig, notifyUrlProblem } from './app-config';

/** Real-looking secrets: production refuses weak or simulator-looking ones (app-config.spec.ts). */
const production = {
  NODE_ENV: 'production',
  DEMO_DATA: 'false',
  WECHAT_MODE: 'real',
  JWT_SECRET: 'q8Zr3LkP0vWx7NcT2yHb5JmF9aGd4sEu1KoQ6iVn',
  DATABASE_URL: 'mysql://u:p@db/sansui',
  WECHAT_APPID: 'wx123',
  WECHAT_SECRET: '9c1e7b3a5f0d2846e8b1c9a7f3d5e026',
  WECHAT_PUSH_TOKEN: 'Tq7vB2mX9kLp4RzN',
  WECHAT_TEMPLATE_CASE_PROGRESS: 'a',
  WECHAT_TEMPLATE_REWARD_NOTICE: 'b',
  WECHATPAY_MCHID: '1612345678',
  WECHATPAY_SERIAL: 'ABC',
  WECHATPAY_PRIVATE_KEY: 'pem',
  WECHATPAY_PLATFORM_SERIAL: 'PUB_KEY_ID_1',
  WECHATPAY_PLATFORM_KEY: 'pem',
  WECHATPAY_APIV3_KEY: 'Hk3Lm9Qp2Rs7Tv4Wx8Yz1Ab5Cd0Ef6Gj',
};

/** WeChat Pay refuses a transfer whose notify_url is not public HTTPS without parameters: production must not start so. */
describe('notify_url in production', () => {
  it.each([
    ['http://sansui.example.cn', /https/],
    ['https://sansui.example.cn?tenant=1', /parameters/],
    ['https://sansui.example.cn/#x', /parameters/],
    ['not a url', /absolute/],
  ])('refuses PUBLIC_BASE_URL=%s', (url, why) => {
    expect(notifyUrlProblem(url)).toMatch(why);
    expect(() => buildConfig({ ...production, PUBLIC_BASE_URL: url })).toThrow(/Refusing to start in production/);
  });

  it('starts with a public https base URL, and outside production with http', () => {
    expect(notifyUrlProblem('https://sansui.example.cn')).toBeNull();
    expect(buildConfig({ ...production, PUBLIC_BASE_URL: 'https://sansui.example.cn' }).publicBaseUrl).toBe('https://sansui.example.cn');
    expect(buildConfig({ NODE_ENV: 'development', PUBLIC_BASE_URL: 'http://127.0.0.1:3000' }).publicBaseUrl).toBe('http://127.0.0.1:3000');
  });

  it('takes a second platform key only with its serial', () => {
    expect(() => buildConfig({ NODE_ENV: 'development', WECHATPAY_PLATFORM_SERIAL_2: 'PUB_KEY_ID_2' })).toThrow(/go together/);
  });
});
