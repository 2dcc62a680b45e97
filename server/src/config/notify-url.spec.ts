import { buildConfig, notifyUrlProblem } from './app-config';

const production = {
  NODE_ENV: 'production',
  DEMO_DATA: 'false',
  WECHAT_MODE: 'real',
  JWT_SECRET: 'a-production-secret-of-at-least-32-characters',
  DATABASE_URL: 'mysql://u:p@db/sansui',
  WECHAT_APPID: 'wx123',
  WECHAT_SECRET: 's',
  WECHAT_PUSH_TOKEN: 'push-token',
  WECHAT_TEMPLATE_CASE_PROGRESS: 'a',
  WECHAT_TEMPLATE_REWARD_NOTICE: 'b',
  WECHATPAY_MCHID: '1900000001',
  WECHATPAY_SERIAL: 'ABC',
  WECHATPAY_PRIVATE_KEY: 'pem',
  WECHATPAY_PLATFORM_SERIAL: 'PUB_KEY_ID_1',
  WECHATPAY_PLATFORM_KEY: 'pem',
  WECHATPAY_APIV3_KEY: '0123456789abcdef0123456789abcdef',
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
