import { Body, Controller, Get, HttpCode, Inject, Logger, Post, Query } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../common/auth/decorators';
import { AppException } from '../../common/errors/app-exception';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { isSuggest } from './content-security.client';
import { ContentSecurityService } from './content-security.service';
import { verifyPushSignature } from './push-signature';

interface PushQuery {
  signature?: string;
  timestamp?: string;
  nonce?: string;
  echostr?: string;
}

/**
 * WeChat message push (消息推送, JSON, 明文模式): the server URL configured in the mini-program console.
 * GET answers WeChat's URL check; POST receives events — here `wxa_media_check` (async image verdicts).
 * Every request must carry `signature` = sha1(sort(WECHAT_PUSH_TOKEN, timestamp, nonce)).
 */
@ApiTags('wechat')
@Controller('wechat/push')
export class WechatPushController {
  private readonly logger = new Logger('WechatPush');

  constructor(
    private readonly contentSecurity: ContentSecurityService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: '微信消息推送服务器地址校验（返回 echostr）' })
  verifyUrl(@Query() q: PushQuery): string {
    this.check(q);
    return typeof q.echostr === 'string' ? q.echostr : '';
  }

  @Post()
  @Public()
  @HttpCode(200)
  @ApiExcludeEndpoint()
  async receive(@Query() q: PushQuery, @Body() body: unknown): Promise<string> {
    this.check(q);
    const event = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    if (event.MsgType === 'event' && event.Event === 'wxa_media_check') {
      const result = (event.result ?? {}) as { suggest?: unknown; label?: unknown };
      if (typeof event.trace_id === 'string' && event.trace_id && isSuggest(result.suggest)) {
        const applied = await this.contentSecurity.onMediaVerdict({
          traceId: event.trace_id,
          suggest: result.suggest,
          label: typeof result.label === 'number' ? result.label : null,
          detail: Array.isArray(event.detail) ? event.detail : null,
        });
        if (!applied) this.logger.warn(`media verdict for unknown trace_id ${event.trace_id} kept for later`);
      } else {
        this.logger.warn('wxa_media_check event without trace_id or suggest ignored');
      }
    }
    // WeChat only needs a quick 2xx "success"; other events are acknowledged and ignored.
    return 'success';
  }

  private check(q: PushQuery): void {
    if (!verifyPushSignature(this.config.wechatPush.token, q)) throw new AppException('WECHAT_PUSH_SIGNATURE_INVALID');
  }
}
