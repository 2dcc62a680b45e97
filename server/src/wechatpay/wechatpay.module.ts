import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { TRANSFER_CLIENT } from './transfer-client';
import { WECHATPAY_KEYS } from './wechatpay.tokens';
import { loadWechatpayKeys, type WechatpayKeys } from './wechatpay-keys';
import { WechatpayTransferClient } from './wechatpay-transfer.client';

/**
 * WeChat Pay (docs/domain.md §10): the merchant-transfer client (TRANSFER_CLIENT), always the real one. In
 * simulator mode its base URL points at this server's /sim/wechatpay, served by WechatpaySimulatorModule.
 */
@Global()
@Module({
  providers: [
    { provide: WECHATPAY_KEYS, inject: [APP_CONFIG], useFactory: (config: AppConfig) => loadWechatpayKeys(config) },
    {
      provide: TRANSFER_CLIENT,
      inject: [APP_CONFIG, WECHATPAY_KEYS],
      useFactory: (config: AppConfig, keys: WechatpayKeys) => new WechatpayTransferClient(keys, config.wechatpay.baseUrl),
    },
  ],
  exports: [WECHATPAY_KEYS, TRANSFER_CLIENT],
})
export class WechatpayModule {}
