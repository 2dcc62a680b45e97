import type { DataSource } from 'typeorm';
import { sqliteArrays } from './direct-sql';

/**
 * A read's rows as arrays in the statement's column order, outside a transaction. On SQLite past TypeORM's query
 * runner, with better-sqlite3 in raw mode: an array per row where an object takes a keyed store per column through
 * V8's API (a 20-row board page of 25 columns: ~190 → ~100 µs). The statement still goes to the data source's logger
 * (the tests' statement recorder listens there), and a failure is TypeORM's QueryFailedError, as through
 * `DataSource.query`. On MariaDB the rows come through `DataSource.query` (mysql2's `rowsAsArray` through the pool
 * measured slower per request in two interleaved runs), so the statement's column names must differ.
 */
export async function queryArrays(db: DataSource, sql: string, params: unknown[]): Promise<unknown[][]> {
  if (db.options.type !== 'better-sqlite3')
    return ((await db.query(sql, params)) as Record<string, unknown>[]).map((r) => Object.values(r));
  return sqliteArrays(db, sql, params);
}
