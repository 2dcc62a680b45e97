import { startTestApp, type TestApp } from '../testing/test-app';
import { testDatabaseKind } from '../testing/test-database';

interface PreparingConnection {
  prepare: (sql: string) => unknown;
}

/** SQLite keeps every statement the server runs in turn prepared (database-options.ts, statementCacheSize). */
const sqliteOnly = testDatabaseKind() === 'sqlite' ? describe : describe.skip;

sqliteOnly('prepared statements on SQLite', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('a statement is still prepared after 300 other texts ran', async () => {
    const connection = (t.db.driver as unknown as { databaseConnection: PreparingConnection }).databaseConnection;
    const prepared: string[] = [];
    const prepare = connection.prepare.bind(connection);
    connection.prepare = (sql) => (prepared.push(sql), prepare(sql));
    try {
      const first = 'SELECT COUNT(*) AS n FROM cases WHERE id > ?';
      await t.db.query(first, [0]);
      for (let i = 1; i <= 300; i++) await t.db.query(`SELECT ${i} AS n`);
      await t.db.query(first, [1]);
      expect(prepared.filter((sql) => sql === first)).toHaveLength(1);
      expect(prepared).toHaveLength(301);
    } finally {
      connection.prepare = prepare;
    }
  });
});
