import type { Transactions } from '../database/transactions';

/**
 * Find-options fragment for `SELECT … FOR UPDATE` on MySQL (nothing on SQLite, whose transactions are
 * serialised). Note: `tx.lockMode()` is the lock itself, so it belongs under `lock:`, not spread.
 */
export function forUpdate(tx: Transactions): { lock?: { mode: 'pessimistic_write' } } {
  return tx.isMysql ? { lock: { mode: 'pessimistic_write' } } : {};
}
