import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { databaseOptions } from './database-options';

/** The SQLite file the server opens: WAL, and every COMMIT flushed before its caller hears of it, at every start. */
describe('SQLite durability settings', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sansui-durability-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const open = () => new DataSource({ ...databaseOptions({ type: 'sqlite', path: join(dir, 'db.sqlite') }), logging: false }).initialize();
  const pragma = async (ds: DataSource, name: string) => Object.values(((await ds.query(`PRAGMA ${name}`)) as object[])[0])[0] as unknown;

  it('synchronous is FULL on the first start and on a restart of a database already in WAL mode', async () => {
    const first = await open();
    await first.query('CREATE TABLE t (a INTEGER)');
    await first.query('INSERT INTO t VALUES (1)');
    expect(await pragma(first, 'journal_mode')).toBe('wal');
    expect(await pragma(first, 'synchronous')).toBe(2);
    await first.destroy();

    const restarted = await open();
    try {
      await restarted.query('INSERT INTO t VALUES (2)');
      expect(await pragma(restarted, 'journal_mode')).toBe('wal');
      expect(await pragma(restarted, 'synchronous')).toBe(2);
    } finally {
      await restarted.destroy();
    }
  });
});
