import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, createVerify, randomBytes } from 'node:crypto';
import { DataSource, In, LessThanOrEqual } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { buildSignedCallback, rfc3339China } from '../callback';
import type { TransferBill } from '../transfer-client';
import { WECHATPAY_KEYS } from '../wechatpay.tokens';
import type { WechatpayKeys } from '../wechatpay-keys';
import { seededRandom } from './sim-random';
import { validateCreateParams } from './sim-rules';
import { SimTransferBill } from './sim-transfer-bill.entity';

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
 * WeChat Pay's merchant-transfer service, simulated (DOMAIN §10): bills in `sim_transfer_bills`, the
 * state machine ACCEPTED → WAIT_USER_CONFIRM → SUCCESS / FAIL / CANCELLED, expiry after 24 h on its own
 * clock (which tests move), and signed + encrypted MCHTRANSFER.BILL.FINISHED callbacks, sometimes sent
 * twice and sometimes late (seeded, so tests are reproducible).
 */
@Injectable()
export class SimWechatpayService implements OnModuleDestroy {
  private readonly logger = new Logger('SimWechatpay');
  private offsetMs = 0;
  private readonly random: () => number;
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;
  /** Callbacks delivered (for tests): outBillNo → count. */
  readonly delivered = new Map<string, number>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(WECHATPAY_KEYS) private readonly keys: WechatpayKeys,
  ) {
    this.random = seededRandom(config.wechatpay.sim.seed);
  }

  get enabled(): boolean {
    return this.config.wechatpay.simulator && this.keys.sim !== null;
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advanceClock(ms: number): Date {
    this.offsetMs += ms;
    return this.now();
  }

  verifyMerchantSignature(auth: Record<string, string>, method: string, url: string, body: string): SimError | null {
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
    const params = JSON.stringify(canonical(body));
    const paramsHash = createHash('sha256').update(params).digest('hex');
    const repo = this.db.getRepository(SimTransferBill);
    const outBillNo = body.out_bill_no as string;
    let bill = await repo.findOneBy({ outBillNo });
    if (!bill) {
      const now = this.now();
      const transferBillNo = `1330${Date.now()}${randomBytes(6).toString('hex')}`.slice(0, 40);
      const state = this.random() < this.config.wechatpay.sim.acceptedRate ? 'ACCEPTED' : 'WAIT_USER_CONFIRM';
      try {
        await repo.insert({
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
        return this.view(await repo.findOneByOrFail({ outBillNo }), 'create');
      } catch {
        bill = await repo.findOneBy({ outBillNo });
        if (!bill) throw new SimError(500, 'SYSTEM_ERROR', '系统繁忙，请稍后重试');
      }
    }
    if (bill.paramsHash !== paramsHash) throw new SimError(400, 'INVALID_REQUEST', '商户单号已存在，且请求参数与原单不一致');
    bill = await this.expireIfDue(bill);
    if (bill.state === 'ACCEPTED') {
      await repo.update({ outBillNo, state: 'ACCEPTED' }, { state: 'WAIT_USER_CONFIRM', updatedAt: this.now() });
      bill = await repo.findOneByOrFail({ outBillNo });
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

  /** Closes every bill unconfirmed for 24 h (simulator clock) as FAIL and notifies. */
  async expireDue(): Promise<number> {
    const due = await this.db
      .getRepository(SimTransferBill)
      .findBy({ state: In(OPEN_STATES), createdAt: LessThanOrEqual(new Date(this.now().getTime() - EXPIRY_MS)) });
    for (const b of due) await this.expireIfDue(b);
    return due.length;
  }

  async allBills(): Promise<SimTransferBill[]> {
    return this.db.getRepository(SimTransferBill).find({ order: { createdAt: 'ASC' } });
  }

  onModuleDestroy(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private async find(outBillNo: string): Promise<SimTransferBill> {
    const bill = await this.db.getRepository(SimTransferBill).findOneBy({ outBillNo, mchid: this.keys.mchid });
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
    const repo = this.db.getRepository(SimTransferBill);
    const res = await repo.update({ outBillNo: bill.outBillNo, state: In(OPEN_STATES) }, { state, failReason, updatedAt: this.now() });
    const fresh = await repo.findOneByOrFail({ outBillNo: bill.outBillNo });
    if (res.affected) this.scheduleCallback(fresh);
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

  private later(ms: number, fn: () => Promise<void>): void {
    if (this.closed) return;
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
      this.delivered.set(bill.outBillNo, (this.delivered.get(bill.outBillNo) ?? 0) + 1);
      await this.db
        .getRepository(SimTransferBill)
        .increment({ outBillNo: bill.outBillNo }, 'callbacksSent', 1)
        .catch(() => undefined);
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
