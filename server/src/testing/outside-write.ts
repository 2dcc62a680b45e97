import Database from 'better-sqlite3';
import { createConnection } from 'mysql2/promise';
import { join } from 'node:path';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import type { TestApp } from './test-app';

/** A write by a connection of neither instance: a DBA's client, another program on the same database. */
export async function writeFromOutside(t: TestApp, sql: string, params: unknown[]): Promise<void> {
  const db = t.app.get<AppConfig>(APP_CONFIG).database;
  if (db.type !== 'mysql') {
    const file = new Database(join(t.dataDir, 'sansui.sqlite'));
    try {
      file.prepare(sql).run(...params);
    } finally {
      file.close();
    }
    return;
  }
  const url = new URL(db.url);
  const client = await createConnection({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: url.pathname.slice(1),
  });
  try {
    await client.query(sql, params);
  } finally {
    await client.end();
  }
}
