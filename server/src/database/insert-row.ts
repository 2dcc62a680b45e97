import type { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { CACHEABLE_TABLES } from './table-cache';
import { directQuery } from './direct-sql';

/** The INSERT text and its columns for one entity and one set of given properties, built once. */
interface Plan {
  sql: string;
  columns: ColumnMetadata[];
  /** Values TypeORM's insert would write for columns not given (a version column starts at 1). */
  fixed: unknown[];
}

const plans = new WeakMap<EntityMetadata, Map<string, Plan>>();
/** Tables whose writes the TableCache must see: inserted through TypeORM, whose subscribers it listens to. */
const watched: ReadonlySet<string> = new Set(CACHEABLE_TABLES);

/**
 * INSERT one row and return its generated id, in one statement on both drivers. TypeORM's own
 * `insert`/`save` read the row back to fill defaults (a SELECT after each INSERT on SQLite, RETURNING on
 * MariaDB); callers that know every value they need skip that here. Defaults such as createdAt are the
 * database's and are not returned. The statement text is built once per entity and set of properties and the
 * values go through the driver's own conversion (dates, booleans, JSON, transformers) as in TypeORM's insert
 * builder, which cost ~0.3 ms of CPU per row to assemble the same text each time.
 */
export async function insertRow<T extends ObjectLiteral>(em: EntityManager, target: EntityTarget<T>, values: Partial<T>): Promise<number> {
  const metadata = em.connection.getMetadata(target);
  let raw: number | bigint | { insertId?: number | string };
  if (watched.has(metadata.tableName)) {
    // TypeORM's deep-partial type refuses JSON columns typed as records; the values are the entity's own columns.
    const result = await em
      .createQueryBuilder()
      .insert()
      .into(target)
      .values(values as never)
      .updateEntity(false)
      .execute();
    raw = result.raw as typeof raw;
  } else {
    const keys = Object.keys(values).filter((k) => values[k] !== undefined);
    const plan = planFor(em, metadata, keys);
    const driver = em.connection.driver;
    const params = plan.columns.map((c, i) =>
      i < keys.length ? driver.preparePersistentValue(values[keys[i]], c) : plan.fixed[i - keys.length],
    );
    // SQLite: the last insert rowid; MySQL/MariaDB: the driver's result header.
    raw = await directQuery<typeof raw>(em, plan.sql, params);
  }
  const id = typeof raw === 'object' && raw !== null ? raw.insertId : raw;
  if (id === undefined || id === null || Number(id) <= 0) throw new Error('insertRow: the database returned no id');
  return Number(id);
}

/** A value written as an SQL expression of the caller's (fixed text, its own `?` values), e.g. a session variable. */
export interface SqlExpression {
  sql: string;
  params: unknown[];
}

/**
 * The INSERT `insertRow` would run (same text and converted values), to send with other statements in one call
 * (MultiStatementCalls). Properties in `computed` are written as the given expressions instead of a bound value.
 */
export function insertStatement<T extends ObjectLiteral>(
  em: EntityManager,
  target: EntityTarget<T>,
  values: Partial<T>,
  computed: Partial<Record<keyof T & string, SqlExpression>> = {},
): { sql: string; params: unknown[] } {
  const metadata = em.connection.getMetadata(target);
  if (watched.has(metadata.tableName)) throw new Error(`insertStatement: ${metadata.tableName} is written through TypeORM`);
  const keys = Object.keys(values).filter((k) => values[k] !== undefined);
  const plan = planFor(em, metadata, keys);
  const driver = em.connection.driver;
  const texts: string[] = [];
  const params: unknown[] = [];
  plan.columns.forEach((c, i) => {
    const expression = i < keys.length ? computed[keys[i] as keyof T & string] : undefined;
    if (expression) {
      texts.push(expression.sql);
      params.push(...expression.params);
      return;
    }
    texts.push('?');
    params.push(i < keys.length ? driver.preparePersistentValue(values[keys[i]], c) : plan.fixed[i - keys.length]);
  });
  return { sql: `${plan.sql.slice(0, plan.sql.lastIndexOf('VALUES ('))}VALUES (${texts.join(', ')})`, params };
}

function planFor(em: EntityManager, metadata: EntityMetadata, keys: string[]): Plan {
  let byKeys = plans.get(metadata);
  if (!byKeys) plans.set(metadata, (byKeys = new Map()));
  const id = keys.join(',');
  const known = byKeys.get(id);
  if (known) return known;
  const columns = keys.map((k) => {
    const c = metadata.findColumnWithPropertyPath(k);
    if (!c) throw new Error(`insertRow: ${metadata.name} has no column ${k}`);
    return c;
  });
  const fixed: unknown[] = [];
  for (const c of metadata.columns) {
    if (keys.includes(c.propertyPath)) continue;
    if (c.isVersion) {
      columns.push(c);
      fixed.push(1);
    } else if (c.isGenerated && c.generationStrategy !== 'increment')
      throw new Error(`insertRow: ${metadata.name}.${c.propertyName} is generated by TypeORM (${c.generationStrategy}); give it a value`);
  }
  const driver = em.connection.driver;
  const sql =
    `INSERT INTO ${driver.escape(metadata.tableName)} (${columns.map((c) => driver.escape(c.databaseName)).join(', ')}) ` +
    `VALUES (${columns.map(() => '?').join(', ')})`;
  const plan = { sql, columns, fixed };
  byKeys.set(id, plan);
  return plan;
}
