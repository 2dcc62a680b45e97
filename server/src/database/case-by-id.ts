/**
 * `CASE id WHEN ? THEN ? … END` and its parameters: one column of a multi-row UPDATE, each row's own value in one
 * statement (`UPDATE t SET c = <this> WHERE id IN (…)`). Both drivers.
 */
export function caseById(rows: readonly { id: number; value: unknown }[]): { sql: string; params: unknown[] } {
  return { sql: `CASE id ${rows.map(() => 'WHEN ? THEN ?').join(' ')} END`, params: rows.flatMap((r) => [r.id, r.value]) };
}
