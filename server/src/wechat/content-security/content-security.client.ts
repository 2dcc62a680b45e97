import { Injectable } from '@nestjs/common';
import { AccessTokenService } from '../access-token/access-token.service';
import { WechatHttp } from '../wechat-http';

export type Suggest = 'pass' | 'review' | 'risky';

export function isSuggest(v: unknown): v is Suggest {
  return v === 'pass' || v === 'review' || v === 'risky';
}

/** Scene values of the v2 checks: 1 资料, 2 评论, 3 论坛, 4 社交日志. A report is closest to a forum post. */
export const CONTENT_SCENE_FORUM = 3;

/**
 * WeChat content security v2 (docs/domain.md §10):
 * - `POST /wxa/msg_sec_check?access_token=` {content, version: 2, scene, openid} → result.suggest;
 * - `POST /wxa/media_check_async?access_token=` {media_url, media_type: 2, version: 2, scene, openid}
 *   → trace_id; the verdict is pushed later as the `wxa_media_check` event (see wechat-push.controller.ts).
 * Throws WechatApiError / WechatTransportError; the service decides what an outage means.
 */
@Injectable()
export class ContentSecurityClient {
  constructor(
    private readonly http: WechatHttp,
    private readonly tokens: AccessTokenService,
  ) {}

  async msgSecCheck(
    content: string,
    openid: string,
    scene = CONTENT_SCENE_FORUM,
  ): Promise<{ suggest: Suggest; label: number | null; traceId: string | null }> {
    const json = await this.tokens.call((token) =>
      this.http.post('/wxa/msg_sec_check', { access_token: token }, { content, version: 2, scene, openid }),
    );
    const result = (json.result ?? {}) as { suggest?: unknown; label?: unknown };
    // An unknown verdict is treated as "a person should look", never as pass.
    const suggest = isSuggest(result.suggest) ? result.suggest : 'review';
    return {
      suggest,
      label: typeof result.label === 'number' ? result.label : null,
      traceId: typeof json.trace_id === 'string' ? json.trace_id : null,
    };
  }

  async mediaCheckAsync(mediaUrl: string, openid: string, scene = CONTENT_SCENE_FORUM): Promise<{ traceId: string }> {
    const json = await this.tokens.call((token) =>
      this.http.post('/wxa/media_check_async', { access_token: token }, { media_url: mediaUrl, media_type: 2, version: 2, scene, openid }),
    );
    if (typeof json.trace_id !== 'string' || !json.trace_id) throw new Error('media_check_async returned no trace_id');
    return { traceId: json.trace_id };
  }
}
