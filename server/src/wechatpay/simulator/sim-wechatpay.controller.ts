import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { gzipSync } from 'node:zlib';
import { Public } from '../../common/auth/decorators';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { signResponseHeaders } from '../callback';
import { WECHATPAY_KEYS } from '../wechatpay.tokens';
import type { WechatpayKeys } from '../wechatpay-keys';
import { parseAuthorization } from './sim-rules';
import { SimError, SimWechatpayService } from './sim-wechatpay.service';

/**
 * The simulated WeChat Pay APIv3 endpoints (transfer bills, fund-flow bill and its download), mounted at
 * /sim/wechatpay by WechatpaySimulatorModule (simulator mode only). Requests must carry a valid merchant
 * signature and a Wechatpay-Serial header; answers are signed with the simulator's platform key exactly
 * like api.mch.weixin.qq.com (file downloads are not signed: their SHA1 is in the fundflowbill answer).
 */
@ApiExcludeController()
@Public()
@Controller('sim/wechatpay')
export class SimWechatpayController {
  constructor(
    private readonly sim: SimWechatpayService,
    @Inject(WECHATPAY_KEYS) private readonly keys: WechatpayKeys,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('v3/fund-app/mch-transfer/transfer-bills')
  create(@Req() req: FastifyRequest, @Res() res: FastifyReply) {
    return this.handle(req, res, () => this.sim.create((req.body ?? {}) as Record<string, unknown>));
  }

  @Get('v3/fund-app/mch-transfer/transfer-bills/out-bill-no/:outBillNo')
  query(@Req() req: FastifyRequest, @Res() res: FastifyReply, @Param('outBillNo') outBillNo: string) {
    return this.handle(req, res, () => this.sim.query(outBillNo));
  }

  @Post('v3/fund-app/mch-transfer/transfer-bills/out-bill-no/:outBillNo/cancel')
  cancel(@Req() req: FastifyRequest, @Res() res: FastifyReply, @Param('outBillNo') outBillNo: string) {
    return this.handle(req, res, () => this.sim.cancel(outBillNo));
  }

  @Get('v3/bill/fundflowbill')
  fundFlowBill(
    @Req() req: FastifyRequest,
    @Res() res: FastifyReply,
    @Query('bill_date') billDate: string,
    @Query('tar_type') tarType: string | undefined,
    @Query('account_type') accountType: string | undefined,
  ) {
    return this.handle(req, res, async () => {
      if (accountType !== undefined && accountType !== 'BASIC') throw new SimError(400, 'PARAM_ERROR', '模拟器只有基本账户（BASIC）');
      return this.sim.fundFlowBill(String(billDate ?? ''), tarType, this.config.wechatpay.baseUrl);
    });
  }

  /** The file behind a download_url: signed request, unsigned answer (bytes), as WeChat Pay does. */
  @Get('v3/billdownload/file')
  async download(@Req() req: FastifyRequest, @Res() res: FastifyReply, @Query('token') token: string) {
    const authError = this.authError(req);
    if (authError) return void res.status(authError.status).send({ code: authError.code, message: authError.message });
    try {
      const { file, gzip } = this.sim.download(String(token ?? ''));
      res
        .status(200)
        .type(gzip ? 'application/octet-stream' : 'text/csv')
        .send(gzip ? gzipSync(file) : file);
    } catch (e) {
      const err = e instanceof SimError ? e : new SimError(500, 'SYSTEM_ERROR', '系统错误');
      res.status(err.status).send({ code: err.code, message: err.message });
    }
  }

  /** Test and demo control: move the simulator's clock forward and close expired bills. */
  @Post('_control/clock')
  @HttpCode(200)
  async clock(@Body() body: { advanceMs?: number }, @Res() res: FastifyReply) {
    const now = this.sim.advanceClock(Number(body?.advanceMs) || 0);
    const expired = await this.sim.expireDue();
    res.send({ now: now.toISOString(), expired });
  }

  @Get('_control/bills')
  async bills(@Res() res: FastifyReply) {
    res.send({ items: await this.sim.allBills() });
  }

  private authError(req: FastifyRequest): SimError | null {
    const auth = parseAuthorization(req.headers.authorization);
    const rawBody =
      (req as FastifyRequest & { rawBody?: Buffer }).rawBody?.toString('utf8') ??
      (req.method === 'GET' ? '' : JSON.stringify(req.body ?? {}));
    const serial = req.headers['wechatpay-serial'];
    return auth
      ? this.sim.verifyMerchantSignature(auth, req.method, req.originalUrl, rawBody, Array.isArray(serial) ? serial[0] : serial)
      : new SimError(401, 'SIGN_ERROR', 'Authorization 头缺失或格式错误');
  }

  private async handle(req: FastifyRequest, res: FastifyReply, work: () => Promise<unknown>): Promise<void> {
    let status = 200;
    let payload: unknown;
    const authError = this.authError(req);
    if (authError) {
      status = authError.status;
      payload = { code: authError.code, message: authError.message };
    } else {
      try {
        payload = await work();
      } catch (e) {
        const err = e instanceof SimError ? e : new SimError(500, 'SYSTEM_ERROR', '系统错误');
        status = err.status;
        payload = { code: err.code, message: err.message };
      }
    }
    const body = JSON.stringify(payload);
    res
      .status(status)
      .headers(signResponseHeaders(body, this.keys.platformSerial, this.keys.sim!.platformPrivateKeyPem))
      .type('application/json; charset=utf-8')
      .send(body);
  }
}
