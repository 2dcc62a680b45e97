import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { ACCESS_TOKEN_ERRCODES, WechatApiError, WechatHttp } from '../wechat-http';

interface CachedToken {
  token: string;
  /** Refresh from this moment on (80 % of the lifetime). */
  refreshAt: number;
  expiresAt: number;
}

/**
 * The server-side access token, from `POST /cgi-bin/stable_token` (docs/domain.md §10). Cached in memory and
 * refreshed at 80 % of its 7200 s lifetime; concurrent callers share one request (single flight).
 * Several instances can each keep their own cache: stable_token without force_refresh hands every
 * caller the same valid token, so instances do not invalidate one another.
 */
@Injectable()
export class AccessTokenService {
  private readonly logger = new Logger('WechatAccessToken');
  private cached: CachedToken | null = null;
  private inflight: Promise<string> | null = null;

  constructor(
    private readonly http: WechatHttp,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async token(): Promise<string> {
    const c = this.cached;
    if (c && Date.now() < c.refreshAt) return c.token;
    // Between refreshAt and expiresAt the old token still works: if the refresh fails, keep using it.
    return this.fetch(false).catch((e) => {
      if (c && Date.now() < c.expiresAt) return c.token;
      throw e;
    });
  }

  /**
   * Runs a call that needs the token; when WeChat says the token is invalid or expired (40001, 40014,
   * 42001), drops the cache, fetches a token again and retries once.
   */
  async call<T>(fn: (accessToken: string) => Promise<T>): Promise<T> {
    const first = await this.token();
    try {
      return await fn(first);
    } catch (e) {
      if (!(e instanceof WechatApiError) || !ACCESS_TOKEN_ERRCODES.has(e.errcode)) throw e;
      this.logger.warn(`access token rejected (${e.errcode}); refreshing once`);
      if (this.cached?.token === first) this.cached = null;
      return fn(await this.fetch(false));
    }
  }

  private fetch(forceRefresh: boolean): Promise<string> {
    if (!this.inflight) {
      this.inflight = this.request(forceRefresh).finally(() => {
        this.inflight = null;
      });
    }
    return this.inflight;
  }

  private async request(forceRefresh: boolean): Promise<string> {
    const json = await this.http.post(
      '/cgi-bin/stable_token',
      {},
      {
        grant_type: 'client_credential',
        appid: this.config.wechat.appId,
        secret: this.config.wechat.secret,
        force_refresh: forceRefresh,
      },
    );
    const token = json.access_token;
    const expiresIn = typeof json.expires_in === 'number' && json.expires_in > 0 ? json.expires_in : 7200;
    if (typeof token !== 'string' || !token) throw new WechatApiError(-1, 'stable_token returned no access_token', '/cgi-bin/stable_token');
    const now = Date.now();
    this.cached = { token, refreshAt: now + expiresIn * 800, expiresAt: now + expiresIn * 1000 - 30_000 };
    return token;
  }
}
