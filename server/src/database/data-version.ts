import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type BetterSqlite3 from 'better-sqlite3';
import { QueryFailedError, type DataSource } from 'typeorm';
import { sqliteConnection } from './direct-sql';

const MYSQL_VERSION = 'SELECT SUM(n) AS v FROM read_versions';

/** The part of mysql2's pool behind TypeORM's MySQL driver a version read uses (it lends and takes back a connection). */
interface MysqlPool {
  query(sql: string, done: (err: Error | null, rows: { v: unknown }[]) => void): void;
}

interface Waiter {
  resolve: (token: string) => void;
  reject: (err: Error) => void;
}

/**
 * A token that changes whenever the database's data may have changed, read once per cached answer (AnswerCache).
 * - SQLite: the connection's `total_changes()` (every row this process's one connection inserted, updated or deleted,
 *   triggers included; it never goes back, not even on a rollback) and `PRAGMA data_version` (moves when another
 *   process commits to the same file). Inside a transaction there is no token: the connection then sees rows that
 *   may still be rolled back.
 * - MariaDB: the sum of `read_versions`, which triggers on every table a cached answer reads bump in the writing
 *   transaction (migration ReadVersions): it moves on each commit that wrote one of them, from any instance, through
 *   TypeORM or by hand. Read before the answer's rows, so the rows are at least as new as the token. One read serves
 *   every request that arrived before it started (requests arriving while it runs wait for the next one, started
 *   when it ends): a write committed before a request arrived is always seen, and under load one round trip
 *   answers many requests instead of one each.
 */
@Injectable()
export class DataVersion {
  private sqlite?: { connection: BetterSqlite3.Database; changes: BetterSqlite3.Statement; data: BetterSqlite3.Statement };
  /** MariaDB: requests waiting for a version read that starts after they arrived. */
  private waiting: Waiter[] = [];
  private reading = false;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The current token, or null when an answer read now must not be kept. */
  async current(): Promise<string | null> {
    if (this.db.options.type === 'better-sqlite3') return this.sqliteToken();
    return new Promise<string>((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      if (!this.reading) this.readMysql();
    });
  }

  /** Whether an answer read since `token` was taken may be kept under it (on SQLite: nothing was written meanwhile). */
  stillAt(token: string): boolean {
    return this.db.options.type !== 'better-sqlite3' || this.sqliteToken() === token;
  }

  /** One version read for every request waiting now; those that arrive while it runs get the next one. */
  private readMysql(): void {
    const batch = this.waiting;
    this.waiting = [];
    this.reading = true;
    this.db.logger.logQuery(MYSQL_VERSION, []);
    (this.db.driver as unknown as { pool: MysqlPool }).pool.query(MYSQL_VERSION, (err, rows) => {
      this.reading = false;
      if (this.waiting.length) this.readMysql();
      if (err) {
        this.db.logger.logQueryError(err, MYSQL_VERSION, []);
        const failed = new QueryFailedError(MYSQL_VERSION, [], err);
        for (const w of batch) w.reject(failed);
        return;
      }
      const token = `m${String(rows[0]?.v)}`;
      for (const w of batch) w.resolve(token);
    });
  }

  private sqliteToken(): string | null {
    const connection = sqliteConnection(this.db);
    if (this.sqlite?.connection !== connection)
      this.sqlite = {
        connection,
        changes: connection.prepare('SELECT total_changes()').pluck(),
        data: connection.prepare('PRAGMA data_version').pluck(),
      };
    if (connection.inTransaction) return null;
    return `s${String(this.sqlite.data.get())}.${String(this.sqlite.changes.get())}`;
  }
}
