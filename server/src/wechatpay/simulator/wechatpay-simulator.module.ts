import { Module } from '@nestjs/common';
import { SimConfirmController } from './sim-confirm.controller';
import { SimWechatpayController } from './sim-wechatpay.controller';
import { SimWechatpayService } from './sim-wechatpay.service';

/**
 * The WeChat Pay simulator: its HTTP API at /sim/wechatpay, the resident's confirm button, and its own
 * bill store. AppModule loads it only when WECHAT_MODE=simulator (never in production), and nothing
 * else imports from this folder: production code talks to TRANSFER_CLIENT only.
 */
@Module({
  controllers: [SimWechatpayController, SimConfirmController],
  providers: [SimWechatpayService],
  exports: [SimWechatpayService],
})
export class WechatpaySimulatorModule {}
