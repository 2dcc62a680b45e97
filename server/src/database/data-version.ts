import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type BetterSqlite3 from 'better-sqlite3';
import { QueryFailedError, type DataSource } from 'typeorm';
import { sqliteConnection } from './direct-sql';
import { ANY_WRITE, type ReadScope } from './read-scopes';

/** One statement for every scope a batch of requests asked (and scope 0): each scope's sum over its shards. */
function mysqlVersions(scopes: ReadonlySet<ReadScope>): string {
  return `SELECT scope AS s, SUM(n) AS v FROM read_scopes WHERE scope IN (${[...scopes].join(', ')}) GROUP BY scope`;
}

/**
 * Scope 0's sum alone: while it is what it was at the last read, every sum is (the statement of the version before the
 * scopes, as cheap for mariadbd as a statement gets here: a plain sum of 64 rows).
 */
const MYSQL_ANY_WRITE = `SELECT SUM(n) AS v FROM read_scopes WHERE scope = ${ANY_WRITE}`;

/** The part of mysql2's pool behind TypeORM's MySQL driver a version read uses (it lends and takes back a connection). */
interface MysqlPool {
  query(sql: string, done: (err: Error | null, rows: { s: unknown; v: unknown }[]) => void): void;
}

interface Waiter {
  scopes: readonly ReadScope[];
  resolve: (token: string | null) => void;
  reject: (err: Error) => void;
}

/**
 * A token that changes whenever the database's data may have changed, read once per cached answer (AnswerCache).
 * - SQLite: the connection's `total_changes()` (every row this process's one connection inserted, updated or deleted,
 *   triggers included; it never goes back, not even on a rollback) and `PRAGMA data_version` (moves when another
 *   process commits to the same file). Inside a transaction there is no token: the connection then sees rows that
 *   may still be rolled back.
 * - MariaDB: the sums of the scopes the answer shows (read-scopes.ts), which triggers on every table a cached answer
 *   reads bump in the writing transaction (migration ReadScopes): `ANY_WRITE` moves on each commit
 *   that wrote one of them, a narrower scope on each that wrote a row of it, from any instance, through TypeORM or by
 *   hand. Read before the answer's rows, so the rows are at least as new as the token. One read serves every request
 *   that arrived before it started, whatever their scopes (requests arriving while it runs wait for the next one,
 *   started when it ends): a write committed before a request arrived is always seen, and under load one round trip
 *   answers many requests instead of one each. Every transaction that moves a scope moves scope 0 too (each trigger's
 *   first statement), and sums only grow: while scope 0's sum is what it was, every sum is. So the sums last read are
 *   kept with the scope 0 they were read at, and a batch whose scopes are all known first reads scope 0 alone
 *   (MYSQL_ANY_WRITE): unmoved, the sums kept answer; moved, a second read sums the batch's scopes. With nothing
 *   written a version read is one sum of 64 rows, whatever the scopes asked.
 */
@Injectable()
export class DataVersion {
  private sqlite?: { connection: BetterSqlite3.Database; changes: BetterSqlite3.Statement; data: BetterSqlite3.Statement };
  /** MariaDB: requests waiting for a version read that starts after they arrived. */
  private waiting: Waiter[] = [];
  private reading = false;
  /** MariaDB: sums read at snapshots whose scope 0 summed to `anyWrite` (so all of one state of read_scopes). */
  private known?: { anyWrite: string; sums: Map<ReadScope, string> };

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The current token of `scopes` (MariaDB; SQLite has one for all), or null when an answer read now must not be kept. */
  async current(scopes: readonly ReadScope[] = [ANY_WRITE]): Promise<string | null> {
    if (this.db.options.type === 'better-sqlite3') return this.sqliteToken();
    return new Promise<string | null>((resolve, reject) => {
      this.waiting.push({ scopes, resolve, reject });
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
    const scopes = new Set([ANY_WRITE, ...batch.flatMap((w) => w.scopes)]);
    const known = this.known;
    const sumAll = () =>
      this.queryMysql(mysqlVersions(scopes), batch, (rows) => this.learn(new Map(rows.map((r) => [Number(r.s), String(r.v)]))));
    if (!known || ![...scopes].every((s) => known.sums.has(s))) return sumAll();
    this.queryMysql(MYSQL_ANY_WRITE, batch, (rows) => (String(rows[0]?.v) === known.anyWrite ? known.sums : (sumAll(), undefined)));
  }

  /**
   * Runs one statement of the batch's read: `then` gives the sums that answer the batch, or undefined when it started
   * another statement for it. The next batch starts when this one is answered or failed.
   */
  private queryMysql(sql: string, batch: Waiter[], then: (rows: { s: unknown; v: unknown }[]) => Map<ReadScope, string> | undefined): void {
    this.db.logger.logQuery(sql, []);
    (this.db.driver as unknown as { pool: MysqlPool }).pool.query(sql, (err, rows) => {
      const sums = err ? undefined : then(rows);
      if (!err && !sums) return;
      this.reading = false;
      if (this.waiting.length) this.readMysql();
      if (err) {
        this.db.logger.logQueryError(err, sql, []);
        const failed = new QueryFailedError(sql, [], err);
        for (const w of batch) w.reject(failed);
        return;
      }
      // A scope with no rows (not one of the migration's numbers) has no version: such an answer is not kept.
      for (const w of batch) w.resolve(w.scopes.every((s) => sums!.has(s)) ? `m${w.scopes.map((s) => sums!.get(s)).join('.')}` : null);
    });
  }

  /** Keeps the sums just read for the next read: with those already known when scope 0 has not moved, else alone. */
  private learn(sums: Map<ReadScope, string>): Map<ReadScope, string> {
    const anyWrite = sums.get(ANY_WRITE);
    if (anyWrite === undefined) this.known = undefined;
    else if (this.known?.anyWrite === anyWrite) for (const [s, v] of sums) this.known.sums.set(s, v);
    else this.known = { anyWrite, sums };
    return sums;
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
