import type { EntityManager } from 'typeorm';

/**
 * Runs a written-out UPDATE or DELETE and answers how many rows it changed, on both drivers (`em.query` answers
 * SQLite's last insert rowid, not the count). In the caller's transaction when `em` has one; otherwise on a
 * query runner of its own, as TypeORM's update builder does.
 */
export async function changedRows(em: EntityManager, sql: string, params: readonly unknown[]): Promise<number> {
  const runner = em.queryRunner ?? em.connection.createQueryRunner();
  try {
    const result = await runner.query(sql, [...params], true);
    return result.affected ?? 0;
  } finally {
    if (!em.queryRunner) await runner.release();
  }
}
