import Database from 'better-sqlite3';
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, type EntityManager } from 'typeorm';
import { isUniqueViolation } from './unique-violation';
import { SqliteGroupCommit } from './sqlite-group-commit';

/**
 * SQLite's transactions that queue up together commit together, and still nobody hears of one before the COMMIT
 * that wrote it. A second connection to the file plays another process (or the same file after a crash): it sees
 * only what was committed.
 */
describe('SQLite group commit', () => {
  let dir: string;
  let db: DataSource;
  let other: Database.Database;
  let sut: SqliteGroupCommit;
  const statements: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'group-commit-'));
    db = new DataSource({
      type: 'better-sqlite3',
      database: join(dir, 'g.sqlite'),
      enableWAL: true,
      logging: true,
      logger: {
        logQuery: (q) => void statements.push(q),
        logQueryError: () => {},
        logQuerySlow: () => {},
        logSchemaBuild: () => {},
        logMigration: () => {},
        log: () => {},
      },
    });
    await db.initialize();
    await db.query('CREATE TABLE submissions (id INTEGER PRIMARY KEY, requestId TEXT NOT NULL UNIQUE)');
    other = new Database(join(dir, 'g.sqlite'), { readonly: true });
    sut = new SqliteGroupCommit(db);
  });
  afterAll(async () => {
    other?.close();
    await db?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => void (statements.length = 0));

  const committed = (requestId: string) => !!other.prepare('SELECT 1 FROM submissions WHERE requestId = ?').get(requestId);
  const submit = (requestId: string) => async (em: EntityManager) => {
    await em.query('INSERT INTO submissions (requestId) VALUES (?)', [requestId]);
    const [{ id }] = await em.query('SELECT id FROM submissions WHERE requestId = ?', [requestId]);
    return id as number;
  };

  it('twenty submissions asked for together are written in one COMMIT, each answered only once it is on disk', async () => {
    const seenOnAnswer = await Promise.all(
      Array.from({ length: 20 }, (_, i) => sut.run(submit(`together-${i}`)).then(() => committed(`together-${i}`))),
    );
    expect(seenOnAnswer).toEqual(Array(20).fill(true));
    expect(statements.filter((q) => q === 'COMMIT')).toHaveLength(1);
  });

  it('one alone runs as before: BEGIN, its statements, COMMIT, no savepoint', async () => {
    await sut.run(submit('alone'));
    expect(statements.map((q) => q.split(' ')[0])).toEqual(['BEGIN', 'INSERT', 'SELECT', 'COMMIT']);
  });

  it('a submission that fails in a group fails alone: its writes are undone, the others commit and it gets its own error', async () => {
    await sut.run(submit('retried'));
    statements.length = 0;
    const results = await Promise.allSettled([
      sut.run(submit('before-it')),
      sut.run(async (em) => {
        await em.query('INSERT INTO submissions (requestId) VALUES (?)', ['written-then-undone']);
        return submit('retried')(em); // the unique index fires, as for a repeated clientRequestId
      }),
      sut.run(submit('after-it')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(isUniqueViolation((results[1] as PromiseRejectedResult).reason)).toBe(true);
    expect([committed('before-it'), committed('written-then-undone'), committed('after-it')]).toEqual([true, false, true]);
    expect(statements.filter((q) => q === 'COMMIT')).toHaveLength(1);
  });

  it('while a group is open nothing of it is visible elsewhere and nobody has been answered; it lands whole', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const answered: string[] = [];
    const runs = ['open-1', 'open-2', 'open-3'].map((id, i) =>
      sut
        .run(async (em) => {
          const written = await submit(id)(em);
          if (i === 1) await gate; // the group stops half-way, as a process killed here would
          return written;
        })
        .then(() => void answered.push(id)),
    );
    try {
      await new Promise((r) => setTimeout(r, 50));
      expect(['open-1', 'open-2', 'open-3'].map(committed)).toEqual([false, false, false]);
      expect(answered).toEqual([]);
    } finally {
      release();
      await Promise.all(runs);
    }
    expect(answered).toEqual(['open-1', 'open-2', 'open-3']);
    expect(['open-1', 'open-2', 'open-3'].map(committed)).toEqual([true, true, true]);
  });

  it('a transaction asked for while a group runs waits for the next group, and both commit', async () => {
    const late: Promise<number>[] = [];
    const first = sut.run(async (em) => {
      late.push(sut.run(submit('late')));
      return submit('early')(em);
    });
    await first;
    expect(committed('early')).toBe(true);
    await Promise.all(late);
    expect(committed('late')).toBe(true);
    expect(statements.filter((q) => q === 'COMMIT')).toHaveLength(2);
  });

  it('each transaction runs in the async context of its own caller, even when a group started by another runs it', async () => {
    const request = new AsyncLocalStorage<string>();
    const seen: Record<string, string | undefined> = {};
    const asked = (name: string) => (em: EntityManager) => {
      seen[name] = request.getStore();
      return submit(name)(em);
    };
    // The background one is running when the two requests ask: their group is started from its COMMIT.
    const late: Promise<number>[] = [];
    await request.run('background', () =>
      sut.run(async (em) => {
        late.push(request.run('request-1', () => sut.run(asked('context-1'))));
        late.push(request.run('request-2', () => sut.run(asked('context-2'))));
        return asked('context-0')(em);
      }),
    );
    await Promise.all(late);
    expect(seen).toEqual({ 'context-0': 'background', 'context-1': 'request-1', 'context-2': 'request-2' });
  });
});
