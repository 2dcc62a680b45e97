import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { AccessTokenService } from '../access-token/access-token.service';
import { WechatApiError, WechatHttp } from '../wechat-http';

export interface SubscribeMessage {
  touser: string;
  templateId: string;
  /** Mini-program page opened from the message, e.g. `pages/report/detail?id=12`. */
  page?: string;
  /** Template fields, e.g. {thing1: '暴露垃圾', phrase2: '已受理'}. */
  data: Record<string, string>;
}

export type SendOutcome =
  { kind: 'sent' } | { kind: 'refused'; errcode: number; errmsg: string } | { kind: 'rejected'; errcode: number; errmsg: string };

/** 43101: the user has not granted (or has used up) this template. */
export const ERR_NOT_SUBSCRIBED = 43101;
/** Errors that will not go away by retrying the same message. */
const PERMANENT_ERRORS = new Set([40003, 40037, 41028, 41029, 41030, 47003]);

/**
 * `POST /cgi-bin/message/subscribe/send?access_token=` {touser, template_id, page, data, miniprogram_state, lang}.
 * Answers `refused` for 43101, `rejected` for errors that retrying cannot fix (bad openid 40003, bad
 * template 40037, bad data 47003 …); throws on outages and other errors so the caller retries.
 */
@Injectable()
export class SubscribeMessageClient {
  constructor(
    private readonly http: WechatHttp,
    private readonly tokens: AccessTokenService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async send(msg: SubscribeMessage): Promise<SendOutcome> {
    const data = Object.fromEntries(Object.entries(msg.data).map(([k, v]) => [k, { value: v }]));
    try {
      await this.tokens.call((token) =>
        this.http.post(
          '/cgi-bin/message/subscribe/send',
          { access_token: token },
          {
            touser: msg.touser,
            template_id: msg.templateId,
            ...(msg.page ? { page: msg.page } : {}),
            data,
            miniprogram_state: this.config.wechatMiniprogramState,
            lang: 'zh_CN',
          },
        ),
      );
      return { kind: 'sent' };
    } catch (e) {
      if (e instanceof WechatApiError && e.errcode === ERR_NOT_SUBSCRIBED) return { kind: 'refused', errcode: e.errcode, errmsg: e.errmsg };
      if (e instanceof WechatApiError && PERMANENT_ERRORS.has(e.errcode)) return { kind: 'rejected', errcode: e.errcode, errmsg: e.errmsg };
      throw e;
    }
  }
}
