import { DynamicModule, Module } from '@nestjs/common';
import { ConditionalModule } from '@nestjs/config';
import { ScheduleModule } from '@nestjs/schedule';
import type * as ThrottlerRedis from '@nest-lab/throttler-storage-redis';
import { ThrottlerModule } from '@nestjs/throttler';
import { LoggerModule } from 'nestjs-pino';
import { AuthCoreModule } from './common/auth/auth-core.module';
import { RateLimitStorage } from './common/http/rate-limit-storage';
import { createRootLogger } from './common/http/request-log';
import { APP_CONFIG, buildConfig, type AppConfig } from './config/app-config';
import { AppConfigModule } from './config/config.module';
import { DatabaseCoreModule } from './database/database-core.module';
import { DemoCoreModule } from './demo/demo-core.module';
import { AuditModule } from './audit/audit.module';
import { HealthModule } from './health/health.module';
import { WechatModule } from './wechat/wechat.module';
import { AuthModule } from './auth/auth.module';
import { UsersModule } from './users/users.module';
import { NotificationsModule } from './notifications/notifications.module';
import { AreasModule } from './areas/areas.module';
import { DepartmentsModule } from './departments/departments.module';
import { CategoriesModule } from './categories/categories.module';
import { RoutingModule } from './routing/routing.module';
import { StatsModule } from './stats/stats.module';
import { DemoModule } from './demo/demo.module';
import { UploadsModule } from './uploads/uploads.module';
import { Open311Module } from './open311/open311.module';
import { ReportsModule } from './reports/reports.module';
import { GeoModule } from './geo/geo.module';
import { MeTooModule } from './me-too/me-too.module';
import { TriageModule } from './triage/triage.module';
import { CasesModule } from './cases/cases.module';
import { WechatpayModule } from './wechatpay/wechatpay.module';
import { WechatpaySimulatorModule } from './wechatpay/simulator/wechatpay-simulator.module';
import { LedgerModule } from './ledger/ledger.module';
import { RewardsModule } from './rewards/rewards.module';
import { PayoutsModule } from './payouts/payouts.module';
import { AnchorsModule } from './anchors/anchors.module';
import { EvaluationModule } from './evaluation/evaluation.module';
import { WecomModule } from './wecom/wecom.module';
import { WecomSimulatorModule } from './wecom/simulator/wecom-simulator.module';

/** Feature modules, one folder each. */
const FEATURES = [
  HealthModule,
  AuditModule,
  WechatModule,
  WecomModule,
  AuthModule,
  UsersModule,
  NotificationsModule,
  AreasModule,
  DepartmentsModule,
  CategoriesModule,
  RoutingModule,
  StatsModule,
  UploadsModule,
  TriageModule,
  GeoModule,
  ReportsModule,
  Open311Module,
  CasesModule,
  MeTooModule,
  DemoModule,
  WechatpayModule,
  LedgerModule,
  RewardsModule,
  PayoutsModule,
  AnchorsModule,
  EvaluationModule,
];

@Module({})
export class AppModule {
  static forRoot(): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(),
        LoggerModule.forRootAsync({
          inject: [APP_CONFIG],
          // The request middleware is common/http/request-log.ts, installed by configureApp as one layer;
          // nestjs-pino only provides the Logger, writing through the request's logger inside a request.
          useFactory: (config: AppConfig) => ({
            pinoHttp: { logger: createRootLogger(config.logLevel) },
            useExisting: true,
            forRoutes: [],
          }),
        }),
        ThrottlerModule.forRootAsync({
          inject: [APP_CONFIG],
          // Only routes marked @RateLimited() (login, upload, report) are limited; see common/http/rate-limit.ts.
          // With REDIS_URL the counters are shared by every instance; without it they live in this one (RateLimitStorage).
          useFactory: (config: AppConfig) => ({
            throttlers: [{ name: 'sensitive', ttl: 60_000, limit: config.rateLimitPerMinute }],
            storage: config.redisUrl ? redisThrottlerStorage(config.redisUrl) : new RateLimitStorage(),
          }),
        }),
        ScheduleModule.forRoot(),
        DatabaseCoreModule,
        AuthCoreModule,
        DemoCoreModule,
        ...FEATURES,
        // The WeChat Pay simulator only when configured (buildConfig refuses it in production).
        ConditionalModule.registerWhen(WechatpaySimulatorModule, (env) => buildConfig(env).wechatpay.simulator),
        ConditionalModule.registerWhen(WecomSimulatorModule, (env) => buildConfig(env).wecom.simulator),
      ],
    };
  }
}

/** The shared rate-limit counters; the Redis client (ioredis) is loaded only when REDIS_URL is set. */
function redisThrottlerStorage(url: string): ThrottlerRedis.ThrottlerStorageRedisService {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- not loaded at all without REDIS_URL
  const { ThrottlerStorageRedisService: Storage } = require('@nest-lab/throttler-storage-redis') as typeof ThrottlerRedis;
  return new Storage(url);
}
