import { HttpAdapterHost } from '@nestjs/core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppConfig } from '../../config/app-config';
import type { WechatpayKeys } from '../wechatpay-keys';
import { SIM_PLATFORM_KEY_PAIR } from './sim-key-pairs';
import { HELD_CALLBACKS_AFTER_LISTEN_MS, SimWechatpayService } from './sim-wechatpay.service';

const APPID = 'wx-sim-app';

function transferBody(outBillNo: string): Record<string, unknown> {
  return {
    appid: APPID,
    out_bill_no: outBillNo,
    transfer_scene_id: '1000',
    openid: 'o-resident',
    transfer_amount: 100,
    transfer_remark: '随手拍奖励',
    notify_url: 'http://127.0.0.1:1/api/v1/wechatpay/notify',
    transfer_scene_report_infos: [
      { info_type: '活动名称', info_content: '随手拍' },
      { info_type: '奖励说明', info_content: '有效上报' },
    ],
  };
}

/**
 * In demo mode the notify URL is a route of this same server, and the demo seed finishes bills before the server
 * listens: their callbacks wait for it instead of being refused (and signed again) at every retry.
 */
describe('SimWechatpayService callbacks', () => {
  let dataDir: string;
  let host: HttpAdapterHost;
  let sim: SimWechatpayService;
  let fetchSpy: jest.SpyInstance;

  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] });
    dataDir = mkdtempSync(join(tmpdir(), 'sim-wechatpay-'));
    fetchSpy = jest.spyOn(globalThis, 'fetch').mockResolvedValue(new Response(null, { status: 204 }));
    host = new HttpAdapterHost();
    const config = {
      dataDir,
      wechat: { appId: APPID },
      wechatpay: {
        sceneMaxFen: 20_000,
        sim: { seed: 7, acceptedRate: 0, duplicateRate: 0, lateRate: 0, lateMs: 60_000, openingBalanceFen: 0 },
      },
    } as unknown as AppConfig;
    const keys = {
      mchid: '1900000001',
      platformSerial: 'PUB_KEY_ID_SIM',
      apiv3Key: 'a'.repeat(32),
      sim: { merchantPublicKeyPem: '', platformPrivateKeyPem: SIM_PLATFORM_KEY_PAIR.privateKey },
    } as unknown as WechatpayKeys;
    sim = new SimWechatpayService(config, keys, host);
    sim.onModuleInit();
  });
  afterEach(() => {
    sim.onModuleDestroy();
    fetchSpy.mockRestore();
    jest.useRealTimers();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('holds a callback due before the server listens, then sends it once', async () => {
    await sim.create(transferBody('DEMO0001'));
    await sim.confirm('DEMO0001');
    await jest.advanceTimersByTimeAsync(10_000);
    expect(fetchSpy).not.toHaveBeenCalled();

    host.listening = true;
    // Not in the moment the server starts answering: its first visitors come before the seed's callbacks.
    await jest.advanceTimersByTimeAsync(HELD_CALLBACKS_AFTER_LISTEN_MS - 1);
    expect(fetchSpy).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(fetchSpy).toHaveBeenCalledTimes(1);
    expect(sim.delivered.get('DEMO0001')).toBe(1);
  });

  it('sends at once when the server already listens', async () => {
    host.listening = true;
    await sim.create(transferBody('DEMO0002'));
    await sim.confirm('DEMO0002');
    await jest.advanceTimersByTimeAsync(50);
    expect(fetchSpy).toHaveBeenCalledTimes(1);
    expect(sim.delivered.get('DEMO0002')).toBe(1);
  });
});
