import { Inject, Injectable } from '@nestjs/common';
import { outboundRequest, type OutboundResponse } from '../common/http/outbound-http';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

/** WeChat answered with a non-zero `errcode` (HTTP 200, as WeChat does for business errors). */
export class WechatApiError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    readonly path: string,
  ) {
    super(`WeChat ${path} errcode ${errcode}: ${errmsg}`);
  }
}

/** WeChat could not be reached, timed out, or answered something that is not WeChat's JSON. */
export class WechatTransportError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`WeChat ${path} unreachable: ${reason}`);
  }
}

/** errcodes that mean "the access token is stale": refresh it and retry once. */
export const ACCESS_TOKEN_ERRCODES: ReadonlySet<number> = new Set([40001, 40014, 42001]);

export interface WechatBaseResponse {
  errcode?: number;
  errmsg?: string;
}

const TIMEOUT_MS = 5_000;

/**
 * The one place that talks HTTP to api.weixin.qq.com (or to /sim/wechat in simulator mode, same
 * protocol). Business errors come back as HTTP 200 with `errcode`; this turns them into WechatApiError.
 */
@Injectable()
export class WechatHttp {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get(path: string, query: Record<string, string>): Promise<Record<string, unknown>> {
    return this.request('GET', path, query, undefined);
  }

  post(path: string, query: Record<string, string>, body: unknown): Promise<Record<string, unknown>> {
    return this.request('POST', path, query, body);
  }

  private async request(
    method: 'GET' | 'POST',
    path: string,
    query: Record<string, string>,
    body: unknown,
  ): Promise<Record<string, unknown>> {
    const url = new URL(this.config.wechat.apiBase + path);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    let res: OutboundResponse;
    try {
      res = await outboundRequest(url, {
        method,
        headers: body === undefined ? undefined : { 'content-type': 'application/json' },
        // WeChat expects raw UTF-8 JSON; JSON.stringify keeps Chinese unescaped.
        body: body === undefined ? undefined : JSON.stringify(body),
        timeoutMs: TIMEOUT_MS,
      });
    } catch (e) {
      throw new WechatTransportError(path, (e as Error).message);
    }
    const text = res.text;
    if (res.status < 200 || res.status > 299) throw new WechatTransportError(path, `HTTP ${res.status}`);
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw new WechatTransportError(path, 'response is not JSON');
    }
    if (typeof json !== 'object' || json === null) throw new WechatTransportError(path, 'response is not an object');
    const errcode = typeof json.errcode === 'number' ? json.errcode : 0;
    if (errcode !== 0) throw new WechatApiError(errcode, String(json.errmsg ?? ''), path);
    return json;
  }
}
