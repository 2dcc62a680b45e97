import { Global, Module } from '@nestjs/common';
import { AccessTokenService } from './access-token/access-token.service';
import { ContentSecurityModule } from './content-security/content-security.module';
import { HttpWechatLoginClient, WechatLoginClient } from './login/wechat-login.client';
import { PhoneNumberClient } from './phone/phone-number.client';
import { WechatSimulatorController } from './simulator/wechat-simulator.controller';
import { WechatSimulatorState } from './simulator/wechat-simulator.state';
import { SubscribeMessageClient } from './subscribe/subscribe-message.client';
import { WechatHttp } from './wechat-http';

/**
 * WeChat platform adapters (docs/domain.md §10): one real HTTP client per API, all pointed at
 * config.wechat.apiBase — api.weixin.qq.com in real mode, this server's /sim/wechat in simulator mode.
 * Global: reports use ContentSecurityService, auth the login client, notifications the subscription client.
 */
@Global()
@Module({
  imports: [ContentSecurityModule],
  controllers: [WechatSimulatorController],
  providers: [
    WechatHttp,
    { provide: WechatLoginClient, useClass: HttpWechatLoginClient },
    AccessTokenService,
    SubscribeMessageClient,
    PhoneNumberClient,
    WechatSimulatorState,
  ],
  exports: [WechatHttp, WechatLoginClient, AccessTokenService, ContentSecurityModule, SubscribeMessageClient, PhoneNumberClient],
})
export class WechatModule {}
