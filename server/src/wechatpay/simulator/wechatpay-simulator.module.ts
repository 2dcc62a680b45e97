import { Module } from '@nestjs/common';
import { SIMULATED_TRANSFERS } from '../simulated-transfers';
import { InProcessTransfers } from './in-process-transfers';
import { SimConfirmController } from './sim-confirm.controller';
import { SimWechatpayController } from './sim-wechatpay.controller';
import { SimWechatpayService } from './sim-wechatpay.service';

/**
 * The WeChat Pay simulator: its HTTP API at /sim/wechatpay, the resident's confirm button, and its own
 * bill store. AppModule loads it only when WECHAT_MODE=simulator (never in production), and nothing
 * else imports from this folder: production code talks to TRANSFER_CLIENT only (the demo data, made before
 * the server listens, reaches the same simulator in-process through SIMULATED_TRANSFERS).
 */
@Module({
  controllers: [SimWechatpayController, SimConfirmController],
  providers: [
    SimWechatpayService,
    { provide: SIMULATED_TRANSFERS, inject: [SimWechatpayService], useFactory: (sim: SimWechatpayService) => new InProcessTransfers(sim) },
  ],
  exports: [SimWechatpayService, SIMULATED_TRANSFERS],
})
export class WechatpaySimulatorModule {}
