import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { startTestApp, type TestApp } from '../testing/test-app';
import { signResponseHeaders } from './callback';
import { SimWechatpayService } from './simulator/sim-wechatpay.service';
import type { CreateTransferBill } from './transfer-client';
import { WECHATPAY_KEYS } from './wechatpay.tokens';
import type { WechatpayKeys } from './wechatpay-keys';
import { WechatpayTransferClient } from './wechatpay-transfer.client';

const pair = () =>
  generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });

/**
 * The four protocol points of WeChat Pay's docs the client keeps (issue 14 §0), against the simulator
 * and against a crafted WeChat Pay that answers with a second platform key: `Wechatpay-Serial` on every
 * request, a set of platform keys for answers, and the fund-flow bill download with its SHA1 check.
 */
describe('WeChat Pay client: Wechatpay-Serial, two platform keys, fund-flow bill', () => {
  let t: TestApp;
  let keys: WechatpayKeys;
  let crafted: Server;
  let craftedBase = '';
  /** What the crafted WeChat Pay answers next: body, signing key, and the headers it saw. */
  const crafted$ = { serial: '', privateKey: '', seen: [] as Record<string, unknown>[], fileHash: '', file: Buffer.alloc(0) };
  const second = pair();
  const secondSerial = 'PUB_KEY_ID_0114000000000000000000000000SECOND';
  const body = (no: string): CreateTransferBill => ({
    appid: 'wx-sim-appid',
    out_bill_no: no,
    transfer_scene_id: '1000',
    openid: 'o-dev-test',
    transfer_amount: 120,
    transfer_remark: '三随红包',
    notify_url: `${t.baseUrl}/api/v1/wechatpay/notify`,
    user_recv_perception: '现金奖励',
    transfer_scene_report_infos: [
      { info_type: '活动名称', info_content: '三随红包' },
      { info_type: '奖励说明', info_content: '上报问题奖励' },
    ],
  });

  beforeAll(async () => {
    t = await startTestApp();
    keys = t.app.get(WECHATPAY_KEYS);
    crafted = createServer((req, res) => {
      crafted$.seen.push({ url: req.url, serial: req.headers['wechatpay-serial'] });
      if (req.url?.startsWith('/v3/billdownload/file')) {
        res.writeHead(200, { 'Content-Type': 'application/octet-stream' }).end(gzipSync(crafted$.file));
        return;
      }
      const payload = req.url?.startsWith('/v3/bill/fundflowbill')
        ? JSON.stringify({
            download_url: `${craftedBase}/v3/billdownload/file?token=abc`,
            hash_type: 'SHA1',
            hash_value: crafted$.fileHash,
          })
        : JSON.stringify({ out_bill_no: 'CRAFTED0001', transfer_bill_no: '1330000001', state: 'WAIT_USER_CONFIRM', package_info: 'pkg' });
      res.writeHead(200, signResponseHeaders(payload, crafted$.serial, crafted$.privateKey)).end(payload);
    });
    await new Promise<void>((r) => crafted.listen(0, '127.0.0.1', r));
    craftedBase = `http://127.0.0.1:${(crafted.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => crafted?.close(r));
    await t?.close();
  });

  it('names the platform key in Wechatpay-Serial on every request; the simulator refuses requests without a known one', async () => {
    const client = new WechatpayTransferClient(keys, `${t.baseUrl}/sim/wechatpay`);
    expect(await client.create(body('DEVSERIAL01'))).toMatchObject({ ok: true, bill: { state: 'WAIT_USER_CONFIRM' } });
    const wrongSerial = new WechatpayTransferClient(
      { ...keys, platformSerial: 'PUB_KEY_ID_NOT_OURS', platformKeys: { ...keys.platformKeys, PUB_KEY_ID_NOT_OURS: second.publicKey } },
      `${t.baseUrl}/sim/wechatpay`,
    );
    expect(await wrongSerial.query('DEVSERIAL01')).toMatchObject({ ok: false, kind: 'rejected', status: 400, code: 'PARAM_ERROR' });

    crafted$.serial = keys.platformSerial;
    crafted$.privateKey = keys.sim!.platformPrivateKeyPem;
    crafted$.seen = [];
    const toCrafted = new WechatpayTransferClient(keys, craftedBase);
    await toCrafted.create(body('CRAFTED0001'));
    await toCrafted.query('CRAFTED0001');
    await toCrafted.cancel('CRAFTED0001');
    expect(crafted$.seen.map((s) => s.serial)).toEqual([keys.platformSerial, keys.platformSerial, keys.platformSerial]);
  });

  it('accepts answers signed with either key of a switch, and no other', async () => {
    crafted$.serial = secondSerial;
    crafted$.privateKey = second.privateKey;
    const both = new WechatpayTransferClient(
      { ...keys, platformKeys: { ...keys.platformKeys, [secondSerial]: second.publicKey } },
      craftedBase,
    );
    expect(await both.query('CRAFTED0001')).toMatchObject({ ok: true, bill: { out_bill_no: 'CRAFTED0001' } });
    const oldOnly = new WechatpayTransferClient(keys, craftedBase);
    expect(await oldOnly.query('CRAFTED0001')).toMatchObject({ ok: false, kind: 'unknown' });
    // The old key still verifies the simulator's answers while the new one is configured too.
    const simBoth = new WechatpayTransferClient(
      { ...keys, platformKeys: { [secondSerial]: second.publicKey, ...keys.platformKeys } },
      `${t.baseUrl}/sim/wechatpay`,
    );
    expect(await simBoth.query('DEVSERIAL01')).toMatchObject({ ok: true });
    // A forged answer: signed with a key whose serial we trust, but by someone else's private key.
    crafted$.serial = keys.platformSerial;
    crafted$.privateKey = pair().privateKey;
    expect(await both.query('CRAFTED0001')).toMatchObject({ ok: false, kind: 'unknown' });
  });

  it('downloads the fund-flow bill through the simulator (gzip, SHA1 checked) in WeChat Pay’s file format', async () => {
    const client = new WechatpayTransferClient(keys, `${t.baseUrl}/sim/wechatpay`);
    await client.create(body('DEVFLOW0001'));
    const sim = t.app.get(SimWechatpayService);
    await sim.confirm('DEVFLOW0001');
    const day = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const res = await client.fundFlowBill(day);
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    const lines = res.csv.trim().split(/\r?\n/);
    expect(lines[0]).toBe(
      '记账时间,微信支付业务单号,资金流水单号,业务名称,业务类型,收支类型,收支金额(元),账户结余(元),资金变更提交申请人,备注,业务凭证号',
    );
    expect(lines.find((l) => l.includes('DEVFLOW0001'))).toMatch(/^`\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,`\d+,.*`支出,`1\.20,/);
    expect(lines.at(-2)).toBe('资金流水总笔数,收入笔数,收入金额,支出笔数,支出金额');
    expect(await client.fundFlowBill('2026-13-45')).toMatchObject({ ok: false, kind: 'rejected', code: 'PARAM_ERROR' });
  });

  it('refuses a downloaded bill whose SHA1 differs from the answer, and a download URL on another host', async () => {
    crafted$.serial = keys.platformSerial;
    crafted$.privateKey = keys.sim!.platformPrivateKeyPem;
    crafted$.file = Buffer.from('记账时间,微信支付业务单号\r\n');
    crafted$.fileHash = createHash('sha1').update(crafted$.file).digest('hex');
    const client = new WechatpayTransferClient(keys, craftedBase);
    expect(await client.fundFlowBill('2026-12-01')).toMatchObject({ ok: true, sha1: crafted$.fileHash });
    crafted$.fileHash = '0'.repeat(40);
    expect(await client.fundFlowBill('2026-12-01')).toMatchObject({ ok: false, code: 'HASH_MISMATCH' });
    const viaOtherBase = new WechatpayTransferClient(keys, `${craftedBase}/elsewhere`);
    expect(await viaOtherBase.fundFlowBill('2026-12-01')).toMatchObject({ ok: false });
  });
});
