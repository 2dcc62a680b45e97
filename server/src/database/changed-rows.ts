import type { EntityManager } from 'typeorm';
import { directChanges } from './direct-sql';

/**
 * Runs a written-out UPDATE or DELETE and answers how many rows it changed, on both drivers (`em.query` answers
 * SQLite's last insert rowid, not the count). In the caller's transaction when `em` has one.
 */
export function changedRows(em: EntityManager, sql: string, params: readonly unknown[]): Promise<number> {
  return directChanges(em, sql, [...params]);
}
