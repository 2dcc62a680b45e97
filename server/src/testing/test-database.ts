import { createConnection } from 'mysql2/promise';
import { randomBytes } from 'node:crypto';

/** TEST_DB=mysql runs the integration suites against MariaDB/MySQL (DATABASE_URL or the local test server). */
export function testDatabaseKind(): 'sqlite' | 'mysql' {
  return process.env.TEST_DB === 'mysql' ? 'mysql' : 'sqlite';
}

/** The server that scripts/test.sh starts (or DATABASE_URL); each test file gets its own database on it. */
export function mysqlServerUrl(): string {
  return process.env.TEST_MYSQL_URL ?? process.env.DATABASE_URL ?? 'mariadb://sansui:sansui@127.0.0.1:3306/sansui_test';
}

export async function createMysqlTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const server = new URL(mysqlServerUrl());
  const name = `sansui_t_${randomBytes(5).toString('hex')}`;
  const admin = await createConnection({ host: server.hostname, port: Number(server.port || 3306), user: decodeURIComponent(server.username), password: decodeURIComponent(server.password) });
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  const url = new URL(server.toString());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const conn = await createConnection({ host: server.hostname, port: Number(server.port || 3306), user: decodeURIComponent(server.username), password: decodeURIComponent(server.password) });
      await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await conn.end();
    },
  };
}
