import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { bundledClasses } from './bundled-classes';

/** Every *.entity file under src (ts in tests) or dist (js when built). */
export const ENTITY_GLOBS = [join(__dirname, '..', '**', '*.entity.{ts,js}')];

export function migrationGlobs(type: 'mysql' | 'sqlite'): string[] {
  return [join(__dirname, 'migrations', type, '*.{ts,js}')];
}

/** The globs, or the classes the single-file build carries (bundled-classes.ts). */
const entities = () => bundledClasses.entities ?? ENTITY_GLOBS;
const migrations = (type: 'mysql' | 'sqlite') => bundledClasses.migrations?.[type] ?? migrationGlobs(type);

/**
 * TypeORM options for the configured database. Both drivers use the same entities; each has its own
 * generated migrations folder. `synchronize` is never on here (tests opt in explicitly).
 */
export function databaseOptions(db: AppConfig['database']): DataSourceOptions {
  if (db.type === 'mysql') {
    // mariadb:// selects TypeORM's MariaDB dialect (same mysql2 driver): it reads MariaDB's column
    // defaults correctly, so schema checks see no false differences.
    const isMariadb = db.url.startsWith('mariadb://');
    return {
      type: isMariadb ? 'mariadb' : 'mysql',
      url: isMariadb ? db.url.replace(/^mariadb:/, 'mysql:') : db.url,
      charset: 'utf8mb4_unicode_ci',
      timezone: 'Z',
      dateStrings: false,
      supportBigNumbers: true,
      bigNumberStrings: false,
      // maxPreparedStatements: mysql2 gives every connection an LRU of prepared statements that preallocates four
      // arrays of this size (16,000 by default: 0.5 MB a connection, 10 MB for the pool). TypeORM never prepares
      // (it sends `query`, not `execute`), so the cache stays empty; 16 keeps it to a few hundred bytes.
      extra: { connectionLimit: 20, maxPreparedStatements: 16 },
      entities: entities(),
      migrations: migrations('mysql'),
      migrationsTableName: 'migrations',
    };
  }
  mkdirSync(dirname(db.path), { recursive: true });
  return {
    type: 'better-sqlite3',
    database: db.path,
    entities: entities(),
    migrations: migrations('sqlite'),
    migrationsTableName: 'migrations',
    enableWAL: true,
    // TypeORM keeps the prepared statements of its one SQLite connection in a first-in-first-out cache of 100 by
    // default; the server runs a few hundred distinct texts in turn (the demo seed 592), so each was prepared again
    // and again (1,112 prepares for the seed). Statements live in SQLite's memory, a few KB each.
    statementCacheSize: 1000,
    // Wait for a concurrent writer instead of failing at once; SQLite serialises writes.
    prepareDatabase: (conn: { pragma: (s: string) => unknown }) => {
      conn.pragma('busy_timeout = 5000');
      // A COMMIT is on disk before anyone hears of it. Said explicitly: better-sqlite3 is built with
      // SQLITE_DEFAULT_WAL_SYNCHRONOUS=1, so a database already in WAL mode (every start after the first) would
      // otherwise open with synchronous = NORMAL, whose commits a power cut can lose.
      conn.pragma('synchronous = FULL');
      conn.pragma('foreign_keys = ON');
    },
  };
}
