import { type INestApplication, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { API_PREFIX } from '@sansui/shared';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Logger, PARAMS_PROVIDER_TOKEN, type Params } from 'nestjs-pino';
import type { Logger as PinoRoot } from 'pino';
import type { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter';
import { createValidationPipe } from './common/errors/validation.pipe';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bodyDepthLimit } from './common/http/body-depth';
import { BODY_LIMIT_BYTES, parseBodiesAsBefore } from './common/http/body-parsers';
import { answerClientErrorInEnvelope } from './common/http/client-errors';
import { answerWithEtags } from './common/http/etag';
import { outlastProxyKeepAlive } from './common/http/keep-alive';
import { installLoadShedding } from './common/http/load-shedding';
import { requestLogging, withRequestLogger } from './common/http/request-log';
import { applySecurityHeaders } from './common/http/security-headers';
import { APP_CONFIG, parseTrustedProxies, type AppConfig } from './config/app-config';
import { tileOrigins } from './config/map-tiles';
import { watchPoolWait } from './database/pool-wait';
import { serveBuiltSites } from './static-sites';

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

export type App = NestFastifyApplication;

/** Builds the app exactly as production runs it; main.ts and the HTTP tests both use this. */
export async function createApp(options: { logger?: boolean } = {}): Promise<App> {
  const adapter = new FastifyAdapter({
    // Read before the app exists (Fastify fixes it at creation), by the same parser as AppConfig.trustedProxies.
    trustProxy: parseTrustedProxies(process.env.TRUSTED_PROXIES),
    bodyLimit: BODY_LIMIT_BYTES,
    clientErrorHandler: answerClientErrorInEnvelope,
    // As Express: /path/ is /path, and an id of any length reaches its route's validation instead of a 404.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 16_384 },
    // No Nest middleware is used (the request pipeline is hooks, below): @fastify/middie is not loaded.
    skipMiddie: true,
  });
  const app = await NestFactory.create<App>(AppModule.forRoot(), adapter, { bufferLogs: true, abortOnError: false, bodyParser: false });
  if (options.logger !== false) app.useLogger(app.get(Logger));
  else app.useLogger(false);
  await configureApp(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

/** A connect-style step (req, res, next) as an `onRequest` hook; one that answers by itself ends the request there. */
function onRequest(fastify: FastifyInstance, step: (req: IncomingMessage, res: ServerResponse, next: () => void) => void): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    let passed = false;
    step(request.raw, reply.raw, () => {
      passed = true;
      done();
    });
    if (!passed && reply.raw.writableEnded) reply.hijack();
  });
}

/**
 * The request pipeline, in this order: security headers, load shedding, the request id and log (all before any body
 * is read), the body parsers (JSON and forms up to 1 MB, raw bytes kept; multipart for the upload interceptors), the
 * depth check, then the route with its guards, pipes and handler; every JSON or text answer gets its ETag.
 */
export async function configureApp(app: App): Promise<void> {
  const config = app.get<AppConfig>(APP_CONFIG);
  const fastify = app.getHttpAdapter().getInstance();
  applySecurityHeaders(fastify, { imageOrigins: tileOrigins(config.mapTiles) });
  shedLoadWhenOverloaded(app, fastify, config.loadShedding);
  const root = (app.get<Params>(PARAMS_PROVIDER_TOKEN).pinoHttp as { logger: PinoRoot }).logger;
  onRequest(
    fastify,
    requestLogging(root, (req) => (req.url ?? '').startsWith('/api/health')),
  );
  parseBodiesAsBefore(fastify);
  await app.register(fastifyMultipart);
  fastify.addHook('preValidation', bodyDepthLimit);
  fastify.addHook('preHandler', (request, _reply, done) => withRequestLogger(request.raw, done));
  answerWithEtags(fastify);
  serveBuiltSites(fastify);
  app.setGlobalPrefix(API_PREFIX.slice(1), { exclude: OUTSIDE_PREFIX });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());
  app.enableShutdownHooks();
  outlastProxyKeepAlive(app.getHttpServer());
  if (config.swaggerEnabled) setupSwagger(app);
}

/** Before the body parsers: a refused request costs no body parsing and reaches no handler. */
function shedLoadWhenOverloaded(app: App, fastify: FastifyInstance, options: AppConfig['loadShedding']): void {
  if (!options.enabled) return;
  const pool = watchPoolWait(app.get<DataSource>(getDataSourceToken()), options.windowMs);
  const dbSignal = pool
    ? [{ name: 'database pool wait', limitMs: options.maxDbWaitMs, currentMs: () => pool.waitMs(), renew: () => pool.renew() }]
    : [];
  installLoadShedding((mw) => onRequest(fastify, mw), app.getHttpServer(), options, dbSignal);
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
