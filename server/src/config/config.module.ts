import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { APP_CONFIG, buildConfig } from './app-config';

/**
 * Reads the environment once through @nestjs/config and provides the validated, typed AppConfig.
 * A dynamic module so that the environment is read when the app is created, not when this file loads.
 */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(): DynamicModule {
    return {
      module: AppConfigModule,
      imports: [ConfigModule.forRoot({ ignoreEnvFile: true, validate: (env) => ({ ...env, __app: buildConfig(env) }) })],
      providers: [{ provide: APP_CONFIG, inject: [ConfigService], useFactory: (config: ConfigService) => config.get('__app') }],
      exports: [APP_CONFIG],
    };
  }
}
