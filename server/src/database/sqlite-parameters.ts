import type { DataSource } from 'typeorm';

type Escape = (sql: string, parameters: Record<string, unknown>, nativeParameters: Record<string, unknown>) => [string, unknown[]];

/**
 * TypeORM's SQLite drivers write a query builder's number parameters into the SQL text (`"lat" = 31.23`),
 * so every new id or coordinate is a new statement and better-sqlite3's statement cache (TypeORM keeps
 * 100 prepared statements) never hits. This binds them instead, keeping the literal's type: a safe
 * integer as INTEGER (a BigInt, which better-sqlite3 binds as int64 — a plain JS number would be bound
 * as REAL, which changes `5 / 2` and comparisons with TEXT columns), any other number as REAL, as SQLite
 * reads `31.23`. Numbers in `IN (:...ids)` lists, already bound by TypeORM, get the same integer rule.
 * Every other value goes through TypeORM's own code. MariaDB/MySQL always bind and are left alone.
 */
export function bindSqliteNumberParameters(ds: DataSource): void {
  if (ds.options.type !== 'better-sqlite3') return;
  const driver = ds.driver as unknown as { escapeQueryWithParameters: Escape };
  const typeorms = driver.escapeQueryWithParameters.bind(driver);
  driver.escapeQueryWithParameters = (sql, parameters, nativeParameters) => {
    if (!parameters) return typeorms(sql, parameters, nativeParameters);
    const bound: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(parameters)) bound[key] = bindable(value);
    const [text, values] = typeorms(sql, bound, nativeParameters);
    return [text, values.map((v) => (v instanceof RealNumber ? v.value : v))];
  };
}

/** A non-integer number on its way through TypeORM's escaping as a bound value (unwrapped afterwards). */
class RealNumber {
  constructor(readonly value: number) {}
}

function bindable(value: unknown): unknown {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : new RealNumber(value);
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'number' && Number.isSafeInteger(v) ? BigInt(v) : v));
  return value;
}
