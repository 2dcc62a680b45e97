import { Module } from '@nestjs/common';
import { UploadsModule } from '../../uploads/uploads.module';
import { ContentSecurityClient } from './content-security.client';
import { ContentSecurityService } from './content-security.service';
import { WechatPushController } from './wechat-push.controller';

/**
 * Text and image content checks and the push endpoint that receives image verdicts. Uses the
 * global WeChat HTTP client and access token from WechatModule, which also imports this module.
 */
@Module({
  imports: [UploadsModule],
  controllers: [WechatPushController],
  providers: [ContentSecurityClient, ContentSecurityService],
  exports: [ContentSecurityService],
})
export class ContentSecurityModule {}
