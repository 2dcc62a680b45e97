/**
 * True for a unique-index (or primary-key) violation, and nothing else: MySQL/MariaDB `ER_DUP_ENTRY`
 * (errno 1062) and SQLite `SQLITE_CONSTRAINT_UNIQUE` / `SQLITE_CONSTRAINT_PRIMARYKEY`. Other constraint
 * errors (NOT NULL, foreign keys, checks) are not "already there" and must not be treated as such.
 */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; errno?: number; driverError?: { code?: string; errno?: number } };
  const code = err.driverError?.code ?? err.code;
  const errno = err.driverError?.errno ?? err.errno;
  return code === 'ER_DUP_ENTRY' || errno === 1062 || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
