import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../common/auth/decorators';
import { signResponseHeaders } from '../callback';
import { Inject } from '@nestjs/common';
import { WECHATPAY_KEYS } from '../wechatpay.tokens';
import type { WechatpayKeys } from '../wechatpay-keys';
import { parseAuthorization } from './sim-rules';
import { SimError, SimWechatpayService } from './sim-wechatpay.service';

/**
 * The simulated WeChat Pay APIv3 transfer-bill endpoints, mounted at /sim/wechatpay (simulator mode
 * only). Requests must carry a valid merchant signature; answers are signed with the simulator's
 * platform key exactly like api.mch.weixin.qq.com.
 */
@ApiExcludeController()
@Public()
@Controller('sim/wechatpay')
export class SimWechatpayController {
  constructor(
    private readonly sim: SimWechatpayService,
    @Inject(WECHATPAY_KEYS) private readonly keys: WechatpayKeys,
  ) {}

  @Post('v3/fund-app/mch-transfer/transfer-bills')
  create(@Req() req: Request, @Res() res: Response) {
    return this.handle(req, res, () => this.sim.create(req.body ?? {}));
  }

  @Get('v3/fund-app/mch-transfer/transfer-bills/out-bill-no/:outBillNo')
  query(@Req() req: Request, @Res() res: Response, @Param('outBillNo') outBillNo: string) {
    return this.handle(req, res, () => this.sim.query(outBillNo));
  }

  @Post('v3/fund-app/mch-transfer/transfer-bills/out-bill-no/:outBillNo/cancel')
  cancel(@Req() req: Request, @Res() res: Response, @Param('outBillNo') outBillNo: string) {
    return this.handle(req, res, () => this.sim.cancel(outBillNo));
  }

  /** Test and demo control: move the simulator's clock forward and close expired bills. */
  @Post('_control/clock')
  @HttpCode(200)
  async clock(@Body() body: { advanceMs?: number }, @Res() res: Response) {
    if (!this.sim.enabled) return void res.status(404).json({ code: 'SIMULATOR_ONLY', message: '仅模拟模式可用' });
    const now = this.sim.advanceClock(Number(body?.advanceMs) || 0);
    const expired = await this.sim.expireDue();
    res.json({ now: now.toISOString(), expired });
  }

  @Get('_control/bills')
  async bills(@Res() res: Response) {
    if (!this.sim.enabled) return void res.status(404).json({ code: 'SIMULATOR_ONLY', message: '仅模拟模式可用' });
    res.json({ items: await this.sim.allBills() });
  }

  private async handle(req: Request, res: Response, work: () => Promise<unknown>): Promise<void> {
    if (!this.sim.enabled) return void res.status(404).json({ code: 'NOT_FOUND', message: '仅模拟模式可用' });
    let status = 200;
    let payload: unknown;
    const auth = parseAuthorization(req.headers.authorization);
    const rawBody =
      (req as Request & { rawBody?: Buffer }).rawBody?.toString('utf8') ?? (req.method === 'GET' ? '' : JSON.stringify(req.body ?? {}));
    const authError = auth
      ? this.sim.verifyMerchantSignature(auth, req.method, req.originalUrl, rawBody)
      : new SimError(401, 'SIGN_ERROR', 'Authorization 头缺失或格式错误');
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
      .set(signResponseHeaders(body, this.keys.platformSerial, this.keys.sim!.platformPrivateKeyPem))
      .send(body);
  }
}
