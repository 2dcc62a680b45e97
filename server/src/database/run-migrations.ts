import { Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';

const LOCK_WAIT_S = 300;

/**
 * GET_LOCK names are server-wide: one name for every database made the test suites' scratch databases on
 * one MariaDB migrate one at a time (two jest workers waited on each other's migrations in every
 * beforeAll). Instances of the same database still take turns. MariaDB allows 64 characters.
 */
export function migrationLockName(database: string): string {
  const name = `sansui_migrations:${database}`;
  return name.length <= 64 ? name : `sansui_migrations:${createHash('sha256').update(database).digest('hex').slice(0, 40)}`;
}

/**
 * Runs pending migrations, each in its own transaction. On MySQL/MariaDB (and TiDB) a named lock
 * (GET_LOCK) per database makes instances that boot together take turns: the first migrates, the others
 * then find nothing pending. SQLite has one writer and one process per file.
 */
export async function runMigrationsLocked(ds: DataSource): Promise<void> {
  const logger = new Logger('Migrations');
  if (ds.options.type !== 'mysql' && ds.options.type !== 'mariadb') {
    await run(ds, logger);
    return;
  }
  const runner = ds.createQueryRunner();
  try {
    const [{ db }] = (await runner.query('SELECT DATABASE() AS db')) as { db: string }[];
    const lock = migrationLockName(db);
    const [row] = (await runner.query('SELECT GET_LOCK(?, ?) AS got', [lock, LOCK_WAIT_S])) as { got: number | string | null }[];
    if (Number(row?.got) !== 1) throw new Error(`another instance held the migration lock for more than ${LOCK_WAIT_S} s`);
    try {
      await run(ds, logger);
    } finally {
      await runner.query('SELECT RELEASE_LOCK(?)', [lock]);
    }
  } finally {
    await runner.release();
  }
}

async function run(ds: DataSource, logger: Logger): Promise<void> {
  const done = await ds.runMigrations({ transaction: 'each' });
  if (done.length) logger.log(`ran ${done.length} migration(s): ${done.map((m) => m.name).join(', ')}`);
}
