import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * INSERT one row and return its generated id, in one statement on both drivers. TypeORM's own
 * `insert`/`save` read the row back to fill defaults (a SELECT after each INSERT on SQLite, RETURNING on
 * MariaDB); callers that know every value they need skip that here. Defaults such as createdAt are the
 * database's and are not returned.
 */
export async function insertRow<T extends ObjectLiteral>(em: EntityManager, target: EntityTarget<T>, values: Partial<T>): Promise<number> {
  // TypeORM's deep-partial type refuses JSON columns typed as records; the values are the entity's own columns.
  const result = await em
    .createQueryBuilder()
    .insert()
    .into(target)
    .values(values as never)
    .updateEntity(false)
    .execute();
  // SQLite: the last insert rowid; MySQL/MariaDB: the driver's result header.
  const raw = result.raw as number | bigint | { insertId?: number | string };
  const id = typeof raw === 'object' && raw !== null ? raw.insertId : raw;
  if (id === undefined || id === null || Number(id) <= 0) throw new Error('insertRow: the database returned no id');
  return Number(id);
}
