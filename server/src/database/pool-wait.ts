import type { DataSource } from 'typeorm';

type GetConnection = (callback: (err: unknown, connection?: unknown) => void) => void;

/** The part of a mysql2 pool this needs: TypeORM takes every connection through getConnection(cb). */
export interface ConnectionPool {
  getConnection: GetConnection;
}

/**
 * How long queries wait for a pooled connection: the oldest wait still open now, or the longest that ended in
 * the current or previous window (a pool that was just drained still counts until the window ends).
 */
export class PoolWait {
  private readonly pending = new Map<number, number>();
  private nextId = 0;
  private windowStart: number;
  private current = 0;
  private previous = 0;

  constructor(
    pool: ConnectionPool,
    private readonly windowMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.windowStart = now();
    const getConnection = pool.getConnection.bind(pool);
    pool.getConnection = (callback) => {
      const id = this.nextId++;
      const start = this.now();
      this.pending.set(id, start);
      getConnection((err, connection) => {
        this.pending.delete(id);
        this.record(this.now() - start);
        callback(err, connection);
      });
    };
  }

  waitMs(): number {
    const now = this.now();
    this.roll(now);
    const oldest = this.pending.values().next();
    return Math.max(this.previous, this.current, oldest.done ? 0 : now - oldest.value);
  }

  /** Forgets the finished waits (waits still open keep counting). */
  renew(): void {
    this.current = this.previous = 0;
    this.windowStart = this.now();
  }

  private record(ms: number): void {
    this.roll(this.now());
    this.current = Math.max(this.current, ms);
  }

  private roll(now: number): void {
    if (now - this.windowStart < this.windowMs) return;
    // A window with no record at all since long ago: both windows are over.
    this.previous = now - this.windowStart < 2 * this.windowMs ? this.current : 0;
    this.current = 0;
    this.windowStart = now;
  }
}

/** Watches the pool of a MySQL/MariaDB data source; null for SQLite (no pool: its waits show as event-loop delay). */
export function watchPoolWait(dataSource: DataSource, windowMs: number): PoolWait | null {
  const pool = (dataSource.driver as unknown as { pool?: Partial<ConnectionPool> }).pool;
  if (!pool || typeof pool.getConnection !== 'function') return null;
  return new PoolWait(pool as ConnectionPool, windowMs);
}
