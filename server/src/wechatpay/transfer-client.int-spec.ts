import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { startTestApp, type TestApp } from '../testing/test-app';
import { WECHATPAY_KEYS } from './wechatpay.tokens';
import type { WechatpayKeys } from './wechatpay-keys';
import type { CreateTransferBill } from './transfer-client';
import { WechatpayTransferClient } from './wechatpay-transfer.client';

/**
 * The real WeChat Pay client (wechatpay-axios-plugin) against the simulator over HTTP, with the
 * simulator answering in platform-CERTIFICATE mode (the HTTP loop suite covers PUB_KEY_ID mode).
 */
describe('WeChat Pay transfer client ⇄ simulator (platform certificate mode)', () => {
  let t: TestApp;
  let keys: WechatpayKeys;
  let client: WechatpayTransferClient;
  const body = (no: string, patch: Partial<CreateTransferBill> = {}): CreateTransferBill => ({
    appid: (t.app.get(APP_CONFIG) as AppConfig).wechat.appId,
    out_bill_no: no,
    transfer_scene_id: '1000',
    openid: 'o-client-test',
    transfer_amount: 200,
    transfer_remark: '三随红包',
    notify_url: `${t.baseUrl}/api/v1/wechatpay/notify`,
    user_recv_perception: '现金奖励',
    transfer_scene_report_infos: [
      { info_type: '活动名称', info_content: '三随红包' },
      { info_type: '奖励说明', info_content: '上报问题奖励' },
    ],
    ...patch,
  });

  beforeAll(async () => {
    t = await startTestApp({ WECHATPAY_SIM_KEY_MODE: 'cert' });
    keys = t.app.get(WECHATPAY_KEYS);
    client = new WechatpayTransferClient(keys, `${t.baseUrl}/sim/wechatpay`);
  });
  afterAll(async () => t?.close());

  it('runs in certificate mode', () => {
    expect(keys.platformKeyPem).toContain('BEGIN CERTIFICATE');
    expect(keys.platformSerial).not.toMatch(/^PUB_KEY_ID_/);
  });

  it('creates a bill, gets the same bill back for the same parameters, and refuses different ones', async () => {
    const a = await client.create(body('CLIENTT0001'));
    expect(a).toMatchObject({
      ok: true,
      bill: { out_bill_no: 'CLIENTT0001', state: 'WAIT_USER_CONFIRM', package_info: expect.any(String) },
    });
    const b = await client.create(body('CLIENTT0001'));
    expect(b).toEqual(a);
    expect(await client.create(body('CLIENTT0001', { transfer_amount: 300 }))).toMatchObject({
      ok: false,
      kind: 'rejected',
      status: 400,
      code: 'INVALID_REQUEST',
    });
  });

  it.each([
    ['amount below 10 fen', { transfer_amount: 9 }],
    ['remark over 32 characters', { transfer_remark: '红'.repeat(33) }],
    ['wrong scene', { transfer_scene_id: '1001' as '1000' }],
    [
      'one report info only',
      {
        transfer_scene_report_infos: [
          { info_type: '活动名称', info_content: 'x' },
        ] as unknown as CreateTransferBill['transfer_scene_report_infos'],
      },
    ],
  ])('answers PARAM_ERROR for %s', async (_n, patch) => {
    expect(await client.create(body(`CLIENTP${Math.floor(Math.random() * 1e6)}`, patch))).toMatchObject({
      ok: false,
      kind: 'rejected',
      code: 'PARAM_ERROR',
    });
  });

  it('queries, cancels, and reports unknown bills as not found', async () => {
    await client.create(body('CLIENTT0002'));
    expect(await client.query('CLIENTT0002')).toMatchObject({ ok: true, bill: { state: 'WAIT_USER_CONFIRM', transfer_amount: 200 } });
    expect(await client.cancel('CLIENTT0002')).toMatchObject({ ok: true, bill: { state: 'CANCELLED' } });
    expect(await client.query('CLIENTT0002')).toMatchObject({ ok: true, bill: { state: 'CANCELLED' } });
    expect(await client.query('CLIENTNOPE')).toMatchObject({ ok: false, kind: 'not_found' });
  });

  it('treats answers it cannot verify as unknown (retry with the same bill), and the simulator refuses bad merchant signatures', async () => {
    const wrongPlatform = new WechatpayTransferClient(
      { ...keys, platformKeys: { [keys.platformSerial]: keys.sim!.merchantPublicKeyPem } },
      `${t.baseUrl}/sim/wechatpay`,
    );
    expect(await wrongPlatform.create(body('CLIENTT0003'))).toMatchObject({ ok: false, kind: 'unknown' });
    const wrongMerchant = new WechatpayTransferClient(
      { ...keys, privateKeyPem: keys.sim!.platformPrivateKeyPem },
      `${t.baseUrl}/sim/wechatpay`,
    );
    expect(await wrongMerchant.create(body('CLIENTT0004'))).toMatchObject({ ok: false, status: 401, code: 'SIGN_ERROR' });
    const down = new WechatpayTransferClient(keys, 'http://127.0.0.1:9/sim/wechatpay');
    expect(await down.query('CLIENTT0001')).toMatchObject({ ok: false, kind: 'unknown' });
  });

  it('keeps to 100 requests per second', async () => {
    const started = Date.now();
    await Promise.all(Array.from({ length: 120 }, () => client.query('CLIENTT0001')));
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });
});
