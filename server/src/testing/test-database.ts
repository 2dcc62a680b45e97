import { randomBytes } from 'node:crypto';
import { createScratchMysqlDatabase } from '../database/scratch-mysql';

/** TEST_DB=mysql runs the integration suites against MariaDB/MySQL (DATABASE_URL or the local test server). */
export function testDatabaseKind(): 'sqlite' | 'mysql' {
  return process.env.TEST_DB === 'mysql' ? 'mysql' : 'sqlite';
}

/** The server that scripts/test.sh starts (or DATABASE_URL); each test file gets its own database on it. */
export function mysqlServerUrl(): string {
  return process.env.TEST_MYSQL_URL ?? process.env.DATABASE_URL ?? 'mariadb://sansui:sansui@127.0.0.1:3306/sansui_test';
}

export function createMysqlTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  return createScratchMysqlDatabase(mysqlServerUrl(), `sansui_t_${randomBytes(5).toString('hex')}`);
}
