import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { SqliteGroupCommit } from './sqlite-group-commit';

const RETRYABLE_MYSQL = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']);

/**
 * Runs `work` again (up to 4 times in all) when MySQL/MariaDB chose it as a deadlock's victim or its lock wait timed
 * out: InnoDB rolled the statement or transaction back, so a rerun is safe if `work` is the whole of it.
 */
export async function retryOnDeadlock<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (e) {
      const code = (e as { code?: string; driverError?: { code?: string } }).driverError?.code ?? (e as { code?: string }).code;
      if (!code || !RETRYABLE_MYSQL.has(code) || attempt >= 4) throw e;
      await new Promise((r) => setTimeout(r, 20 * attempt + Math.random() * 30));
    }
  }
}

/**
 * Runs work in one database transaction; every change of case state or money goes through here.
 * - MySQL: InnoDB transaction, retried a few times on deadlock (the whole callback reruns, so keep
 *   side effects outside it: write an outbox row instead of calling out).
 * - SQLite: one connection serves the process, so transactions are queued one at a time here, and those that
 *   queue up together commit together (SqliteGroupCommit); SQLite serialises writers across processes (busy_timeout).
 */
@Injectable()
export class Transactions {
  private readonly sqlite: SqliteGroupCommit;

  constructor(@InjectDataSource() readonly db: DataSource) {
    this.sqlite = new SqliteGroupCommit(db);
  }

  get isMysql(): boolean {
    return this.db.options.type === 'mysql' || this.db.options.type === 'mariadb';
  }

  async run<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    if (!this.isMysql) return this.sqlite.run(work);
    return retryOnDeadlock(() => this.db.transaction(work));
  }

  /**
   * As run(), but a MySQL deadlock or lock timeout is the caller's to handle instead of run again: for work that has a
   * cheaper way out than repeating itself (a batch that falls back to one transaction per item).
   */
  async runWithoutRetry<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.isMysql ? this.db.transaction(work) : this.sqlite.run(work);
  }

  /** Find-options fragment for `SELECT … FOR UPDATE` on MySQL; SQLite needs no row lock because transactions are serialised. */
  forUpdate(): { lock?: { mode: 'pessimistic_write' } } {
    return this.isMysql ? { lock: { mode: 'pessimistic_write' } } : {};
  }
}
