/** True for a unique-index violation on MySQL/MariaDB (ER_DUP_ENTRY) and SQLite (SQLITE_CONSTRAINT_UNIQUE). */
export function isDuplicateKeyError(e: unknown): boolean {
  const err = e as { code?: string; errno?: number; driverError?: { code?: string; errno?: number } };
  const code = err.driverError?.code ?? err.code;
  const errno = err.driverError?.errno ?? err.errno;
  return code === 'ER_DUP_ENTRY' || errno === 1062 || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
