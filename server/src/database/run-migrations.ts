import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';

const LOCK_NAME = 'sansui_migrations';
const LOCK_WAIT_S = 300;

/**
 * Runs pending migrations, each in its own transaction. On MySQL/MariaDB (and TiDB) a named lock
 * (GET_LOCK) makes instances that boot together take turns: the first migrates, the others then find
 * nothing pending. SQLite has one writer and one process per file.
 */
export async function runMigrationsLocked(ds: DataSource): Promise<void> {
  const logger = new Logger('Migrations');
  if (ds.options.type !== 'mysql' && ds.options.type !== 'mariadb') {
    await run(ds, logger);
    return;
  }
  const runner = ds.createQueryRunner();
  try {
    const [row] = (await runner.query('SELECT GET_LOCK(?, ?) AS got', [LOCK_NAME, LOCK_WAIT_S])) as { got: number | string | null }[];
    if (Number(row?.got) !== 1) throw new Error(`another instance held the migration lock for more than ${LOCK_WAIT_S} s`);
    try {
      await run(ds, logger);
    } finally {
      await runner.query('SELECT RELEASE_LOCK(?)', [LOCK_NAME]);
    }
  } finally {
    await runner.release();
  }
}

async function run(ds: DataSource, logger: Logger): Promise<void> {
  const done = await ds.runMigrations({ transaction: 'each' });
  if (done.length) logger.log(`ran ${done.length} migration(s): ${done.map((m) => m.name).join(', ')}`);
}
