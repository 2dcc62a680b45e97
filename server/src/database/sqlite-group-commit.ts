import { AsyncResource } from 'node:async_hooks';
import type { DataSource, EntityManager } from 'typeorm';
import { directQuery, sqliteConnection } from './direct-sql';

interface Waiting {
  /** Runs in the async context of the caller that asked for it (its request), not of the group that runs it. */
  work: (em: EntityManager) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Transactions in one COMMIT at most: bounds how long the first of them waits for the last. */
export const GROUP_COMMIT_MAX = 32;

/**
 * SQLite's transactions, one at a time on the process's one connection, written in groups: the transactions asked
 * for while the event loop handled one round of I/O run in one BEGIN … COMMIT, each inside a savepoint of its own.
 * A COMMIT fsyncs the WAL on the event loop (synchronous = FULL), so a group pays one flush instead of one each.
 * - Nobody hears of a transaction before the COMMIT that wrote it: every caller is settled after it.
 * - A transaction that fails is rolled back to its savepoint; the others of its group commit.
 * - A failed COMMIT fails the whole group (nothing of it was written); an error that ends SQLite's transaction
 *   (disk full, I/O) fails the transactions already run in the group and leaves the others to the next group.
 * A group of one runs as before: BEGIN, its statements, COMMIT.
 */
export class SqliteGroupCommit {
  private readonly waiting: Waiting[] = [];
  private running = false;

  constructor(private readonly db: DataSource) {}

  run<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      // A group is started from whatever ran before it (another request's or a background transaction's COMMIT), so
      // each transaction goes back to its own caller's context: its request's log lines and statements stay its own.
      const caller = new AsyncResource('SqliteTransaction');
      const inCallerContext = (em: EntityManager) => caller.runInAsyncScope(work, null, em);
      this.waiting.push({ work: inCallerContext, resolve: resolve as (value: unknown) => void, reject });
      if (!this.running) this.schedule();
    });
  }

  // setImmediate: the requests read in this round of I/O reach run() before the group starts.
  private schedule(): void {
    this.running = true;
    setImmediate(() => void this.next());
  }

  private async next(): Promise<void> {
    const group = this.waiting.splice(0, GROUP_COMMIT_MAX);
    const settle: (() => void)[] = [];
    try {
      if (group.length === 1) {
        const [only] = group;
        await this.db.transaction(only.work).then(
          (value) => settle.push(() => only.resolve(value)),
          (e: unknown) => settle.push(() => only.reject(e)),
        );
      } else {
        await this.inOneTransaction(group, settle);
      }
    } finally {
      for (const done of settle) done();
      if (this.waiting.length > 0) this.schedule();
      else this.running = false;
    }
  }

  private async inOneTransaction(group: Waiting[], settle: (() => void)[]): Promise<void> {
    const done: { item: Waiting; value: unknown }[] = [];
    let reached = 0;
    try {
      await this.db.transaction(async (em) => {
        for (const item of group) {
          reached++;
          await directQuery(em, 'SAVEPOINT grouped');
          try {
            const value = await item.work(em);
            await directQuery(em, 'RELEASE grouped');
            done.push({ item, value });
          } catch (e) {
            // SQLite ended the transaction itself (disk full, I/O): the group fails, the rest waits for the next one.
            if (!this.inTransaction()) throw e;
            await directQuery(em, 'ROLLBACK TO grouped');
            await directQuery(em, 'RELEASE grouped');
            settle.push(() => item.reject(e));
          }
        }
      });
      for (const { item, value } of done) settle.push(() => item.resolve(value));
    } catch (e) {
      // Nothing of the group was written. The one running when it failed and those run before it fail (a promise
      // settles once: one already refused keeps its own error); those not reached wait for the next group.
      for (const item of group.slice(0, reached)) settle.push(() => item.reject(e));
      this.waiting.unshift(...group.slice(reached));
    }
  }

  private inTransaction(): boolean {
    return sqliteConnection(this.db).inTransaction;
  }
}
