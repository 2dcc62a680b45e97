import { Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import type * as WechatpayPlugin from 'wechatpay-axios-plugin';
import type { Wechatpay } from 'wechatpay-axios-plugin';
import type { WechatpayKeys } from './wechatpay-keys';
import { RateLimiter } from './rate-limiter';
import type { CreateTransferBill, FundFlowBillResult, TransferClient, TransferResult } from './transfer-client';

/** Business codes that mean "try again with the same bill" rather than "refused". */
const RETRYABLE_CODES = new Set(['SYSTEM_ERROR', 'FREQUENCY_LIMITED', 'FREQUENCY_LIMIT_EXCEED']);

interface AxiosLikeError {
  code?: string;
  message?: string;
  response?: { status: number; data?: unknown };
}

/**
 * The real WeChat Pay APIv3 client on wechatpay-axios-plugin's public chain API: requests are signed
 * with the merchant key (WECHATPAY2-SHA256-RSA2048) and name the platform key in `Wechatpay-Serial`;
 * answers are verified with whichever configured platform key they name (certificate serial or
 * `PUB_KEY_ID_…`; two during a key switch); at most `perSecond` requests a second.
 */
export class WechatpayTransferClient implements TransferClient {
  private readonly logger = new Logger('WechatpayTransfer');
  private readonly wxpayOptions: ConstructorParameters<typeof Wechatpay>[0];
  private wxpayClient: Wechatpay | null = null;
  private readonly limiter: RateLimiter;
  private readonly baseUrl: string;
  private readonly headers: Record<string, string>;

  constructor(keys: WechatpayKeys, baseUrl: string, options: { perSecond?: number; timeoutMs?: number } = {}) {
    this.baseUrl = baseUrl.replace(/\/$/, '');
    this.wxpayOptions = {
      mchid: keys.mchid,
      serial: keys.serial,
      privateKey: keys.privateKeyPem,
      certs: { ...keys.platformKeys },
      baseURL: `${this.baseUrl}/`,
      timeout: options.timeoutMs ?? 10_000,
    } as ConstructorParameters<typeof Wechatpay>[0];
    this.headers = { 'Wechatpay-Serial': keys.platformSerial };
    this.limiter = new RateLimiter(options.perSecond ?? 100);
  }

  /**
   * wechatpay-axios-plugin (with axios) is loaded on the first call, not at boot: requiring it cost ~4 % of a
   * restart's CPU (docs/performance.md, "First start"), and most processes pay nobody.
   */
  private get wxpay(): Wechatpay {
    if (!this.wxpayClient) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, not at boot (see above)
      const { Wechatpay: Client } = require('wechatpay-axios-plugin') as typeof WechatpayPlugin;
      this.wxpayClient = new Client(this.wxpayOptions);
    }
    return this.wxpayClient;
  }

  private get bills() {
    return this.wxpay.v3.fundApp.mchTransfer.transferBills;
  }

  create(body: CreateTransferBill): Promise<TransferResult> {
    return this.call(() => this.bills.post(body, { headers: this.headers }));
  }

  query(outBillNo: string): Promise<TransferResult> {
    return this.call(() => this.bills.outBillNo._out_bill_no_.get({ out_bill_no: outBillNo, headers: this.headers }));
  }

  cancel(outBillNo: string): Promise<TransferResult> {
    return this.call(() => this.bills.outBillNo._out_bill_no_.cancel.post({}, { out_bill_no: outBillNo, headers: this.headers }));
  }

  /**
   * 资金账单 of one day (basic account): GET /v3/bill/fundflowbill → download_url (on this API's host
   * only) → the gzip file → unzipped, its SHA1 checked against hash_value before anything reads it.
   */
  async fundFlowBill(billDate: string): Promise<FundFlowBillResult> {
    await this.limiter.acquire();
    let answer: { download_url?: string; hash_type?: string; hash_value?: string };
    try {
      const res = await this.wxpay.v3.bill.fundflowbill.get({
        params: { bill_date: billDate, account_type: 'BASIC', tar_type: 'GZIP' },
        headers: this.headers,
      });
      answer = res.data as typeof answer;
    } catch (e) {
      const c = this.classify(e as AxiosLikeError);
      return c.ok ? { ok: false, kind: 'unknown', code: 'UNEXPECTED', message: '' } : { ...c, ok: false };
    }
    const url = answer.download_url ? safeUrl(answer.download_url) : null;
    if (!url || `${url.origin}${url.pathname}` !== `${this.baseUrl}/v3/billdownload/file` || !url.searchParams.get('token'))
      return { ok: false, kind: 'unknown', code: 'DOWNLOAD_URL_INVALID', message: `unexpected download_url ${answer.download_url}` };
    if (answer.hash_type !== 'SHA1' || !answer.hash_value)
      return { ok: false, kind: 'unknown', code: 'HASH_MISSING', message: `hash_type ${answer.hash_type}` };
    await this.limiter.acquire();
    let raw: Buffer;
    try {
      const res = await this.wxpay.v3.billdownload.file.get({
        params: { token: url.searchParams.get('token') },
        responseType: 'arraybuffer',
        headers: this.headers,
      });
      raw = Buffer.from(res.data as ArrayBuffer);
    } catch (e) {
      const c = this.classify(e as AxiosLikeError);
      return c.ok ? { ok: false, kind: 'unknown', code: 'UNEXPECTED', message: '' } : { ...c, ok: false };
    }
    let file: Buffer;
    try {
      file = gunzipSync(raw);
    } catch {
      return { ok: false, kind: 'unknown', code: 'GZIP_INVALID', message: 'the downloaded bill is not gzip' };
    }
    const sha1 = createHash('sha1').update(file).digest('hex');
    if (sha1.toLowerCase() !== answer.hash_value.toLowerCase())
      return { ok: false, kind: 'unknown', code: 'HASH_MISMATCH', message: `SHA1 ${sha1} ≠ ${answer.hash_value}` };
    return { ok: true, csv: file.toString('utf8'), sha1 };
  }

  private async call(request: () => Promise<{ data: unknown }>): Promise<TransferResult> {
    await this.limiter.acquire();
    try {
      const res = await request();
      return { ok: true, bill: res.data as never };
    } catch (e) {
      return this.classify(e as AxiosLikeError);
    }
  }

  private classify(e: AxiosLikeError): Exclude<TransferResult, { ok: true }> {
    const status = e.response?.status ?? null;
    const body = (e.response?.data ?? {}) as { code?: string; message?: string };
    const code = body.code ?? e.code ?? 'NETWORK_ERROR';
    const message = body.message ?? e.message ?? '';
    if (status === 404 && (code === 'NOT_FOUND' || code === 'RESOURCE_NOT_EXISTS'))
      return { ok: false, kind: 'not_found', status, code, message };
    if (status !== null && status >= 400 && status < 500 && !RETRYABLE_CODES.has(code) && status !== 429) {
      return { ok: false, kind: 'rejected', status, code, message };
    }
    // Network errors, timeouts, 5xx, 429, SYSTEM_ERROR, and 2xx answers whose signature did not verify.
    this.logger.warn(`WeChat Pay outcome unknown: ${status ?? '-'} ${code} ${message}`);
    return { ok: false, kind: 'unknown', status, code, message };
  }
}

function safeUrl(s: string): URL | null {
  try {
    return new URL(s);
  } catch {
    return null;
  }
}
