import type BetterSqlite3 from 'better-sqlite3';
import { QueryFailedError, type DataSource } from 'typeorm';

/** Prepared statements kept per SQLite connection for these reads, oldest dropped first (TypeORM's runner keeps its own). */
const STATEMENTS_KEPT = 100;
const statements = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

interface MysqlPool {
  query(options: { sql: string; values: unknown[]; rowsAsArray: true }, callback: (err: Error | null, rows: unknown[][]) => void): void;
}

/**
 * A read's rows as arrays in the statement's column order, outside a transaction, past TypeORM's query runner:
 * better-sqlite3 in raw mode and mysql2's `rowsAsArray` make an array per row where an object takes a keyed store per
 * column through V8's API (a 20-row board page of 25 columns on SQLite: ~190 → ~100 µs). The statement still goes to
 * the data source's logger (the tests' statement recorder listens there), and a failure is TypeORM's QueryFailedError,
 * as through `DataSource.query`.
 */
export async function queryArrays(db: DataSource, sql: string, params: unknown[]): Promise<unknown[][]> {
  db.logger.logQuery(sql, params);
  try {
    return db.options.type === 'better-sqlite3' ? sqliteArrays(db, sql, params) : await mysqlArrays(db, sql, params);
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

function mysqlArrays(db: DataSource, sql: string, params: unknown[]): Promise<unknown[][]> {
  // The pool TypeORM made (pool-wait.ts watches its getConnection, which mysql2's pool.query goes through too).
  const pool = (db.driver as unknown as { pool: MysqlPool }).pool;
  return new Promise((resolve, reject) =>
    pool.query({ sql, values: params, rowsAsArray: true }, (err, rows) => (err ? reject(err) : resolve(rows))),
  );
}
