import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { databaseOptions } from './database-options';

/** The one TypeORM connection. Migrations run at boot (idempotent), so a fresh database is usable at once. */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        ...databaseOptions(config.database),
        migrationsRun: process.env.TYPEORM_SYNCHRONIZE !== 'true',
        synchronize: config.env === 'test' && process.env.TYPEORM_SYNCHRONIZE === 'true',
        autoLoadEntities: false,
        retryAttempts: 3,
        retryDelay: 1000,
      }),
    }),
  ],
})
export class DatabaseModule {}
