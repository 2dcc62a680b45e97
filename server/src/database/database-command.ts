import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { buildConfig, type AppConfig } from '../config/app-config';
import { databaseOptions } from './database-options';

/**
 * The frame of a command-line script on the configured database (DATABASE_URL or the SQLite file, as the server
 * reads them): opens it, runs `work`, closes it. The number `work` answers is the exit code; a failure is one line on
 * stderr and `failureCode`.
 */
export function runDatabaseCommand(work: (db: DataSource, config: AppConfig) => Promise<number | void>, failureCode = 1): void {
  const run = async (): Promise<number> => {
    const config = buildConfig(process.env);
    const db = await new DataSource({ ...databaseOptions(config.database), logging: ['error'] }).initialize();
    try {
      return (await work(db, config)) ?? 0;
    } finally {
      await db.destroy();
    }
  };
  run().then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(failureCode);
    },
  );
}
