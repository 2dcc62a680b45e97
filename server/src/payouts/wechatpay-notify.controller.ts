import { Controller, Inject, Logger, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../common/auth/decorators';
import { verifyCallback } from '../wechatpay/callback';
import { WECHATPAY_KEYS } from '../wechatpay/wechatpay.tokens';
import type { WechatpayKeys } from '../wechatpay/wechatpay-keys';
import { ClaimsService } from './claims.service';

/**
 * WeChat Pay's MCHTRANSFER.BILL.FINISHED callbacks (docs/domain.md §10): signature checked with the platform key
 * the callback names (any of the configured set: two during a key switch), resource decrypted, contents
 * compared with the bill (ClaimsService.applyBill), applied idempotently. Answers with WeChat's own envelope: 204 on success, `{code: 'FAIL', message}` otherwise.
 */
@ApiTags('微信支付')
@Controller('wechatpay')
export class WechatpayNotifyController {
  private readonly logger = new Logger('WechatpayNotify');

  constructor(
    private readonly claims: ClaimsService,
    @Inject(WECHATPAY_KEYS) private readonly keys: WechatpayKeys,
  ) {}

  @Public()
  @Post('notify')
  @ApiOperation({ summary: '微信支付商家转账结果回调（验签、解密、幂等处理）' })
  async notify(@Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    const raw = (req as FastifyRequest & { rawBody?: Buffer }).rawBody?.toString('utf8') ?? JSON.stringify(req.body ?? {});
    const check = verifyCallback(req.headers, raw, {
      platformKeys: this.keys.platformKeys,
      apiv3Key: this.keys.apiv3Key,
    });
    if (!check.ok) {
      this.logger.warn(`callback refused: ${check.reason}`);
      return void res.status(401).send({ code: 'FAIL', message: `验签失败：${check.reason}` });
    }
    if (check.event.event_type !== 'MCHTRANSFER.BILL.FINISHED') return void res.status(204).send();
    try {
      await this.claims.applyBill(check.bill, 'notify');
      res.status(204).send();
    } catch (e) {
      this.logger.error(`callback not applied: ${(e as Error).message}`);
      res.status(500).send({ code: 'FAIL', message: '处理失败，请稍后重试' });
    }
  }
}
