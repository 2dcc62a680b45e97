import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { SimConfirmRoute } from './simulator/sim-confirm.route';
import { SimWechatpayController } from './simulator/sim-wechatpay.controller';
import { SimWechatpayService } from './simulator/sim-wechatpay.service';
import { TRANSFER_CLIENT } from './transfer-client';
import { WECHATPAY_KEYS } from './wechatpay.tokens';
import { loadWechatpayKeys, type WechatpayKeys } from './wechatpay-keys';
import { WechatpayTransferClient } from './wechatpay-transfer.client';

/**
 * WeChat Pay (DOMAIN §10): the merchant-transfer client (TRANSFER_CLIENT) and, in simulator mode, the
 * simulator it talks to over HTTP at /sim/wechatpay.
 */
@Global()
@Module({
  controllers: [SimWechatpayController],
  providers: [
    { provide: WECHATPAY_KEYS, inject: [APP_CONFIG], useFactory: (config: AppConfig) => loadWechatpayKeys(config) },
    {
      provide: TRANSFER_CLIENT,
      inject: [APP_CONFIG, WECHATPAY_KEYS],
      useFactory: (config: AppConfig, keys: WechatpayKeys) => new WechatpayTransferClient(keys, config.wechatpay.baseUrl),
    },
    SimWechatpayService,
    SimConfirmRoute,
  ],
  exports: [WECHATPAY_KEYS, TRANSFER_CLIENT, SimWechatpayService],
})
export class WechatpayModule {}
