import { Logger } from '@nestjs/common';
import { Wechatpay } from 'wechatpay-axios-plugin';
import type { WechatpayKeys } from './wechatpay-keys';
import { RateLimiter } from './rate-limiter';
import type { CreateTransferBill, TransferClient, TransferResult } from './transfer-client';

const BASE = 'v3/fund-app/mch-transfer/transfer-bills';
/** Business codes that mean "try again with the same bill" rather than "refused". */
const RETRYABLE_CODES = new Set(['SYSTEM_ERROR', 'FREQUENCY_LIMITED', 'FREQUENCY_LIMIT_EXCEED']);

interface AxiosLikeError {
  code?: string;
  message?: string;
  response?: { status: number; data?: unknown };
}

/**
 * The real WeChat Pay APIv3 client for 商家转账 on wechatpay-axios-plugin: requests are signed with the
 * merchant key (WECHATPAY2-SHA256-RSA2048), responses verified with the platform certificate or the
 * WeChat Pay public key named by Wechatpay-Serial (`PUB_KEY_ID_…`), at most `perSecond` requests a second.
 */
export class WechatpayTransferClient implements TransferClient {
  private readonly logger = new Logger('WechatpayTransfer');
  private readonly wxpay: Wechatpay;
  private readonly limiter: RateLimiter;

  constructor(keys: WechatpayKeys, baseUrl: string, options: { perSecond?: number; timeoutMs?: number } = {}) {
    this.wxpay = new Wechatpay({
      mchid: keys.mchid,
      serial: keys.serial,
      privateKey: keys.privateKeyPem,
      certs: { [keys.platformSerial]: keys.platformKeyPem },
      baseURL: `${baseUrl}/`,
      timeout: options.timeoutMs ?? 10_000,
    } as ConstructorParameters<typeof Wechatpay>[0]);
    this.limiter = new RateLimiter(options.perSecond ?? 100);
  }

  create(body: CreateTransferBill): Promise<TransferResult> {
    return this.call(BASE, 'post', body);
  }

  query(outBillNo: string): Promise<TransferResult> {
    return this.call(`${BASE}/out-bill-no/${encodeURIComponent(outBillNo)}`, 'get');
  }

  cancel(outBillNo: string): Promise<TransferResult> {
    return this.call(`${BASE}/out-bill-no/${encodeURIComponent(outBillNo)}/cancel`, 'post', {});
  }

  private async call(path: string, method: 'get' | 'post', data?: unknown): Promise<TransferResult> {
    await this.limiter.acquire();
    try {
      const client = (
        this.wxpay as unknown as { client: { request: (p: string, m: string, d: unknown, c: object) => Promise<{ data: unknown }> } }
      ).client;
      const res = await client.request(path, method, data, {});
      return { ok: true, bill: res.data as never };
    } catch (e) {
      return this.classify(e as AxiosLikeError);
    }
  }

  private classify(e: AxiosLikeError): TransferResult {
    const status = e.response?.status ?? null;
    const body = (e.response?.data ?? {}) as { code?: string; message?: string };
    const code = body.code ?? e.code ?? 'NETWORK_ERROR';
    const message = body.message ?? e.message ?? '';
    if (status === 404 && (code === 'NOT_FOUND' || code === 'RESOURCE_NOT_EXISTS'))
      return { ok: false, kind: 'not_found', status, code, message };
    if (
      status !== null &&
      status >= 400 &&
      status < 500 &&
      !RETRYABLE_CODES.has(code) &&
      status !== 429 &&
      (status < 200 || status >= 300)
    ) {
      return { ok: false, kind: 'rejected', status, code, message };
    }
    // Network errors, timeouts, 5xx, 429, SYSTEM_ERROR, and 2xx answers whose signature did not verify.
    this.logger.warn(`WeChat Pay outcome unknown: ${status ?? '-'} ${code} ${message}`);
    return { ok: false, kind: 'unknown', status, code, message };
  }
}
