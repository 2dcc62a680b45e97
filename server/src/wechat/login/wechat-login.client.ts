import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ErrorCode } from '@sansui/shared';
import { AppException } from '../../common/errors/app-exception';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { WechatApiError, WechatHttp } from '../wechat-http';

export interface WechatSession {
  openid: string;
  /** Never leaves the server. */
  sessionKey: string;
  unionid: string | null;
}

/** wx.login code → session (docs/domain.md §10). Injected by this abstract class; the HTTP client below is the one implementation. */
export abstract class WechatLoginClient {
  /** Throws AppException WECHAT_* on WeChat's refusals and outages. */
  abstract code2session(code: string): Promise<WechatSession>;
}

/** jscode2session errcodes → our stable error codes. Anything else (bad appid/secret …) is our misconfiguration: "busy" to the user. */
const LOGIN_ERRORS: Record<number, ErrorCode> = {
  40029: 'WECHAT_CODE_INVALID',
  40163: 'WECHAT_CODE_USED',
  45011: 'WECHAT_RATE_LIMITED',
  40226: 'WECHAT_USER_RISKY',
  [-1]: 'WECHAT_UNAVAILABLE',
};

export function loginErrorCode(errcode: number): ErrorCode {
  return LOGIN_ERRORS[errcode] ?? 'WECHAT_UNAVAILABLE';
}

/** `GET /sns/jscode2session?appid&secret&js_code&grant_type=authorization_code`. */
@Injectable()
export class HttpWechatLoginClient extends WechatLoginClient {
  private readonly logger = new Logger('WechatLogin');

  constructor(
    private readonly http: WechatHttp,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  async code2session(code: string): Promise<WechatSession> {
    let json: Record<string, unknown>;
    try {
      json = await this.http.get('/sns/jscode2session', {
        appid: this.config.wechat.appId,
        secret: this.config.wechat.secret,
        js_code: code,
        grant_type: 'authorization_code',
      });
    } catch (e) {
      if (e instanceof WechatApiError) {
        const mapped = loginErrorCode(e.errcode);
        if (!(e.errcode in LOGIN_ERRORS))
          this.logger.error(`jscode2session refused with ${e.errcode} ${e.errmsg}: check WECHAT_APPID / WECHAT_SECRET`);
        throw new AppException(mapped);
      }
      this.logger.warn(`jscode2session failed: ${(e as Error).message}`);
      throw new AppException('WECHAT_UNAVAILABLE');
    }
    if (typeof json.openid !== 'string' || !json.openid || typeof json.session_key !== 'string')
      throw new AppException('WECHAT_UNAVAILABLE');
    return { openid: json.openid, sessionKey: json.session_key, unionid: typeof json.unionid === 'string' ? json.unionid : null };
  }
}
