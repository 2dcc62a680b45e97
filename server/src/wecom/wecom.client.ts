import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

/** A text card (文本卡片消息): what a staff member sees in WeCom, opening `url` on tap. */
export interface WecomTextCard {
  /** WeCom user ids (成员 UserID) to receive it. */
  toUsers: string[];
  title: string;
  description: string;
  url: string;
  /** Button text, at most 4 characters (WeCom's default is 详情). */
  buttonText?: string;
}

export type WecomSendOutcome =
  | { kind: 'sent'; msgId: string | null }
  /** WeCom will not take it however often we ask (unknown user id, bad agent): give up. */
  | { kind: 'rejected'; errcode: number; errmsg: string };

/** WeCom answered errcode ≠ 0 (HTTP 200, as WeCom does for business errors). */
export class WecomApiError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    readonly path: string,
  ) {
    super(`WeCom ${path} errcode ${errcode}: ${errmsg}`);
  }
}

/** 40014 invalid, 42001 expired, 41001 missing access_token: fetch a new token and retry once. */
const TOKEN_ERRCODES: ReadonlySet<number> = new Set([40014, 42001, 41001]);
/**
 * Errors that retrying the same message cannot fix: 40003 / 81013 unknown user(s), 40056 / 301002 wrong agent,
 * 44004 / 40008 bad message, 82001 nobody in range. Anything else (-1 busy, 45009 rate limit, outages) is retried.
 */
const PERMANENT_ERRCODES: ReadonlySet<number> = new Set([40003, 40008, 40056, 44004, 81013, 82001, 301002]);
const TIMEOUT_MS = 5_000;

/** UTF-8 bytes, cut on a character boundary (WeCom counts bytes: title ≤ 128, description ≤ 512). */
export function clipBytes(text: string, max: number): string {
  if (Buffer.byteLength(text) <= max) return text;
  let out = '';
  for (const ch of text) {
    if (Buffer.byteLength(out + ch + '…') > max) break;
    out += ch;
  }
  return `${out}…`;
}

/**
 * The WeCom (企业微信) application-message client (docs/domain.md §17), written to WeCom's server API:
 * `GET /cgi-bin/gettoken?corpid=&corpsecret=` → {access_token, expires_in}; the token is cached and refreshed at
 * 80 % of its lifetime (single flight), and dropped and fetched again once when WeCom calls it invalid or expired;
 * `POST /cgi-bin/message/send?access_token=` {touser: "a|b", msgtype: "textcard", agentid, textcard: {title,
 * description, url, btntxt}}. Pointed at config.wecom.apiBase: qyapi.weixin.qq.com, or this server's /sim/wecom.
 */
@Injectable()
export class WecomClient {
  private readonly logger = new Logger('WecomClient');
  private cached: { token: string; refreshAt: number; expiresAt: number } | null = null;
  private inflight: Promise<string> | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Sends one text card. Throws on outages and on errors worth retrying (the outbox retries with backoff). */
  async sendTextCard(card: WecomTextCard): Promise<WecomSendOutcome> {
    const body = {
      touser: card.toUsers.join('|'),
      msgtype: 'textcard',
      agentid: this.config.wecom.agentId,
      textcard: {
        title: clipBytes(card.title, 128),
        description: clipBytes(card.description, 512),
        url: card.url,
        btntxt: (card.buttonText ?? '查看案卷').slice(0, 4),
      },
      enable_duplicate_check: 0,
    };
    try {
      const json = await this.withToken((token) => this.request('POST', '/cgi-bin/message/send', { access_token: token }, body));
      // errcode 0 with some recipients unknown: those never get it; when none got it, that is a rejection.
      const invalid = String(json.invaliduser ?? '')
        .split('|')
        .filter(Boolean);
      if (invalid.length > 0 && card.toUsers.every((u) => invalid.includes(u)))
        return { kind: 'rejected', errcode: 81013, errmsg: `invaliduser ${invalid.join('|')}` };
      return { kind: 'sent', msgId: typeof json.msgid === 'string' ? json.msgid : null };
    } catch (e) {
      if (e instanceof WecomApiError && PERMANENT_ERRCODES.has(e.errcode))
        return { kind: 'rejected', errcode: e.errcode, errmsg: e.errmsg };
      throw e;
    }
  }

  private async withToken<T>(fn: (token: string) => Promise<T>): Promise<T> {
    const first = await this.token();
    try {
      return await fn(first);
    } catch (e) {
      if (!(e instanceof WecomApiError) || !TOKEN_ERRCODES.has(e.errcode)) throw e;
      this.logger.warn(`access token rejected (${e.errcode}); fetching a new one`);
      if (this.cached?.token === first) this.cached = null;
      return fn(await this.fetchToken());
    }
  }

  private async token(): Promise<string> {
    const c = this.cached;
    if (c && Date.now() < c.refreshAt) return c.token;
    // Between refreshAt and expiresAt the old token still works: if the refresh fails, keep using it.
    return this.fetchToken().catch((e) => {
      if (c && Date.now() < c.expiresAt) return c.token;
      throw e;
    });
  }

  private fetchToken(): Promise<string> {
    this.inflight ??= this.requestToken().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  private async requestToken(): Promise<string> {
    const { corpId, corpSecret } = this.config.wecom;
    const json = await this.request('GET', '/cgi-bin/gettoken', { corpid: corpId, corpsecret: corpSecret });
    const token = json.access_token;
    if (typeof token !== 'string' || !token) throw new WecomApiError(-1, 'gettoken returned no access_token', '/cgi-bin/gettoken');
    const expiresIn = typeof json.expires_in === 'number' && json.expires_in > 0 ? json.expires_in : 7200;
    const now = Date.now();
    this.cached = { token, refreshAt: now + expiresIn * 800, expiresAt: now + expiresIn * 1000 - 30_000 };
    return token;
  }

  private async request(method: 'GET' | 'POST', path: string, query: Record<string, string>, body?: unknown) {
    const url = new URL(this.config.wecom.apiBase + path);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    const res = await fetch(url, {
      method,
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    }).catch((e: Error) => {
      throw new Error(`WeCom ${path} unreachable: ${e.message}`);
    });
    if (!res.ok) throw new Error(`WeCom ${path} unreachable: HTTP ${res.status}`);
    let json: Record<string, unknown>;
    try {
      json = (await res.json()) as Record<string, unknown>;
    } catch {
      throw new Error(`WeCom ${path}: response is not JSON`);
    }
    const errcode = typeof json.errcode === 'number' ? json.errcode : 0;
    if (errcode !== 0) throw new WecomApiError(errcode, String(json.errmsg ?? ''), path);
    return json;
  }
}
