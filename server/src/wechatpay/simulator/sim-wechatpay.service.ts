import { chinaDayStart } from '@sansui/shared';
import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { createHash, createVerify, randomBytes } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { buildSignedCallback, rfc3339China } from '../callback';
import type { TransferBill } from '../transfer-client';
import { WECHATPAY_KEYS } from '../wechatpay.tokens';
import type { WechatpayKeys } from '../wechatpay-keys';
import { seededRandom } from './sim-random';
import { fundFlowBillCsv } from './sim-fund-flow-bill';
import { validateCreateParams } from './sim-rules';
import { SimBillStore, type SimTransferBill } from './sim-bill-store';

export class SimError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const EXPIRY_MS = 24 * 3600_000;
const OPEN_STATES = ['ACCEPTED', 'PROCESSING', 'WAIT_USER_CONFIRM', 'TRANSFERING'];

/**
 * WeChat Pay's merchant-transfer service, simulated (docs/domain.md §10): bills in its own store (SimBillStore), the
 * state machine ACCEPTED → WAIT_USER_CONFIRM → SUCCESS / FAIL / CANCELLED, expiry after 24 h on its own
 * clock (which tests move), and signed + encrypted MCHTRANSFER.BILL.FINISHED callbacks, sometimes sent
 * twice and sometimes late (seeded, so tests are reproducible).
 */
/** How long after this server listens the callbacks held until then start. */
export const HELD_CALLBACKS_AFTER_LISTEN_MS = 1_000;

@Injectable()
export class SimWechatpayService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('SimWechatpay');
  private offsetMs = 0;
  private readonly random: () => number;
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Callbacks due before this server listens, started when it does. */
  private readonly held: (() => void)[] = [];
  private closed = false;
  /** Callbacks delivered (for tests): outBillNo → count. */
  readonly delivered = new Map<string, number>();
  readonly store: SimBillStore;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(WECHATPAY_KEYS) private readonly keys: WechatpayKeys,
    private readonly http: HttpAdapterHost,
  ) {
    this.random = seededRandom(config.wechatpay.sim.seed);
    this.store = new SimBillStore(config.dataDir);
  }

  onModuleInit(): void {
    // A second after listening: the held callbacks (the demo seed's bills) sign, load the WeChat Pay plugin and
    // are answered by this same server, which would otherwise do that before answering its first visitors.
    this.http.listen$.subscribe(() => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        for (const start of this.held.splice(0)) start();
      }, HELD_CALLBACKS_AFTER_LISTEN_MS);
      t.unref();
      this.timers.add(t);
    });
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advanceClock(ms: number): Date {
    this.offsetMs += ms;
    return this.now();
  }

  /**
   * As WeChat Pay: the Authorization signature of the merchant, and a Wechatpay-Serial header naming a
   * platform key of this merchant (the 微信支付公钥ID or a platform certificate serial).
   */
  verifyMerchantSignature(
    auth: Record<string, string>,
    method: string,
    url: string,
    body: string,
    wechatpaySerial: string | undefined,
  ): SimError | null {
    if (!wechatpaySerial || !this.platformSerials().includes(wechatpaySerial))
      return new SimError(400, 'PARAM_ERROR', '请求头 Wechatpay-Serial 缺失或不是本商户的微信支付公钥ID/平台证书序列号');
    if (auth.mchid !== this.keys.mchid) return new SimError(400, 'PARAM_ERROR', '商户号不存在');
    if (auth.serial_no !== this.keys.serial) return new SimError(401, 'SIGN_ERROR', '商户证书序列号有误');
    if (Math.abs(Date.now() / 1000 - Number(auth.timestamp)) > 300) return new SimError(401, 'SIGN_ERROR', '请求时间戳已过期');
    const message = `${method}\n${url}\n${auth.timestamp}\n${auth.nonce_str}\n${body}\n`;
    const ok = createVerify('RSA-SHA256').update(message).verify(this.keys.sim!.merchantPublicKeyPem, auth.signature, 'base64');
    return ok ? null : new SimError(401, 'SIGN_ERROR', '签名错误');
  }

  async create(body: Record<string, unknown>): Promise<TransferBill> {
    const problem = validateCreateParams(body, { appid: this.config.wechat.appId });
    if (problem) throw new SimError(400, 'PARAM_ERROR', problem);
    if ((body.transfer_amount as number) > this.config.wechatpay.sceneMaxFen)
      throw new SimError(400, 'INVALID_REQUEST', '超过单笔转账上下限，核实产品设置是否准确');
    const params = JSON.stringify(canonical(body));
    const paramsHash = createHash('sha256').update(params).digest('hex');
    const outBillNo = body.out_bill_no as string;
    let bill = this.store.find(outBillNo);
    if (!bill) {
      const now = this.now();
      const transferBillNo = `1330${Date.now()}${String(randomBytes(6).readUIntBE(0, 6)).padStart(15, '0')}`;
      const state = this.random() < this.config.wechatpay.sim.acceptedRate ? 'ACCEPTED' : 'WAIT_USER_CONFIRM';
      const inserted = this.store.insert({
        outBillNo,
        mchid: this.keys.mchid,
        transferBillNo,
        appid: body.appid as string,
        openid: body.openid as string,
        amountFen: body.transfer_amount as number,
        paramsHash,
        params,
        notifyUrl: (body.notify_url as string) ?? '',
        state,
        failReason: null,
        packageInfo: `ABBQO+oYAAABAAAAAAA${randomBytes(24).toString('base64url')}`,
        createdAt: now,
        updatedAt: now,
        callbacksSent: 0,
      });
      bill = this.store.find(outBillNo);
      if (!bill) throw new SimError(500, 'SYSTEM_ERROR', '系统繁忙，请稍后重试');
      if (inserted) return this.view(bill, 'create');
    }
    if (bill.paramsHash !== paramsHash) throw new SimError(400, 'INVALID_REQUEST', '商户单号已存在，且请求参数与原单不一致');
    bill = await this.expireIfDue(bill);
    if (bill.state === 'ACCEPTED') {
      this.store.transition(outBillNo, ['ACCEPTED'], { state: 'WAIT_USER_CONFIRM', failReason: null, updatedAt: this.now() });
      bill = this.store.find(outBillNo)!;
    }
    return this.view(bill, 'create');
  }

  async query(outBillNo: string): Promise<TransferBill> {
    const bill = await this.find(outBillNo);
    return this.view(await this.expireIfDue(bill), 'query');
  }

  async cancel(outBillNo: string): Promise<TransferBill> {
    let bill = await this.expireIfDue(await this.find(outBillNo));
    if (bill.state === 'CANCELLED') return this.view(bill, 'cancel');
    if (!OPEN_STATES.includes(bill.state)) throw new SimError(400, 'INVALID_REQUEST', '转账单当前状态不可撤销');
    bill = await this.finish(bill, 'CANCELLED', null);
    return this.view(bill, 'cancel');
  }

  /** The resident tapping 确认收款 in WeChat. */
  async confirm(outBillNo: string): Promise<TransferBill> {
    let bill = await this.expireIfDue(await this.find(outBillNo));
    if (bill.state === 'SUCCESS') return this.view(bill, 'query');
    if (bill.state !== 'WAIT_USER_CONFIRM' && bill.state !== 'ACCEPTED')
      throw new SimError(409, 'SIM_BILL_STATE_INVALID', '转账单当前状态不能确认收款');
    bill = await this.finish(bill, 'SUCCESS', null);
    return this.view(bill, 'query');
  }

  /** WeChat Pay closing one bill left unconfirmed for 24 h, now (demo history; tests move the clock instead). */
  async expire(outBillNo: string): Promise<TransferBill> {
    const bill = await this.find(outBillNo);
    if (!OPEN_STATES.includes(bill.state)) throw new SimError(409, 'SIM_BILL_STATE_INVALID', '转账单已是终态');
    return this.view(await this.finish(bill, 'FAIL', 'OVERDUE_CLOSE'), 'query');
  }

  /** Closes every bill unconfirmed for 24 h (simulator clock) as FAIL and notifies. */
  async expireDue(): Promise<number> {
    const due = this.store.openCreatedBefore(OPEN_STATES, new Date(this.now().getTime() - EXPIRY_MS));
    for (const b of due) await this.expireIfDue(b);
    return due.length;
  }

  /**
   * GET /v3/bill/fundflowbill: the day's fund-flow bill (资金账单) is built from this simulator's own
   * bills (every SUCCESS bill is an outflow of the basic account), in WeChat Pay's file format; the
   * answer names a download URL and the SHA1 of the uncompressed file.
   */
  fundFlowBill(
    billDate: string,
    tarType: string | undefined,
    downloadBase: string,
  ): { download_url: string; hash_type: 'SHA1'; hash_value: string } {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(billDate) || new Date(Date.parse(`${billDate}T00:00:00Z`) || 0).toISOString().slice(0, 10) !== billDate)
      throw new SimError(400, 'PARAM_ERROR', 'bill_date 格式应为 yyyy-MM-DD');
    if (tarType !== undefined && tarType !== 'GZIP') throw new SimError(400, 'PARAM_ERROR', 'tar_type 只能为 GZIP');
    const csv = this.fundFlowFile(billDate);
    const token = Buffer.from(JSON.stringify({ d: billDate, g: tarType === 'GZIP' })).toString('base64url');
    return {
      download_url: `${downloadBase}/v3/billdownload/file?token=${token}`,
      hash_type: 'SHA1',
      hash_value: createHash('sha1').update(csv).digest('hex'),
    };
  }

  /** GET /v3/billdownload/file?token=…: the file named by a fundflowbill answer (gzip when asked). */
  download(token: string): { file: Buffer; gzip: boolean } {
    let parsed: { d?: string; g?: boolean };
    try {
      parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { d?: string; g?: boolean };
    } catch {
      throw new SimError(400, 'PARAM_ERROR', 'token 无效');
    }
    if (!parsed.d) throw new SimError(400, 'PARAM_ERROR', 'token 无效');
    return { file: Buffer.from(this.fundFlowFile(parsed.d), 'utf8'), gzip: parsed.g === true };
  }

  private fundFlowFile(billDate: string): string {
    const from = chinaDayStart(billDate);
    const to = new Date(from.getTime() + 86_400_000);
    return fundFlowBillCsv(
      this.store.updatedBetween(from, to).filter((b) => b.state === 'SUCCESS'),
      this.config.wechatpay.sim.openingBalanceFen,
    );
  }

  async allBills(): Promise<SimTransferBill[]> {
    return this.store.all();
  }

  onModuleDestroy(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.store.close();
  }

  /** The platform keys this merchant may name in Wechatpay-Serial (the configured set). */
  private platformSerials(): string[] {
    return Object.keys(this.keys.platformKeys);
  }

  private async find(outBillNo: string): Promise<SimTransferBill> {
    const bill = this.store.find(outBillNo, this.keys.mchid);
    if (!bill) throw new SimError(404, 'NOT_FOUND', '记录不存在');
    return bill;
  }

  private async expireIfDue(bill: SimTransferBill): Promise<SimTransferBill> {
    if (!OPEN_STATES.includes(bill.state) || this.now().getTime() - bill.createdAt.getTime() < EXPIRY_MS) return bill;
    return this.finish(bill, 'FAIL', 'OVERDUE_CLOSE');
  }

  /** Moves an open bill to a final state once (conditional update) and schedules the callback. */
  private async finish(
    bill: SimTransferBill,
    state: 'SUCCESS' | 'FAIL' | 'CANCELLED',
    failReason: string | null,
  ): Promise<SimTransferBill> {
    const moved = this.store.transition(bill.outBillNo, OPEN_STATES, { state, failReason, updatedAt: this.now() });
    const fresh = this.store.find(bill.outBillNo)!;
    if (moved) this.scheduleCallback(fresh);
    return fresh;
  }

  private scheduleCallback(bill: SimTransferBill): void {
    const sim = this.config.wechatpay.sim;
    const copies = this.random() < sim.duplicateRate ? 2 : 1;
    for (let i = 0; i < copies; i++) {
      const late = this.random() < sim.lateRate;
      this.later(late ? sim.lateMs * (1 + i) : 5 + i * 20, () => this.deliver(bill, 1));
    }
  }

  /**
   * Runs `fn` in `ms`, counted from a second after this server listens: in demo mode the notify URL is a route of this
   * same server, and the demo seed finishes its payouts' bills before it listens, so an earlier callback was refused
   * and signed again at every retry (and could run out of retries before the server was up).
   */
  private later(ms: number, fn: () => Promise<void>): void {
    if (this.closed) return;
    if (!this.http.listening) {
      this.held.push(() => this.later(ms, fn));
      return;
    }
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn().catch((e) => this.logger.warn(`callback failed: ${(e as Error).message}`));
    }, ms);
    t.unref();
    this.timers.add(t);
  }

  private async deliver(bill: SimTransferBill, attempt: number): Promise<void> {
    if (this.closed || !bill.notifyUrl) return;
    const payload: TransferBill = {
      out_bill_no: bill.outBillNo,
      transfer_bill_no: bill.transferBillNo,
      state: bill.state as TransferBill['state'],
      mch_id: bill.mchid,
      transfer_amount: bill.amountFen,
      openid: bill.openid,
      ...(bill.failReason ? { fail_reason: bill.failReason } : {}),
      create_time: rfc3339China(bill.createdAt),
      update_time: rfc3339China(bill.updatedAt),
    };
    const signed = buildSignedCallback(
      payload,
      {
        platformSerial: this.keys.platformSerial,
        platformPrivateKeyPem: this.keys.sim!.platformPrivateKeyPem,
        apiv3Key: this.keys.apiv3Key,
      },
      randomBytes(16).toString('hex'),
    );
    let ok: boolean;
    try {
      const res = await fetch(bill.notifyUrl, {
        method: 'POST',
        headers: signed.headers,
        body: signed.body,
        signal: AbortSignal.timeout(5000),
      });
      ok = res.status >= 200 && res.status < 300;
    } catch {
      ok = false;
    }
    if (ok) {
      if (this.delivered.size >= 100_000 && !this.delivered.has(bill.outBillNo)) this.delivered.clear(); // a demo runs for days
      this.delivered.set(bill.outBillNo, (this.delivered.get(bill.outBillNo) ?? 0) + 1);
      try {
        this.store.countCallback(bill.outBillNo);
      } catch {
        /* the store closed while the callback was in flight */
      }
    } else if (attempt < 4) {
      // WeChat Pay retries unanswered notifications with growing intervals.
      this.later(200 * 2 ** attempt, () => this.deliver(bill, attempt + 1));
    }
  }

  private view(b: SimTransferBill, kind: 'create' | 'query' | 'cancel'): TransferBill {
    if (kind === 'create') {
      return {
        out_bill_no: b.outBillNo,
        transfer_bill_no: b.transferBillNo,
        create_time: rfc3339China(b.createdAt),
        state: b.state as TransferBill['state'],
        ...(b.state === 'WAIT_USER_CONFIRM' ? { package_info: b.packageInfo } : {}),
        ...(b.failReason ? { fail_reason: b.failReason } : {}),
      };
    }
    const params = JSON.parse(b.params) as { transfer_remark?: string };
    return {
      mch_id: b.mchid,
      out_bill_no: b.outBillNo,
      transfer_bill_no: b.transferBillNo,
      appid: b.appid,
      state: b.state as TransferBill['state'],
      transfer_amount: b.amountFen,
      openid: b.openid,
      ...(params.transfer_remark ? { transfer_remark: params.transfer_remark } : {}),
      ...(b.state === 'WAIT_USER_CONFIRM' ? { package_info: b.packageInfo } : {}),
      ...(b.failReason ? { fail_reason: b.failReason } : {}),
      create_time: rfc3339China(b.createdAt),
      update_time: rfc3339China(b.updatedAt),
    } as TransferBill;
  }
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}
