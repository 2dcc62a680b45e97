import type BetterSqlite3 from 'better-sqlite3';
import { QueryFailedError, type DataSource } from 'typeorm';

/** Prepared statements kept per SQLite connection for these reads, oldest dropped first (TypeORM's runner keeps its own). */
const STATEMENTS_KEPT = 100;
const statements = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

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
  db.logger.logQuery(sql, params);
  try {
    return sqliteArrays(db, sql, params);
  } catch (err) {
    db.logger.logQueryError(err as Error, sql, params);
    throw new QueryFailedError(sql, params, err as Error);
  }
}

function sqliteArrays(db: DataSource, sql: string, params: unknown[]): unknown[][] {
  const connection = (db.driver as unknown as { databaseConnection: BetterSqlite3.Database }).databaseConnection;
  let kept = statements.get(connection);
  if (!kept) statements.set(connection, (kept = new Map()));
  let statement = kept.get(sql);
  if (!statement) {
    statement = connection.prepare(sql).raw(true);
    kept.set(sql, statement);
    if (kept.size > STATEMENTS_KEPT) kept.delete(kept.keys().next().value as string);
  }
  return statement.all(...params) as unknown[][];
}
