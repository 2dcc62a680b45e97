import { QueryFailedError } from 'typeorm';
import { statementRecorder } from '../testing/statements';
import { startTestApp, type TestApp } from '../testing/test-app';
import { directChanges, directQuery } from './direct-sql';
import { Transactions } from './transactions';
import { isUniqueViolation } from './unique-violation';

const INSERT = 'INSERT INTO open311_clients (name, keyHash) VALUES (?, ?)';
const READ = 'SELECT name, keyHash, userId FROM open311_clients WHERE name LIKE ? ORDER BY id';
const UPDATE = 'UPDATE open311_clients SET userId = ? WHERE name LIKE ?';
/** SQLite answers a write with the last rowid, MariaDB with mysql2's result header. */
const insertedId = (answer: unknown) =>
  Number(typeof answer === 'object' && answer !== null ? (answer as { insertId: number }).insertId : answer);

/** directQuery runs a transaction's statements past TypeORM's runner: same answers, same transaction, same errors, still recorded. */
describe('directQuery and directChanges', () => {
  let t: TestApp;
  let tx: Transactions;
  beforeAll(async () => {
    t = await startTestApp();
    tx = t.app.get(Transactions);
  }, 300_000);
  afterAll(() => t.close());

  it('answers a write and a read as em.query does, in the caller transaction, and every statement is recorded', async () => {
    const record = statementRecorder(t);
    const { result, statements } = await record(() =>
      tx.run(async (em) => {
        const viaRunner: unknown = await em.query(INSERT, ['direct-a', 'hash-a']);
        const direct = await directQuery(em, INSERT, ['direct-b', 'hash-b']);
        return {
          viaRunner,
          direct,
          rows: await directQuery(em, READ, ['direct-%']),
          runnerRows: (await em.query(READ, ['direct-%'])) as unknown,
        };
      }),
    );
    expect(typeof result.direct).toBe(typeof result.viaRunner);
    expect(insertedId(result.direct)).toBe(insertedId(result.viaRunner) + 1);
    expect(result.rows).toEqual([
      { name: 'direct-a', keyHash: 'hash-a', userId: null },
      { name: 'direct-b', keyHash: 'hash-b', userId: null },
    ]);
    expect(result.rows).toEqual(result.runnerRows);
    const direct = statements.filter((s) => s.sql === INSERT || s.sql === READ);
    expect(direct.map((s) => s.params[0])).toEqual(['direct-a', 'direct-b', 'direct-%', 'direct-%']);
  });

  it('is undone with the transaction that ran it', async () => {
    const failed = tx.run(async (em) => {
      await directQuery(em, INSERT, ['direct-undone', 'hash-c']);
      expect(await directChanges(em, UPDATE, [12, 'direct-%'])).toBe(3);
      throw new Error('stop');
    });
    await expect(failed).rejects.toThrow('stop');
    expect(await t.db.query(READ, ['direct-%'])).toEqual([
      { name: 'direct-a', keyHash: 'hash-a', userId: null },
      { name: 'direct-b', keyHash: 'hash-b', userId: null },
    ]);
  });

  it('counts the rows an UPDATE changed, in a transaction and outside one', async () => {
    expect(await tx.run((em) => directChanges(em, UPDATE, [6, 'direct-%']))).toBe(2);
    expect(await directChanges(t.db.manager, UPDATE, [8, 'direct-a'])).toBe(1);
    expect(await directChanges(t.db.manager, UPDATE, [8, 'direct-none'])).toBe(0);
    expect(await t.db.query(READ, ['direct-%'])).toEqual([
      { name: 'direct-a', keyHash: 'hash-a', userId: 8 },
      { name: 'direct-b', keyHash: 'hash-b', userId: 6 },
    ]);
  });

  it("fails as the runner fails: TypeORM's QueryFailedError around the driver's error, a duplicate key still known as one", async () => {
    const duplicate = tx.run((em) => directQuery(em, INSERT, ['direct-again', 'hash-a']));
    await expect(duplicate).rejects.toBeInstanceOf(QueryFailedError);
    expect(isUniqueViolation(await duplicate.catch((e: unknown) => e))).toBe(true);
    const bad = tx.run((em) => directQuery(em, 'SELECT nope FROM open311_clients'));
    await expect(bad).rejects.toMatchObject({ query: 'SELECT nope FROM open311_clients' });
    expect(isUniqueViolation(await bad.catch((e: unknown) => e))).toBe(false);
  });
});
