import { DataSource } from 'typeorm';
import { createMysqlTestDatabase, testDatabaseKind } from '../testing/test-database';
import { databaseOptions } from './database-options';
import { migrationLockName, runMigrationsLocked } from './run-migrations';

/** Several instances booting at once against one fresh MySQL database (a rolling deploy, a scale-out). */
const run = testDatabaseKind() === 'mysql' ? describe : describe.skip;

run('migrations at boot with several instances', () => {
  it('three instances migrating the same fresh database at once: each migration runs once, none fails', async () => {
    const db = await createMysqlTestDatabase();
    const sources = await Promise.all(
      [1, 2, 3].map(() => new DataSource({ ...databaseOptions({ type: 'mysql', url: db.url }), logging: false }).initialize()),
    );
    try {
      const outcomes = await Promise.allSettled(sources.map((ds) => runMigrationsLocked(ds)));
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
      const applied = (await sources[0].query('SELECT name FROM migrations')) as { name: string }[];
      expect(applied.length).toBe(sources[0].migrations.length);
      expect(new Set(applied.map((m) => m.name)).size).toBe(applied.length);
      expect(await sources[1].showMigrations()).toBe(false); // nothing pending
    } finally {
      await Promise.all(sources.map((ds) => ds.destroy()));
      await db.drop();
    }
  }, 120_000);

  it('a database migrates while another database on the same server is migrating (the lock is per database)', async () => {
    const [busy, mine] = await Promise.all([createMysqlTestDatabase(), createMysqlTestDatabase()]);
    const holder = await new DataSource({ ...databaseOptions({ type: 'mysql', url: busy.url }), logging: false }).initialize();
    const ds = await new DataSource({ ...databaseOptions({ type: 'mysql', url: mine.url }), logging: false }).initialize();
    const runner = holder.createQueryRunner();
    try {
      // The other database's boot holds its migration lock (as a slow migration would) for the whole test.
      const [{ got }] = (await runner.query('SELECT GET_LOCK(?, 0) AS got', [migrationLockName(new URL(busy.url).pathname.slice(1))])) as {
        got: number | string;
      }[];
      expect(Number(got)).toBe(1);
      await runMigrationsLocked(ds);
      expect(await ds.showMigrations()).toBe(false);
    } finally {
      await runner.release();
      await Promise.all([holder.destroy(), ds.destroy()]);
      await Promise.all([busy.drop(), mine.drop()]);
    }
  }, 120_000);
});
