import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger, QueryRunner } from 'typeorm';
import type { TestApp } from './test-app';

/** One SQL statement as the data source ran it. */
export interface Statement {
  sql: string;
  params: unknown[];
}

/**
 * Records the statements of one call: every statement goes through the data source's logger, and those run inside
 * `statementsOf(call)` (its async context) are kept. Install once per test app, after seeding.
 */
export function statementRecorder(t: TestApp): <T>(call: () => Promise<T>) => Promise<{ result: T; statements: Statement[] }> {
  const inCall = new AsyncLocalStorage<Statement[]>();
  onEveryStatement(t, (sql, params) => inCall.getStore()?.push({ sql, params }));
  return async (call) => {
    const statements: Statement[] = [];
    const result = await inCall.run(statements, call);
    return { result, statements };
  };
}

/** Calls `seen` with every statement the data source runs from now on (through its logger, which still logs it). */
export function onEveryStatement(t: TestApp, seen: (sql: string, params: unknown[]) => void): void {
  const original = t.db.logger;
  const watching: Logger = {
    logQuery: (query: string, parameters?: unknown[], qr?: QueryRunner) => {
      seen(query, parameters ?? []);
      original.logQuery(query, parameters, qr);
    },
    logQueryError: (...a) => original.logQueryError(...a),
    logQuerySlow: (...a) => original.logQuerySlow(...a),
    logSchemaBuild: (...a) => original.logSchemaBuild(...a),
    logMigration: (...a) => original.logMigration(...a),
    log: (...a) => original.log(...a),
  };
  Object.defineProperty(t.db, 'logger', { value: watching, configurable: true, writable: true });
}

/**
 * The tables (by name or alias) a statement's plan reads whole: SQLite's `SCAN <table>`, MariaDB's access type ALL.
 * Derived tables and subqueries of the statement itself are not counted.
 */
export async function tableScans(t: TestApp, s: Statement, tables: RegExp): Promise<string[]> {
  if (t.db.options.type === 'mysql' || t.db.options.type === 'mariadb') {
    const plan = (await t.db.query(`EXPLAIN ${s.sql}`, s.params)) as { table: string | null; type: string }[];
    return plan.filter((p) => p.table !== null && tables.test(p.table) && p.type === 'ALL').map((p) => `ALL ${p.table}`);
  }
  const plan = (await t.db.query(`EXPLAIN QUERY PLAN ${s.sql}`, s.params)) as { detail: string }[];
  return plan.map((p) => p.detail).filter((d) => tables.test(/^SCAN (\w+)/.exec(d)?.[1] ?? ''));
}

/**
 * Every statement of `statements` on `cases c` reads its cases only by primary key (SQLite's `SEARCH c USING INTEGER
 * PRIMARY KEY`, MariaDB's key PRIMARY or a range on it checked per row), and there is at least one.
 */
export async function expectCasesByKey(t: TestApp, statements: Statement[]): Promise<void> {
  const onCases = statements.filter((s) => /\bFROM cases c\b/.test(s.sql));
  expect(onCases.length).toBeGreaterThan(0);
  for (const s of onCases) {
    if (t.db.options.type === 'mysql' || t.db.options.type === 'mariadb') {
      const rows = (await t.db.query(`EXPLAIN ${s.sql}`, s.params)) as { table: string | null; key: string | null; Extra: string | null }[];
      // A join on a primary key range per row of a constant table: its key is chosen per row, among PRIMARY only (0x1).
      const key = (r: { key: string | null; Extra: string | null }) =>
        r.key ?? (/Range checked for each record \(index map: 0x1\)/.test(r.Extra ?? '') ? 'PRIMARY' : null);
      for (const r of rows.filter((x) => x.table === 'c')) expect({ sql: s.sql, key: key(r) }).toEqual({ sql: s.sql, key: 'PRIMARY' });
    } else {
      const rows = (await t.db.query(`EXPLAIN QUERY PLAN ${s.sql}`, s.params)) as { detail: string }[];
      const onC = rows.map((r) => r.detail).filter((d) => /^(SCAN|SEARCH) c\b/.test(d));
      expect(onC.length).toBeGreaterThan(0);
      for (const d of onC)
        expect({ sql: s.sql, d }).toEqual({ sql: s.sql, d: expect.stringMatching(/^SEARCH c USING INTEGER PRIMARY KEY/) });
    }
  }
}
