import { QueryFailedError } from 'typeorm';
import { statementRecorder } from '../testing/statements';
import { startTestApp, type TestApp } from '../testing/test-app';
import { queryArrays } from './array-rows';

/** queryArrays reads past TypeORM's runner: the rows must be what DataSource.query reads, and the tests must still see it. */
describe('queryArrays', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    for (const [code, name, hours] of [
      ['rows-a', '占道经营', 24],
      ['rows-b', '井盖缺失', 4],
      ['rows-c', '路灯损坏', 48],
    ] as const) {
      await t.db.query('INSERT INTO categories (code, name, defaultDepartmentType, slaHours) VALUES (?, ?, ?, ?)', [
        code,
        name,
        'urban',
        hours,
      ]);
    }
  }, 300_000);
  afterAll(() => t.close());

  it('answers the same values as DataSource.query, as arrays in the column order, and is recorded', async () => {
    const sql = 'SELECT code, slaHours, name, createdAt FROM categories WHERE code LIKE ? ORDER BY code DESC';
    const objects = (await t.db.query(sql, ['rows-%'])) as { code: string; slaHours: number; name: string; createdAt: unknown }[];
    expect(objects).toHaveLength(3);
    const record = statementRecorder(t);
    const { result, statements } = await record(() => queryArrays(t.db, sql, ['rows-%']));
    expect(result).toEqual(objects.map((o) => [o.code, o.slaHours, o.name, o.createdAt]));
    expect(statements).toEqual([{ sql, params: ['rows-%'] }]);
    // Read again: the statement is reused, and the answer is the same.
    expect(await queryArrays(t.db, sql, ['rows-%'])).toEqual(result);
  });

  it('fails as DataSource.query fails, with the statement', async () => {
    const failed = queryArrays(t.db, 'SELECT nope FROM categories', []);
    await expect(failed).rejects.toBeInstanceOf(QueryFailedError);
    await expect(failed).rejects.toMatchObject({ query: 'SELECT nope FROM categories' });
  });
});
