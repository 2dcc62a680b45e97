import { type INestApplication, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { API_PREFIX } from '@sansui/shared';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Logger, PARAMS_PROVIDER_TOKEN, type Params } from 'nestjs-pino';
import type { Logger as PinoRoot } from 'pino';
import type { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter';
import { createValidationPipe } from './common/errors/validation.pipe';
import { bodyDepthLimit } from './common/http/body-depth';
import { answerClientErrorsInEnvelope } from './common/http/client-errors';
import { mergeLeadingMiddleware } from './common/http/front-layer';
import { JsonReplyExpressAdapter } from './common/http/json-reply';
import { outlastProxyKeepAlive } from './common/http/keep-alive';
import { installLoadShedding } from './common/http/load-shedding';
import { requestLogging } from './common/http/request-log';
import { indexStaticRoutes } from './common/http/route-index';
import { applySecurityHeaders } from './common/http/security-headers';
import { APP_CONFIG, type AppConfig } from './config/app-config';
import { tileOrigins } from './config/map-tiles';
import { watchPoolWait } from './database/pool-wait';

/** Routes outside /api/v1: Open311 has its own spec'd base, the WeChat simulators mimic WeChat's paths. */
const OUTSIDE_PREFIX = [
  { path: 'open311/v2/{*path}', method: RequestMethod.ALL },
  { path: 'sim/wechat/{*path}', method: RequestMethod.ALL },
  // The simulated WeChat Pay API; the resident's simulated confirm button stays under /api/v1.
  { path: 'sim/wechatpay/v3/{*path}', method: RequestMethod.ALL },
  { path: 'sim/wechatpay/_control/{*path}', method: RequestMethod.ALL },
  { path: 'sim/tencent-map/{*path}', method: RequestMethod.ALL },
  { path: 'sim/wecom/{*path}', method: RequestMethod.ALL },
  { path: 'api/health', method: RequestMethod.ALL },
];

/** Builds the app exactly as production runs it; main.ts and the HTTP tests both use this. */
export async function createApp(options: { logger?: boolean } = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(), new JsonReplyExpressAdapter(), {
    bufferLogs: true,
    abortOnError: false,
    rawBody: true,
  });
  if (options.logger !== false) app.useLogger(app.get(Logger));
  else app.useLogger(false);
  configureApp(app);
  await app.init();
  indexStaticRoutes(app);
  mergeLeadingMiddleware(app);
  return app;
}

export function configureApp(app: NestExpressApplication): void {
  const config = app.get<AppConfig>(APP_CONFIG);
  app.set('trust proxy', config.trustedProxies);
  applySecurityHeaders(app, { imageOrigins: tileOrigins(config.mapTiles) });
  shedLoadWhenOverloaded(app, config.loadShedding);
  app.useBodyParser('json', { limit: '1mb' });
  app.useBodyParser('urlencoded', { limit: '1mb', extended: false });
  app.use(bodyDepthLimit);
  const root = (app.get<Params>(PARAMS_PROVIDER_TOKEN).pinoHttp as { logger: PinoRoot }).logger;
  app.use(requestLogging(root, (req) => (req.url ?? '').startsWith('/api/health')));
  app.setGlobalPrefix(API_PREFIX.slice(1), { exclude: OUTSIDE_PREFIX });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());
  app.enableShutdownHooks();
  answerClientErrorsInEnvelope(app.getHttpServer());
  outlastProxyKeepAlive(app.getHttpServer());
  if (config.swaggerEnabled) setupSwagger(app);
}

/** Before the body parsers: a refused request costs no body parsing and reaches no handler. */
function shedLoadWhenOverloaded(app: NestExpressApplication, options: AppConfig['loadShedding']): void {
  if (!options.enabled) return;
  const pool = watchPoolWait(app.get<DataSource>(getDataSourceToken()), options.windowMs);
  const dbSignal = pool
    ? [{ name: 'database pool wait', limitMs: options.maxDbWaitMs, currentMs: () => pool.waitMs(), renew: () => pool.renew() }]
    : [];
  installLoadShedding((mw) => app.use(mw), app.getHttpServer(), options, dbSignal);
}

function setupSwagger(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('三随 API')
    .setDescription('随手拍 · 随手捡 · 随时清：居民上报、案卷流转、红包发放的 HTTP 接口。错误统一为 {code, message}，见 docs/api.md。')
    .setVersion('1')
    .addBearerAuth()
    .build();
  // Built on the first /api/docs request rather than at every boot (5 % of a restart's CPU).
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, config), { jsonDocumentUrl: 'api/docs-json' });
}
