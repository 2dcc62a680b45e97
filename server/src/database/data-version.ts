import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type BetterSqlite3 from 'better-sqlite3';
import type { DataSource } from 'typeorm';
import { sqliteConnection } from './direct-sql';

/**
 * A token that changes whenever the database's data may have changed, read once per cached answer (AnswerCache).
 * - SQLite: the connection's `total_changes()` (every row this process's one connection inserted, updated or deleted,
 *   triggers included; it never goes back, not even on a rollback) and `PRAGMA data_version` (moves when another
 *   process commits to the same file). Inside a transaction there is no token: the connection then sees rows that
 *   may still be rolled back.
 * - MariaDB: the sum of `read_versions`, which triggers on every table a cached answer reads bump in the writing
 *   transaction (migration ReadVersions): it moves on each commit that wrote one of them, from any instance, through
 *   TypeORM or by hand. Read before the answer's rows, so the rows are at least as new as the token.
 */
@Injectable()
export class DataVersion {
  private sqlite?: { connection: BetterSqlite3.Database; changes: BetterSqlite3.Statement; data: BetterSqlite3.Statement };

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The current token, or null when an answer read now must not be kept. */
  async current(): Promise<string | null> {
    if (this.db.options.type !== 'better-sqlite3') {
      const [row] = (await this.db.query('SELECT SUM(n) AS v FROM read_versions')) as { v: unknown }[];
      return `m${String(row?.v)}`;
    }
    return this.sqliteToken();
  }

  /** Whether an answer read since `token` was taken may be kept under it (on SQLite: nothing was written meanwhile). */
  stillAt(token: string): boolean {
    return this.db.options.type !== 'better-sqlite3' || this.sqliteToken() === token;
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
