import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { databaseOptions } from './database-options';
import { runMigrationsLocked } from './run-migrations';
import { bindSqliteNumberParameters } from './sqlite-parameters';

/**
 * The one TypeORM connection. Pending migrations run at boot, before any other provider sees the
 * connection, so a fresh database is usable at once; several instances booting together take turns.
 */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        ...databaseOptions(config.database),
        migrationsRun: false,
        synchronize: config.env === 'test' && process.env.TYPEORM_SYNCHRONIZE === 'true',
        autoLoadEntities: false,
        retryAttempts: 3,
        retryDelay: 1000,
      }),
      dataSourceFactory: async (options) => {
        const ds = await new DataSource(options!).initialize();
        bindSqliteNumberParameters(ds);
        if (!options!.synchronize) await runMigrationsLocked(ds);
        return ds;
      },
    }),
  ],
})
export class DatabaseModule {}
