import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, Max, Min, MinLength, validateSync } from 'class-validator';
import { resolve } from 'node:path';
import { parseWorkingHours, type WorkingCalendar } from '@sansui/shared';
import { parseMapTiles } from './map-tiles';

const toBool = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? ['1', 'true', 'yes', 'on'].includes(value.toLowerCase()) : value;
const toNum = ({ value }: { value: unknown }) => (typeof value === 'string' && value !== '' ? Number(value) : value);
const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && value !== '' ? Number(value) : value);

/** Environment variables, validated once at boot. A bad or missing value stops the boot naming it. */
export class EnvironmentVariables {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  /** Public base URL used in links to photos and in notify_url. Defaults to http://127.0.0.1:PORT. */
  @IsOptional()
  @IsString()
  PUBLIC_BASE_URL?: string;

  /** mysql://user:pass@host:3306/db (or mariadb://… for MariaDB) — when unset, the embedded SQLite file is used. */
  @IsOptional()
  @IsString()
  DATABASE_URL?: string;

  @IsString()
  DATA_DIR = resolve(process.cwd(), 'data');

  @IsOptional()
  @IsString()
  SQLITE_PATH?: string;

  @IsString()
  @MinLength(16)
  JWT_SECRET = 'dev-only-secret-change-me-in-production';

  @Transform(toInt)
  @IsInt()
  @Min(60)
  JWT_TTL_SECONDS = 7 * 24 * 3600;

  @IsIn(['simulator', 'real'])
  WECHAT_MODE: 'simulator' | 'real' = 'simulator';

  @IsOptional()
  @IsString()
  WECHAT_APPID?: string;

  @IsOptional()
  @IsString()
  WECHAT_SECRET?: string;

  /** Base of api.weixin.qq.com; in simulator mode it points at this server's /sim/wechat. */
  @IsOptional()
  @IsString()
  WECHAT_API_BASE?: string;

  @Transform(toBool)
  @IsBoolean()
  DEMO_DATA = false;

  @IsIn(['local', 's3'])
  STORAGE_DRIVER: 'local' | 's3' = 'local';

  /**
   * JPEG encoder of the stored 1600 px copy of a photo (uploads/image-processor.ts STORED_ENCODING and
   * DEFAULT_PHOTO_JPEG_ENCODER, which this default matches; docs/performance.md).
   */
  @IsIn(['mozjpeg', 'turbo'])
  PHOTO_JPEG_ENCODER: 'mozjpeg' | 'turbo' = 'turbo';

  @IsOptional() @IsString() S3_ENDPOINT?: string;
  @IsOptional() @IsString() S3_BUCKET?: string;
  @IsOptional() @IsString() S3_REGION?: string;
  @IsOptional() @IsString() S3_ACCESS_KEY_ID?: string;
  @IsOptional() @IsString() S3_SECRET_ACCESS_KEY?: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Requests per minute per client on login, upload and report endpoints. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_MINUTE = 60;

  /**
   * Reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are believed: comma-separated addresses,
   * CIDRs or Express names (loopback, linklocal, uniquelocal). None by default: the client address is the
   * TCP peer, so nobody can pick their own address for the rate limits by sending the header.
   */
  @IsOptional()
  @IsString()
  TRUSTED_PROXIES?: string;

  /**
   * redis://host:6379 — when set, several instances behave as one: rate-limit counters live in Redis and
   * cache invalidations (user status) reach every instance. Unset: one instance, everything in memory.
   */
  @IsOptional()
  @IsString()
  REDIS_URL?: string;

  /** Serve Swagger UI and the OpenAPI JSON at /api/docs. Default: on, except in production. */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  SWAGGER_ENABLED?: boolean;

  /**
   * Load shedding: an overloaded instance answers 503 SERVICE_UNAVAILABLE with Retry-After at once instead of
   * queueing requests past every timeout (docs/reliability.md). Default: on in production, off elsewhere.
   */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  LOAD_SHEDDING_ENABLED?: boolean;
  /** Shed while the event loop runs this many ms late (0: never on this signal). */
  @Transform(toInt) @IsInt() @Min(0) LOAD_SHEDDING_MAX_EVENT_LOOP_DELAY_MS = 1000;
  /** Shed while a query has waited this many ms for a MySQL pool connection (0: never on this signal). */
  @Transform(toInt) @IsInt() @Min(0) LOAD_SHEDDING_MAX_DB_WAIT_MS = 1000;
  @Transform(toInt) @IsInt() @Min(1) @Max(600) LOAD_SHEDDING_RETRY_AFTER_SECONDS = 2;
  /** How long a measured delay keeps counting: until the end of the window after the one it was seen in. */
  @Transform(toInt) @IsInt() @Min(50) @Max(600_000) LOAD_SHEDDING_WINDOW_MS = 500;

  /** Keep the answers of my reports and the staff case lists across requests until a write or their clock ends them. */
  @Transform(toBool)
  @IsBoolean()
  READ_CACHE = true;
  /** Memory the kept answers may take, in MB (least recently used dropped first). */
  @Transform(toInt) @IsInt() @Min(1) @Max(4096) READ_CACHE_MB = 32;

  /** Run periodic jobs (escalation, outbox, reconciliation) in this instance. */
  @Transform(toBool)
  @IsBoolean()
  JOBS_ENABLED = true;
  /** How often the audit chain's head is anchored (signed, kept, sent to auditors) when it moved; default daily. */
  @Transform(toInt) @IsInt() @Min(60_000) AUDIT_ANCHOR_INTERVAL_MS = 86_400_000;

  // --- wechat / notifications ---
  /** Token configured for WeChat message push (消息推送); checks the `signature` query parameter. Defaults to a fixed value in simulator mode. */
  @IsOptional()
  @IsString()
  @MinLength(3)
  WECHAT_PUSH_TOKEN?: string;

  /** Subscription-message template ids (订阅消息模板), by our template key. Simulator defaults apply when unset. */
  @IsOptional() @IsString() WECHAT_TEMPLATE_CASE_PROGRESS?: string;
  @IsOptional() @IsString() WECHAT_TEMPLATE_REWARD_NOTICE?: string;

  /** miniprogram_state of subscription messages: which build a tap on the message opens. */
  @IsIn(['developer', 'trial', 'formal'])
  WECHAT_MINIPROGRAM_STATE: 'developer' | 'trial' | 'formal' = 'formal';

  /** Simulator only: delay before the simulated media-check verdict is pushed (WeChat takes up to 30 min). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  WECHAT_SIM_MEDIA_DELAY_MS = 200;

  /**
   * Simulator only: where the simulated media-check verdict is pushed (default: this server's own push
   * endpoint). Set when the simulator runs in another process than the server it answers (bench/run.mjs
   * --simulators external), as WeChat's machines are in production.
   */
  @IsOptional()
  @IsString()
  WECHAT_SIM_PUSH_URL?: string;

  /** Outbox: attempts before a message is marked dead. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  OUTBOX_MAX_ATTEMPTS = 6;
  // --- end wechat / notifications ---

  // --- wecom (staff attention) ---
  /** WeCom (企业微信) application messages to staff: `real` (qyapi.weixin.qq.com), `simulator` (this server's /sim/wecom), `off`. Default: simulator with WECHAT_MODE=simulator, else real when WECOM_CORP_ID is set, else off. */
  @IsOptional()
  @IsIn(['simulator', 'real', 'off'])
  WECOM_MODE?: 'simulator' | 'real' | 'off';
  /** 企业ID, the application's Secret and AgentId (应用管理 → 自建应用). */
  @IsOptional() @IsString() WECOM_CORP_ID?: string;
  @IsOptional() @IsString() WECOM_CORP_SECRET?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) WECOM_AGENT_ID?: number;
  /** Base of qyapi.weixin.qq.com. */
  @IsOptional() @IsString() WECOM_API_BASE?: string;
  // --- end wecom ---

  // --- wechat pay / rewards ---
  /** 商户号. Simulator default: 1900000001. */
  @IsOptional() @IsString() WECHATPAY_MCHID?: string;
  /** Merchant API certificate serial number. */
  @IsOptional() @IsString() WECHATPAY_SERIAL?: string;
  /** Merchant private key (PEM text) or a path to it. */
  @IsOptional() @IsString() WECHATPAY_PRIVATE_KEY?: string;
  @IsOptional() @IsString() WECHATPAY_PRIVATE_KEY_PATH?: string;
  /** WeChat Pay platform certificate or public key (PEM text) or a path to it. */
  @IsOptional() @IsString() WECHATPAY_PLATFORM_KEY?: string;
  @IsOptional() @IsString() WECHATPAY_PLATFORM_KEY_PATH?: string;
  /** Serial of the platform certificate, or the public key id `PUB_KEY_ID_…`. */
  @IsOptional() @IsString() WECHATPAY_PLATFORM_SERIAL?: string;
  /**
   * A second platform key accepted on answers and callbacks while WeChat Pay switches keys (e.g. from a
   * platform certificate to the 微信支付公钥): its serial (or PUB_KEY_ID_…) and PEM text or path.
   */
  @IsOptional() @IsString() WECHATPAY_PLATFORM_SERIAL_2?: string;
  @IsOptional() @IsString() WECHATPAY_PLATFORM_KEY_2?: string;
  @IsOptional() @IsString() WECHATPAY_PLATFORM_KEY_2_PATH?: string;
  /** APIv3 key (32 bytes) for callback decryption. */
  @IsOptional() @IsString() WECHATPAY_APIV3_KEY?: string;
  /** Base of api.mch.weixin.qq.com; in simulator mode this server's /sim/wechatpay. */
  @IsOptional() @IsString() WECHATPAY_BASE_URL?: string;
  /** Simulator: which platform-key mode it answers with (public key id or platform certificate). */
  @IsIn(['pubkey', 'cert'])
  WECHATPAY_SIM_KEY_MODE: 'pubkey' | 'cert' = 'pubkey';
  /** Simulator: probability that a callback is sent twice / sent late, and the delay of a late one. */
  @Transform(toNum) @IsNumber() @Min(0) @Max(1) WECHATPAY_SIM_DUPLICATE_RATE = 0.2;
  @Transform(toNum) @IsNumber() @Min(0) @Max(1) WECHATPAY_SIM_LATE_RATE = 0.2;
  @Transform(toInt) @IsInt() @Min(0) WECHATPAY_SIM_LATE_MS = 1500;
  /** Simulator: seed of its random choices (deterministic tests). */
  @Transform(toInt) @IsInt() WECHATPAY_SIM_SEED = 20260101;
  /** Simulator: probability that a create answers ACCEPTED first (package_info on a retry). */
  @Transform(toNum) @IsNumber() @Min(0) @Max(1) WECHATPAY_SIM_ACCEPTED_RATE = 0;
  /** Single-transfer limit of the 现金营销 scene set on the merchant platform (fen; WeChat's default 200 yuan). */
  @Transform(toInt) @IsInt() @Min(10) WECHATPAY_SCENE_MAX_FEN = 20_000;
  /** Reconciliation job interval (ms) for transfer bills that are not final. */
  @Transform(toInt) @IsInt() @Min(1000) PAYOUT_RECONCILE_INTERVAL_MS = 60_000;
  // --- end wechat pay / rewards ---

  // --- cases workflow ---
  /** resolve: the after-photo's location may be at most this far from the case (metres). */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(100_000)
  RESOLVE_MAX_DISTANCE_M = 200;

  /** Working-hours calendar for deadlines in Beijing time, e.g. "1-5 09:00-18:00" (ISO weekdays). Unset/"off": the clock always runs. */
  @IsOptional()
  @IsString()
  WORKING_HOURS?: string;
  // --- end cases workflow ---

  // --- places (places engineer) ---
  /** Reverse geocoding: `real` (Tencent Location Service), `simulator` (this server's /sim/tencent-map), `off`. Default: simulator with WECHAT_MODE=simulator, else real when TENCENT_MAP_KEY is set, else off. */
  @IsOptional()
  @IsIn(['simulator', 'real', 'off'])
  GEOCODER_MODE?: 'simulator' | 'real' | 'off';
  /** Tencent Location Service WebService key, and its secret key (SK) when the key has SN signing on. */
  @IsOptional() @IsString() TENCENT_MAP_KEY?: string;
  @IsOptional() @IsString() TENCENT_MAP_SK?: string;
  /** Base of apis.map.qq.com. */
  @IsOptional() @IsString() TENCENT_MAP_BASE_URL?: string;
  @Transform(toInt) @IsInt() @Min(200) @Max(30_000) GEOCODER_TIMEOUT_MS = 3000;
  @Transform(toInt) @IsInt() @Min(0) @Max(5) GEOCODER_RETRIES = 2;
  /** How long a report submission waits for its address before going on without it (the job fills it later). */
  @Transform(toInt) @IsInt() @Min(0) @Max(10_000) GEOCODER_INLINE_BUDGET_MS = 1500;
  /** GCJ-02 raster tiles for the H5 build and the admin panel, e.g. AMap `https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}` with MAP_TILE_SUBDOMAINS=1234. Unset: the grid drawing. Its hosts are added to the CSP's img-src. */
  @IsOptional() @IsString() MAP_TILE_URL?: string;
  /** Attribution shown under tiles (e.g. "© 高德地图"). */
  @IsOptional() @IsString() MAP_TILE_ATTRIBUTION?: string;
  /** What replaces {s} in MAP_TILE_URL, one character per tile host (AMap: 1234). Default abc. */
  @IsOptional() @IsString() MAP_TILE_SUBDOMAINS?: string;
  /** The deepest zoom level the tile source serves. */
  @Transform(toInt) @IsOptional() @IsInt() @Min(1) @Max(22) MAP_TILE_MAX_ZOOM?: number;
  // --- end places ---
}

export type AppConfig = ReturnType<typeof buildConfig>;

/**
 * Marks of a development default, a simulator value or a placeholder. Only words of four letters or more
 * (and dev/sim as separate parts), so a randomly generated secret practically never matches by chance.
 */
const PLACEHOLDER_WORDS =
  /change|secret|demo|test|example|default|sample|placeholder|password|sansui|123456|abcdef|qwerty|(^|[^a-z0-9])(dev|sim|wx)([^a-z0-9]|$)/i;

/** Why a secret is too weak for production, or null. A rule, not a list: any variant of a default fails it too. */
export function weakSecretReason(value: string, minLength: number): string | null {
  if (value.length < minLength) return `shorter than ${minLength} characters`;
  if (PLACEHOLDER_WORDS.test(value)) return 'looks like a default, simulator or placeholder value';
  if (new Set(value).size < Math.min(12, Math.ceil(minLength / 2))) return 'too few distinct characters';
  return null;
}

function productionSecretProblems(vars: EnvironmentVariables): string[] {
  const checks: [string, string | undefined, number][] = [
    ['JWT_SECRET', vars.JWT_SECRET, 32],
    ['WECHAT_SECRET', vars.WECHAT_SECRET, 16],
    ['WECHAT_PUSH_TOKEN', vars.WECHAT_PUSH_TOKEN, 16],
  ];
  const problems: string[] = [];
  for (const [name, value, min] of checks) {
    const reason = value === undefined ? null : weakSecretReason(value, min);
    if (reason) problems.push(`${name} is not a production secret (${reason})`);
  }
  const apiv3 = vars.WECHATPAY_APIV3_KEY;
  if (apiv3 && (PLACEHOLDER_WORDS.test(apiv3) || new Set(apiv3).size < 12))
    problems.push('WECHATPAY_APIV3_KEY is not a production secret (looks like a placeholder)');
  for (const name of ['WECHAT_APPID', 'WECHATPAY_MCHID', 'WECHATPAY_SERIAL', 'WECHATPAY_PLATFORM_SERIAL'] as const) {
    const value = vars[name];
    if (value && /sim|demo|test|example/i.test(value)) problems.push(`${name} looks like a simulator value`);
  }
  if (vars.WECHATPAY_MCHID === '1900000001') problems.push('WECHATPAY_MCHID is the simulator merchant');
  return problems;
}

/** Validates the environment and derives the typed configuration object. Throws with every bad variable named. */
export function buildConfig(env: Record<string, unknown>) {
  const vars = plainToInstance(EnvironmentVariables, env, { enableImplicitConversion: false, exposeDefaultValues: true });
  const errors = validateSync(vars, { skipMissingProperties: false, whitelist: false });
  if (errors.length > 0) {
    const lines = errors.map((e) => `  ${e.property}=${JSON.stringify(e.value)}: ${Object.values(e.constraints ?? {}).join('; ')}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  if (vars.NODE_ENV === 'production') {
    const problems: string[] = [];
    if (vars.DEMO_DATA) problems.push('DEMO_DATA must be false in production');
    if (vars.WECHAT_MODE !== 'real') problems.push('WECHAT_MODE must be "real" in production (no simulators)');
    problems.push(...productionSecretProblems(vars));
    if (!vars.DATABASE_URL) problems.push('DATABASE_URL must point at MySQL in production');
    if (!vars.PUBLIC_BASE_URL) problems.push('PUBLIC_BASE_URL must be set in production');
    if (vars.GEOCODER_MODE === 'simulator') problems.push('GEOCODER_MODE must not be "simulator" in production');
    if (vars.WECOM_MODE === 'simulator') problems.push('WECOM_MODE must not be "simulator" in production');
    if (vars.WECHATPAY_BASE_URL?.includes('/sim/'))
      problems.push('WECHATPAY_BASE_URL must point at WeChat Pay in production (no simulator)');
    const notifyProblem = vars.PUBLIC_BASE_URL ? notifyUrlProblem(vars.PUBLIC_BASE_URL) : null;
    if (notifyProblem) problems.push(notifyProblem);
    if (problems.length) throw new Error(`Refusing to start in production:\n  ${problems.join('\n  ')}`);
  }
  if (vars.WECHAT_MODE === 'real' && (!vars.WECHAT_APPID || !vars.WECHAT_SECRET)) {
    throw new Error('Invalid configuration:\n  WECHAT_APPID and WECHAT_SECRET are required when WECHAT_MODE=real');
  }
  if (vars.STORAGE_DRIVER === 's3' && (!vars.S3_ENDPOINT || !vars.S3_BUCKET || !vars.S3_ACCESS_KEY_ID || !vars.S3_SECRET_ACCESS_KEY)) {
    throw new Error(
      'Invalid configuration:\n  S3_ENDPOINT, S3_BUCKET, S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY are required when STORAGE_DRIVER=s3',
    );
  }
  if (vars.WECHAT_MODE === 'real') {
    const missing = ['WECHATPAY_MCHID', 'WECHATPAY_SERIAL', 'WECHATPAY_PLATFORM_SERIAL', 'WECHATPAY_APIV3_KEY'].filter(
      (k) => !(vars as unknown as Record<string, unknown>)[k],
    );
    if (!vars.WECHATPAY_PRIVATE_KEY && !vars.WECHATPAY_PRIVATE_KEY_PATH) missing.push('WECHATPAY_PRIVATE_KEY(_PATH)');
    if (!vars.WECHATPAY_PLATFORM_KEY && !vars.WECHATPAY_PLATFORM_KEY_PATH) missing.push('WECHATPAY_PLATFORM_KEY(_PATH)');
    if (missing.length) throw new Error(`Invalid configuration:\n  ${missing.join(', ')} required when WECHAT_MODE=real`);
  }
  if (Boolean(vars.WECHATPAY_PLATFORM_SERIAL_2) !== Boolean(vars.WECHATPAY_PLATFORM_KEY_2 || vars.WECHATPAY_PLATFORM_KEY_2_PATH)) {
    throw new Error('Invalid configuration:\n  WECHATPAY_PLATFORM_SERIAL_2 and WECHATPAY_PLATFORM_KEY_2(_PATH) go together');
  }
  if (vars.WECHATPAY_APIV3_KEY && Buffer.byteLength(vars.WECHATPAY_APIV3_KEY) !== 32) {
    throw new Error('Invalid configuration:\n  WECHATPAY_APIV3_KEY must be exactly 32 bytes');
  }
  // --- wechat / notifications ---
  const wechatMissing = wechatProductionMissing(vars);
  if (wechatMissing.length)
    throw new Error(
      `Refusing to start in production:\n  ${wechatMissing.join(', ')} must be set (WeChat push verification and subscription templates)`,
    );
  // --- end wechat / notifications ---
  // --- wecom (staff attention) ---
  const wecomMode = vars.WECOM_MODE ?? (vars.WECHAT_MODE === 'simulator' ? 'simulator' : vars.WECOM_CORP_ID ? 'real' : 'off');
  if (wecomMode === 'real' && (!vars.WECOM_CORP_ID || !vars.WECOM_CORP_SECRET || !vars.WECOM_AGENT_ID))
    throw new Error('Invalid configuration:\n  WECOM_CORP_ID, WECOM_CORP_SECRET and WECOM_AGENT_ID are required when WECOM_MODE=real');
  // --- end wecom ---
  // --- places (places engineer) ---
  const geocoderMode = vars.GEOCODER_MODE ?? (vars.WECHAT_MODE === 'simulator' ? 'simulator' : vars.TENCENT_MAP_KEY ? 'real' : 'off');
  if (geocoderMode === 'real' && !vars.TENCENT_MAP_KEY)
    throw new Error('Invalid configuration:\n  TENCENT_MAP_KEY is required when GEOCODER_MODE=real');
  // --- end places ---
  const publicBaseUrl = (vars.PUBLIC_BASE_URL ?? `http://127.0.0.1:${vars.PORT}`).replace(/\/$/, '');
  return {
    env: vars.NODE_ENV,
    port: vars.PORT,
    host: vars.HOST,
    publicBaseUrl,
    database: vars.DATABASE_URL
      ? ({ type: 'mysql', url: vars.DATABASE_URL } as const)
      : ({ type: 'sqlite', path: vars.SQLITE_PATH ?? resolve(vars.DATA_DIR, 'sansui.sqlite') } as const),
    dataDir: vars.DATA_DIR,
    jwt: { secret: vars.JWT_SECRET, ttlSeconds: vars.JWT_TTL_SECONDS },
    wechat: {
      mode: vars.WECHAT_MODE,
      appId: vars.WECHAT_APPID ?? 'wx-sim-appid',
      secret: vars.WECHAT_SECRET ?? 'sim-secret',
      apiBase: (
        vars.WECHAT_API_BASE ?? (vars.WECHAT_MODE === 'real' ? 'https://api.weixin.qq.com' : `http://127.0.0.1:${vars.PORT}/sim/wechat`)
      ).replace(/\/$/, ''),
    },
    demoData: vars.DEMO_DATA,
    photoJpegEncoder: vars.PHOTO_JPEG_ENCODER,
    storage: {
      driver: vars.STORAGE_DRIVER,
      localDir: resolve(vars.DATA_DIR, 'uploads'),
      s3: {
        endpoint: vars.S3_ENDPOINT,
        bucket: vars.S3_BUCKET,
        region: vars.S3_REGION ?? 'us-east-1',
        accessKeyId: vars.S3_ACCESS_KEY_ID,
        secretAccessKey: vars.S3_SECRET_ACCESS_KEY,
      },
    },
    logLevel: vars.LOG_LEVEL,
    rateLimitPerMinute: vars.RATE_LIMIT_PER_MINUTE,
    jobsEnabled: vars.JOBS_ENABLED,
    readCache: { enabled: vars.READ_CACHE, maxBytes: vars.READ_CACHE_MB * 1024 * 1024, maxEntries: 20_000 },
    auditAnchorIntervalMs: vars.AUDIT_ANCHOR_INTERVAL_MS,
    trustedProxies: parseTrustedProxies(vars.TRUSTED_PROXIES),
    swaggerEnabled: vars.SWAGGER_ENABLED ?? vars.NODE_ENV !== 'production',
    redisUrl: vars.REDIS_URL ?? null,
    loadShedding: {
      enabled: vars.LOAD_SHEDDING_ENABLED ?? vars.NODE_ENV === 'production',
      maxEventLoopDelayMs: vars.LOAD_SHEDDING_MAX_EVENT_LOOP_DELAY_MS,
      maxDbWaitMs: vars.LOAD_SHEDDING_MAX_DB_WAIT_MS,
      retryAfterSeconds: vars.LOAD_SHEDDING_RETRY_AFTER_SECONDS,
      windowMs: vars.LOAD_SHEDDING_WINDOW_MS,
    },
    // --- wechat / notifications ---
    wechatPush: {
      /** null in real mode without WECHAT_PUSH_TOKEN: the push endpoint then refuses everything. */
      token: vars.WECHAT_PUSH_TOKEN ?? (vars.WECHAT_MODE === 'simulator' ? 'sim-push-token' : null),
    },
    wechatTemplates: {
      case_progress: vars.WECHAT_TEMPLATE_CASE_PROGRESS ?? 'sim-tmpl-case-progress',
      reward_notice: vars.WECHAT_TEMPLATE_REWARD_NOTICE ?? 'sim-tmpl-reward-notice',
    },
    wechatMiniprogramState: vars.WECHAT_MINIPROGRAM_STATE,
    wechatSimMediaDelayMs: vars.WECHAT_SIM_MEDIA_DELAY_MS,
    wechatSimPushUrl: (vars.WECHAT_SIM_PUSH_URL ?? `http://127.0.0.1:${vars.PORT}/api/v1/wechat/push`).replace(/\/$/, ''),
    outboxMaxAttempts: vars.OUTBOX_MAX_ATTEMPTS,
    // --- end wechat / notifications ---
    // --- wecom (staff attention) ---
    wecom: {
      /** off: notices stay in the notice centre and nothing is pushed. */
      enabled: wecomMode !== 'off',
      simulator: wecomMode === 'simulator',
      corpId: vars.WECOM_CORP_ID ?? (wecomMode === 'simulator' ? 'ww-sim-corp' : ''),
      corpSecret: vars.WECOM_CORP_SECRET ?? (wecomMode === 'simulator' ? 'sim-wecom-secret' : ''),
      agentId: vars.WECOM_AGENT_ID ?? (wecomMode === 'simulator' ? 1000002 : 0),
      apiBase: (
        vars.WECOM_API_BASE ?? (wecomMode === 'simulator' ? `http://127.0.0.1:${vars.PORT}/sim/wecom` : 'https://qyapi.weixin.qq.com')
      ).replace(/\/$/, ''),
    },
    // --- end wecom ---
    // --- wechat pay / rewards ---
    wechatpay: {
      /** simulator: keys are generated under dataDir and the base URL points at this server's /sim/wechatpay. */
      simulator: vars.WECHAT_MODE === 'simulator',
      mchid: vars.WECHATPAY_MCHID ?? '1900000001',
      serial: vars.WECHATPAY_SERIAL ?? null,
      privateKey: vars.WECHATPAY_PRIVATE_KEY ?? null,
      privateKeyPath: vars.WECHATPAY_PRIVATE_KEY_PATH ?? null,
      platformKey: vars.WECHATPAY_PLATFORM_KEY ?? null,
      platformKeyPath: vars.WECHATPAY_PLATFORM_KEY_PATH ?? null,
      platformSerial: vars.WECHATPAY_PLATFORM_SERIAL ?? null,
      secondPlatformKey: vars.WECHATPAY_PLATFORM_SERIAL_2
        ? {
            serial: vars.WECHATPAY_PLATFORM_SERIAL_2,
            pem: vars.WECHATPAY_PLATFORM_KEY_2 ?? null,
            path: vars.WECHATPAY_PLATFORM_KEY_2_PATH ?? null,
          }
        : null,
      apiv3Key: vars.WECHATPAY_APIV3_KEY ?? null,
      baseUrl: (
        vars.WECHATPAY_BASE_URL ??
        (vars.WECHAT_MODE === 'real' ? 'https://api.mch.weixin.qq.com' : `http://127.0.0.1:${vars.PORT}/sim/wechatpay`)
      ).replace(/\/$/, ''),
      sim: {
        keyMode: vars.WECHATPAY_SIM_KEY_MODE,
        duplicateRate: vars.WECHATPAY_SIM_DUPLICATE_RATE,
        lateRate: vars.WECHATPAY_SIM_LATE_RATE,
        lateMs: vars.WECHATPAY_SIM_LATE_MS,
        seed: vars.WECHATPAY_SIM_SEED,
        acceptedRate: vars.WECHATPAY_SIM_ACCEPTED_RATE,
        /** Balance of the simulated basic account before the first transfer (fund-flow bill 账户结余). */
        openingBalanceFen: 100_000_000,
      },
      reconcileIntervalMs: vars.PAYOUT_RECONCILE_INTERVAL_MS,
      sceneMaxFen: vars.WECHATPAY_SCENE_MAX_FEN,
    },
    // --- end wechat pay / rewards ---
    // --- cases workflow ---
    cases: {
      resolveMaxDistanceM: vars.RESOLVE_MAX_DISTANCE_M,
      workingHours: parseWorkingHoursOrThrow(vars.WORKING_HOURS),
    },
    // --- end cases workflow ---
    // --- places (places engineer) ---
    geocoder: {
      enabled: geocoderMode !== 'off',
      simulator: geocoderMode === 'simulator',
      key: vars.TENCENT_MAP_KEY ?? (geocoderMode === 'simulator' ? 'SIMKY-TENCENT-MAP-DEMO0-00000' : ''),
      secretKey: vars.TENCENT_MAP_SK ?? (geocoderMode === 'simulator' && !vars.TENCENT_MAP_KEY ? 'sim-tencent-map-secret-key' : null),
      baseUrl: (
        vars.TENCENT_MAP_BASE_URL ??
        (geocoderMode === 'simulator' ? `http://127.0.0.1:${vars.PORT}/sim/tencent-map` : 'https://apis.map.qq.com')
      ).replace(/\/$/, ''),
      timeoutMs: vars.GEOCODER_TIMEOUT_MS,
      retries: vars.GEOCODER_RETRIES,
      inlineBudgetMs: vars.GEOCODER_INLINE_BUDGET_MS,
    },
    mapTiles: parseMapTiles(vars),
    // --- end places ---
  };
}

/**
 * WeChat Pay calls notify_url = PUBLIC_BASE_URL + /api/v1/wechatpay/notify, and refuses the transfer
 * when that is not a public HTTPS URL without parameters (query or fragment).
 */
export function notifyUrlProblem(publicBaseUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(publicBaseUrl);
  } catch {
    return 'PUBLIC_BASE_URL must be an absolute URL (WeChat Pay notify_url)';
  }
  if (url.protocol !== 'https:') return 'PUBLIC_BASE_URL must use https (WeChat Pay refuses a notify_url without HTTPS)';
  if (url.search || url.hash || publicBaseUrl.includes('?') || publicBaseUrl.includes('#'))
    return 'PUBLIC_BASE_URL must not carry parameters (WeChat Pay refuses a notify_url with query or fragment)';
  if (url.username || url.password) return 'PUBLIC_BASE_URL must not carry credentials';
  return null;
}

// --- wechat / notifications ---
/** In production the push token and real template ids must be configured (no simulator defaults). */
export function wechatProductionMissing(
  vars: Pick<EnvironmentVariables, 'NODE_ENV' | 'WECHAT_PUSH_TOKEN' | 'WECHAT_TEMPLATE_CASE_PROGRESS' | 'WECHAT_TEMPLATE_REWARD_NOTICE'>,
): string[] {
  if (vars.NODE_ENV !== 'production') return [];
  return (['WECHAT_PUSH_TOKEN', 'WECHAT_TEMPLATE_CASE_PROGRESS', 'WECHAT_TEMPLATE_REWARD_NOTICE'] as const).filter((k) => !vars[k]);
}
// --- end wechat / notifications ---

// --- cases workflow ---
function parseWorkingHoursOrThrow(text: string | undefined): WorkingCalendar | null {
  try {
    return parseWorkingHours(text);
  } catch (e) {
    throw new Error(`Invalid configuration:\n  WORKING_HOURS=${JSON.stringify(text)}: ${(e as Error).message}`, { cause: e });
  }
}
// --- end cases workflow ---

/** Express's `trust proxy` value: false (trust no one) unless proxies are listed. */
export function parseTrustedProxies(text: string | undefined): string[] | false {
  const list = (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return list.length ? list : false;
}

/** Injection token for the typed configuration. */
export const APP_CONFIG = Symbol('APP_CONFIG');
