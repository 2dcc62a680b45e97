import type BetterSqlite3 from 'better-sqlite3';
import { QueryFailedError, type DataSource, type EntityManager } from 'typeorm';

/** Prepared statements kept per SQLite connection and mode, oldest dropped first (TypeORM's runner keeps its own). */
const STATEMENTS_KEPT = 100;
type Kept = WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>;
const kept: { rows: Kept; arrays: Kept } = { rows: new WeakMap(), arrays: new WeakMap() };

/** A mysql2 connection as TypeORM's MySQL query runner holds it (callback API). */
interface MysqlConnection {
  query(sql: string, params: unknown[], done: (err: Error | null, raw: unknown) => void): void;
}

/**
 * `em.query(sql, params)` past TypeORM's query runner, with the same answer: a read's rows as objects; a write's last
 * insert rowid on SQLite, mysql2's result header on MariaDB. On the hot write paths the runner's own work per
 * statement (its broadcaster, two clocks, an `await` per prepared statement on SQLite, a promise chain and a copy of
 * the rows on MariaDB) cost about a fifth of what SQLite itself spends. Kept as through the runner: the statement
 * goes to the data source's logger first (the tests' statement recorders listen there), a failure is TypeORM's
 * QueryFailedError around the driver's error (so a duplicate key or a deadlock keeps its code), and the statement
 * runs in `em`'s transaction: on SQLite the process's one connection, on MariaDB the connection of `em`'s runner.
 * A MariaDB `em` without a transaction goes through `em.query` (a pooled connection is TypeORM's to lend).
 */
export function directQuery<T = unknown>(em: EntityManager | DataSource, sql: string, params: unknown[] = []): Promise<T> {
  const db = 'manager' in em ? em : em.connection;
  if (db.options.type === 'better-sqlite3') {
    try {
      return Promise.resolve(sqliteRun(db, sql, params, 'rows') as T);
    } catch (e) {
      return Promise.reject(e as Error);
    }
  }
  const connection = mysqlConnectionOf(em);
  if (!connection) return em.query(sql, params);
  return mysqlRun(db, connection, sql, params);
}

/**
 * How many rows a written-out UPDATE or DELETE changed, on both drivers, past the runner as `directQuery`. A MariaDB
 * `em` without a transaction runs it on a query runner of its own, as TypeORM's update builder does.
 */
export async function directChanges(em: EntityManager, sql: string, params: unknown[]): Promise<number> {
  const db = em.connection;
  if (db.options.type === 'better-sqlite3') return sqliteRun(db, sql, params, 'changes') as number;
  const connection = mysqlConnectionOf(em);
  if (connection) return (await mysqlRun<{ affectedRows?: number }>(db, connection, sql, params)).affectedRows ?? 0;
  const runner = em.queryRunner ?? db.createQueryRunner();
  try {
    return (await runner.query(sql, params, true)).affected ?? 0;
  } finally {
    if (!em.queryRunner) await runner.release();
  }
}

function mysqlRun<T>(db: DataSource, connection: MysqlConnection, sql: string, params: unknown[]): Promise<T> {
  db.logger.logQuery(sql, params);
  return new Promise<T>((resolve, reject) =>
    connection.query(sql, params, (err, raw) => {
      if (!err) return resolve(raw as T);
      db.logger.logQueryError(err, sql, params);
      reject(new QueryFailedError(sql, params, err));
    }),
  );
}

/** A read's rows as arrays in the statement's column order, from SQLite (better-sqlite3's raw mode: no keyed store per column). */
export function sqliteArrays(db: DataSource, sql: string, params: unknown[]): unknown[][] {
  return sqliteRun(db, sql, params, 'arrays') as unknown[][];
}

/**
 * A read's first `most` rows as arrays (SQLite), stepping no further: `more` says whether it had another. For a read
 * whose rows are few as a rule but unbounded in a corner case, where a LIMIT would cost a sort.
 */
export function sqliteArraysUpTo(db: DataSource, sql: string, params: unknown[], most: number): { rows: unknown[][]; more: boolean } {
  db.logger.logQuery(sql, params);
  const rows: unknown[][] = [];
  try {
    for (const row of prepared(db, sql, true).iterate(...params) as IterableIterator<unknown[]>) {
      if (rows.length === most) return { rows, more: true };
      rows.push(row);
    }
  } catch (err) {
    db.logger.logQueryError(err as Error, sql, params);
    throw new QueryFailedError(sql, params, err as Error);
  }
  return { rows, more: false };
}

/** `rows`: as `em.query` answers (rows; a write's last insert rowid); `arrays`: rows as arrays; `changes`: rows changed. */
function sqliteRun(db: DataSource, sql: string, params: unknown[], answer: 'rows' | 'arrays' | 'changes'): unknown {
  db.logger.logQuery(sql, params);
  try {
    const statement = prepared(db, sql, answer === 'arrays');
    if (statement.reader) return statement.all(...params);
    const run = statement.run(...params);
    return answer === 'changes' ? run.changes : run.lastInsertRowid;
  } catch (err) {
    db.logger.logQueryError(err as Error, sql, params);
    throw new QueryFailedError(sql, params, err as Error);
  }
}

/** better-sqlite3's one connection behind a SQLite DataSource (TypeORM keeps it on its driver, untyped). */
export function sqliteConnection(db: DataSource): BetterSqlite3.Database {
  return (db.driver as unknown as { databaseConnection: BetterSqlite3.Database }).databaseConnection;
}

function prepared(db: DataSource, sql: string, arrays: boolean): BetterSqlite3.Statement {
  const connection = sqliteConnection(db);
  const byConnection = arrays ? kept.arrays : kept.rows;
  let statements = byConnection.get(connection);
  if (!statements) byConnection.set(connection, (statements = new Map()));
  let statement = statements.get(sql);
  if (!statement) {
    statement = connection.prepare(sql);
    if (arrays) statement.raw(true);
    statements.set(sql, statement);
    if (statements.size > STATEMENTS_KEPT) statements.delete(statements.keys().next().value as string);
  }
  return statement;
}

/** The mysql2 connection of `em`'s transaction, if it has one. */
function mysqlConnectionOf(em: EntityManager | DataSource): MysqlConnection | undefined {
  const runner = (em as Partial<EntityManager>).queryRunner;
  if (!runner || runner.isReleased || !runner.isTransactionActive) return undefined;
  return (runner as unknown as { databaseConnection?: MysqlConnection }).databaseConnection;
}
