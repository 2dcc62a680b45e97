import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { outboundRequest, targetOf, type OutboundTarget } from '../../common/http/outbound-http';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { pushSignature } from '../content-security/push-signature';
import { cornerPixels } from './corner-pixels';
import { isPureRed } from './simulator-rules';

export interface SimSentMessage {
  touser: string;
  templateId: string;
  page: string | null;
  data: Record<string, { value: string }>;
  miniprogramState: string | null;
  at: string;
}

const MAX_USED_CODES = 100_000;
/** WeChat downloads at most this much of a picture to check (its documented limit is 10 MB; the simulator allows more). */
const MAX_MEDIA_BYTES = 64 * 1024 * 1024;
/** Openids with a session key or grants remembered; past it the map starts over (a demo runs for days). */
export const SIM_WECHAT_MAX_OPENIDS = 100_000;

/**
 * In-memory state of the WeChat simulator (one process; simulator mode is for development and tests):
 * used login codes, the current access token, one-time subscription grants, sent messages, and the
 * media checks waiting to be pushed.
 */
@Injectable()
export class WechatSimulatorState implements OnModuleDestroy {
  private readonly logger = new Logger('WechatSimulator');
  readonly usedCodes = new Set<string>();
  token: { value: string; expiresAt: number } | null = null;
  tokenRequests = 0;
  outage = false;
  /** openid → templateId → remaining one-time grants. */
  private readonly grants = new Map<string, Map<string, number>>();
  readonly messages: SimSentMessage[] = [];
  readonly sessionKeys = new Map<string, string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;
  private pushBase?: OutboundTarget;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  useCode(code: string): boolean {
    if (this.usedCodes.has(code)) return false;
    if (this.usedCodes.size >= MAX_USED_CODES) this.usedCodes.clear();
    this.usedCodes.add(code);
    return true;
  }

  sessionKeyFor(openid: string): string {
    // A fresh session key per login, as WeChat does.
    const key = randomBytes(16).toString('base64');
    if (this.sessionKeys.size >= SIM_WECHAT_MAX_OPENIDS && !this.sessionKeys.has(openid)) this.sessionKeys.clear();
    this.sessionKeys.set(openid, key);
    return key;
  }

  issueToken(forceRefresh: boolean): { access_token: string; expires_in: number } {
    this.tokenRequests++;
    const now = Date.now();
    if (!forceRefresh && this.token && this.token.expiresAt > now + 60_000)
      return { access_token: this.token.value, expires_in: Math.floor((this.token.expiresAt - now) / 1000) };
    this.token = { value: `SIM_AT_${randomBytes(24).toString('hex')}`, expiresAt: now + 7200_000 };
    return { access_token: this.token.value, expires_in: 7200 };
  }

  /** 0 when the token is valid, else WeChat's errcode for it. */
  tokenError(token: unknown): number {
    if (typeof token !== 'string' || !token) return 41001;
    if (!this.token || token !== this.token.value) return 40001;
    if (this.token.expiresAt <= Date.now()) return 42001;
    return 0;
  }

  grant(openid: string, templateIds: string[]): void {
    if (this.grants.size >= SIM_WECHAT_MAX_OPENIDS && !this.grants.has(openid)) this.grants.clear();
    const byTemplate = this.grants.get(openid) ?? new Map<string, number>();
    for (const id of templateIds) byTemplate.set(id, (byTemplate.get(id) ?? 0) + 1);
    this.grants.set(openid, byTemplate);
  }

  consumeGrant(openid: string, templateId: string): boolean {
    const n = this.grants.get(openid)?.get(templateId) ?? 0;
    if (n <= 0) return false;
    this.grants.get(openid)!.set(templateId, n - 1);
    return true;
  }

  grantsOf(openid: string): Record<string, number> {
    return Object.fromEntries(this.grants.get(openid) ?? []);
  }

  /** Downloads the image later and pushes the verdict to this server's push endpoint, as WeChat would. */
  scheduleMediaCheck(mediaUrl: string, openid: string): string {
    const traceId = `sim-${randomUUID()}`;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.judgeAndPush(traceId, mediaUrl, openid);
    }, this.config.wechatSimMediaDelayMs);
    timer.unref();
    this.timers.add(timer);
    return traceId;
  }

  onModuleDestroy(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private async judgeAndPush(traceId: string, mediaUrl: string, openid: string): Promise<void> {
    const verdict = await this.judgeImage(mediaUrl);
    const now = Math.floor(Date.now() / 1000);
    const body = {
      ToUserName: 'gh_sim_miniprogram',
      FromUserName: openid,
      CreateTime: now,
      MsgType: 'event',
      Event: 'wxa_media_check',
      appid: this.config.wechat.appId,
      trace_id: traceId,
      version: 2,
      result: verdict,
      detail: [
        {
          strategy: 'content_model',
          errcode: 0,
          suggest: verdict.suggest,
          label: verdict.label,
          prob: verdict.suggest === 'pass' ? 0 : 90,
        },
      ],
    };
    for (let attempt = 1; attempt <= 3 && !this.stopped; attempt++) {
      const timestamp = String(now);
      const nonce = randomBytes(8).toString('hex');
      const signature = pushSignature(this.config.wechatPush.token ?? '', timestamp, nonce);
      const query = `signature=${signature}&timestamp=${timestamp}&nonce=${nonce}`;
      try {
        const res = await outboundRequest(this.pushTarget(query), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
          timeoutMs: 5000,
        });
        if (res.status >= 200 && res.status <= 299) return;
        this.logger.warn(`push of ${traceId} answered ${res.status}`);
      } catch (e) {
        this.logger.warn(`push of ${traceId} failed: ${(e as Error).message}`);
      }
      await new Promise((r) => setTimeout(r, 500 * attempt).unref());
    }
  }

  /**
   * The push URL with this push's query. Its host and path are split once: a `URL` parsed a push was the simulator's
   * own waste (the stand-in's CPU counts against the bench's cores). A configured URL with a query or fragment of its
   * own goes through `URL` as before.
   */
  private pushTarget(query: string): URL | OutboundTarget {
    const configured = this.config.wechatSimPushUrl;
    if (/[?#]/.test(configured)) return new URL(`${configured}?${query}`);
    this.pushBase ??= targetOf(new URL(configured), new URL(configured).pathname);
    return { ...this.pushBase, path: `${this.pushBase.path}?${query}` };
  }

  private async judgeImage(mediaUrl: string): Promise<{ suggest: 'pass' | 'review' | 'risky'; label: number }> {
    try {
      const res = await outboundRequest(new URL(mediaUrl), { method: 'GET', timeoutMs: 10_000, maxBytes: MAX_MEDIA_BYTES });
      if (res.status < 200 || res.status > 299) throw new Error(`HTTP ${res.status}`);
      const { data, channels } = await cornerPixels(res.body);
      return isPureRed(data, channels) ? { suggest: 'risky', label: 20002 } : { suggest: 'pass', label: 100 };
    } catch (e) {
      this.logger.warn(`cannot check ${mediaUrl}: ${(e as Error).message}; verdict review`);
      return { suggest: 'review', label: 21000 };
    }
  }
}
