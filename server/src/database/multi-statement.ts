import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { QueryFailedError, type DataSource } from 'typeorm';

/** One statement of a call: fixed text from the code, every value bound by a `?`. */
export interface Statement {
  sql: string;
  params: unknown[];
}

/** What a pooled mysql2 connection offers this module (callback API). */
interface PooledConnection {
  query(sql: string, params: unknown[], done: (err: Error | null, raw: unknown) => void): void;
  release(): void;
  destroy(): void;
}

interface Pool {
  getConnection(done: (err: Error | null, connection: PooledConnection) => void): void;
  end(done: (err?: Error | null) => void): void;
  on(event: 'connection', listener: (connection: { query(sql: string): unknown }) => void): void;
}

/** TypeORM's MySQL driver, as far as a second pool with the same connection settings needs it. */
interface MysqlDriverInternals {
  mysql: { createPool(options: Record<string, unknown>): Pool };
  createConnectionOptions(options: unknown, credentials: unknown): Record<string, unknown>;
}

/** The pool is small: each call holds its connection for one round trip. */
const CONNECTIONS = 4;

/**
 * Set on each of the pool's connections when it opens, whatever the server's default: a call's checks write NULL
 * into a NOT NULL column to stop before its COMMIT, which a server without strict mode (some hosted MySQL) would
 * store as 0 with a warning instead.
 */
export const CALL_SQL_MODE = "SET SESSION sql_mode = CONCAT_WS(',', NULLIF(@@SESSION.sql_mode, ''), 'STRICT_ALL_TABLES')";

/**
 * MariaDB: several statements sent as one call (one packet, one round trip) on a pool of their own. Only this pool
 * has `multipleStatements` on; the application's pool (TypeORM's) keeps it off, so SQL text that reaches any other
 * query can never stack a second statement. Callers pass fixed statement texts with `?` placeholders: mysql2 escapes
 * every value into the text (`stringifyObjects` as TypeORM sets it, so an object is never expanded into SQL).
 *
 * Each statement goes to the data source's logger, as through TypeORM (the statement-count tests count each one).
 * MariaDB runs the statements in order and stops at the first error, leaving an open transaction open: after any
 * error the connection is rolled back before it goes back to the pool (and dropped if that fails), so the next caller
 * starts clean. A failure is TypeORM's QueryFailedError around mysql2's error (its code: a duplicate key, a deadlock).
 */
@Injectable()
export class MultiStatementCalls implements OnApplicationShutdown {
  private pool?: Pool;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The result of each statement in order (a write's header, a read's rows). */
  async run(statements: readonly Statement[]): Promise<unknown[]> {
    const sql = statements.map((s) => s.sql).join(';\n');
    const params = statements.flatMap((s) => s.params);
    for (const s of statements) this.db.logger.logQuery(s.sql, s.params);
    const connection = await this.connection();
    return new Promise<unknown[]>((resolve, reject) =>
      connection.query(sql, params, (err, raw) => {
        if (!err) {
          connection.release();
          return resolve(statements.length === 1 ? [raw] : (raw as unknown[]));
        }
        this.db.logger.logQueryError(err, sql, params);
        connection.query('ROLLBACK', [], (rollbackErr) => {
          if (rollbackErr) connection.destroy();
          else connection.release();
          reject(new QueryFailedError(sql, params, err));
        });
      }),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    if (pool) await new Promise<void>((resolve) => pool.end(() => resolve()));
  }

  private connection(): Promise<PooledConnection> {
    this.pool ??= this.createPool();
    const pool = this.pool;
    return new Promise((resolve, reject) => pool.getConnection((err, connection) => (err ? reject(err) : resolve(connection))));
  }

  private createPool(): Pool {
    const type = this.db.options.type;
    if (type !== 'mysql' && type !== 'mariadb') throw new Error('MultiStatementCalls: MySQL/MariaDB only');
    const driver = this.db.driver as unknown as MysqlDriverInternals;
    const options = driver.createConnectionOptions(this.db.options, this.db.options);
    const pool = driver.mysql.createPool({ ...options, multipleStatements: true, stringifyObjects: true, connectionLimit: CONNECTIONS });
    // mysql2 queues this before any query of the new connection.
    pool.on('connection', (connection) => connection.query(CALL_SQL_MODE));
    return pool;
  }
}
