import { DataSource } from 'typeorm';
import { createMysqlTestDatabase, testDatabaseKind } from '../testing/test-database';
import { databaseOptions } from './database-options';

/**
 * The soak's step of ~10 MB of heap on a MariaDB instance as its pool grew to 20 connections was mysql2's
 * per-connection prepared-statement LRU (lru.min preallocates four arrays of `maxPreparedStatements`, 16,000 by
 * default). TypeORM never prepares, so the pool's connections are configured with a small one (docs/reliability.md).
 */
const run = testDatabaseKind() === 'mysql' ? describe : describe.skip;

interface PooledConnection {
  _statements: { max: number; size: number };
  release(): void;
}

run('MySQL pool memory', () => {
  it("keeps each pooled connection's prepared-statement cache small, and queries still work through it", async () => {
    const db = await createMysqlTestDatabase();
    const ds = await new DataSource({ ...databaseOptions({ type: 'mysql', url: db.url }), logging: false }).initialize();
    try {
      expect(await ds.query('SELECT ? + 1 AS n', [41])).toEqual([{ n: 42 }]);
      const pool = (ds.driver as unknown as { pool: { getConnection(cb: (e: unknown, c: PooledConnection) => void): void } }).pool;
      const conn = await new Promise<PooledConnection>((resolve, reject) =>
        pool.getConnection((e, c) => (e ? reject(e as Error) : resolve(c))),
      );
      try {
        expect(conn._statements.max).toBeLessThanOrEqual(16);
        expect(conn._statements.size).toBe(0); // TypeORM sent `query`, never `execute`
      } finally {
        conn.release();
      }
    } finally {
      await ds.destroy();
      await db.drop();
    }
  }, 120_000);
});
