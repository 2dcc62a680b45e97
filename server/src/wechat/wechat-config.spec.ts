import { buildConfig, wechatProductionMissing } from '../config/app-config';

describe('WeChat and notification configuration', () => {
  it('has simulator defaults: push token, template ids, the local simulator as API base', () => {
    const c = buildConfig({ PORT: '4100' });
    expect(c.wechat.apiBase).toBe('http://127.0.0.1:4100/sim/wechat');
    expect(c.wechatPush.token).toBe('sim-push-token');
    expect(c.wechatTemplates).toEqual({ case_progress: 'sim-tmpl-case-progress', reward_notice: 'sim-tmpl-reward-notice' });
    expect(c.outboxMaxAttempts).toBe(6);
    expect(buildConfig({ WECHAT_PUSH_TOKEN: 'tok123', WECHAT_TEMPLATE_CASE_PROGRESS: 'T1' })).toMatchObject({
      wechatPush: { token: 'tok123' },
      wechatTemplates: { case_progress: 'T1' },
    });
  });

  it('names the push token and template ids missing in production', () => {
    expect(wechatProductionMissing({ NODE_ENV: 'production' })).toEqual([
      'WECHAT_PUSH_TOKEN',
      'WECHAT_TEMPLATE_CASE_PROGRESS',
      'WECHAT_TEMPLATE_REWARD_NOTICE',
    ]);
    expect(
      wechatProductionMissing({
        NODE_ENV: 'production',
        WECHAT_PUSH_TOKEN: 't',
        WECHAT_TEMPLATE_CASE_PROGRESS: 'a',
        WECHAT_TEMPLATE_REWARD_NOTICE: 'b',
      }),
    ).toEqual([]);
    expect(wechatProductionMissing({ NODE_ENV: 'development' })).toEqual([]);
  });

  it('rejects a bad miniprogram state and a negative simulator delay', () => {
    expect(() => buildConfig({ WECHAT_MINIPROGRAM_STATE: 'beta' })).toThrow(/WECHAT_MINIPROGRAM_STATE/);
    expect(() => buildConfig({ WECHAT_SIM_MEDIA_DELAY_MS: '-1' })).toThrow(/WECHAT_SIM_MEDIA_DELAY_MS/);
  });
});
