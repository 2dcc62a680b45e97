import { Case } from '../cases/case.entity';
import { Department } from '../departments/department.entity';
import { insertCase } from '../testing/factories-stats';
import { startTestApp, type TestApp } from '../testing/test-app';

/**
 * Query-builder numbers are bound, not written into the SQL (sqlite-parameters.ts), on both databases:
 * one statement text for every id, with the same answers a literal gave.
 */
describe('number parameters are bound and keep their meaning', () => {
  let t: TestApp;
  let sqlite: boolean;
  beforeAll(async () => {
    t = await startTestApp();
    sqlite = t.db.options.type === 'better-sqlite3';
  });
  afterAll(() => t?.close());

  it('two ids make one statement text, so a prepared statement is reused', async () => {
    const sql = (id: number) => t.db.getRepository(Case).createQueryBuilder('c').where('c.id = :id', { id }).getQueryAndParameters();
    const [a, pa] = sql(17);
    const [b, pb] = sql(4242);
    expect(a).toBe(b);
    expect(a).not.toMatch(/17/);
    expect(pa.map(Number)).toEqual([17]);
    expect(pb.map(Number)).toEqual([4242]);
  });

  it('an integer stays an integer: compared with a text column it matches as the literal did', async () => {
    const deps = t.db.getRepository(Department);
    await deps.save(deps.create({ code: '3', name: '三号部门', type: 'sanitation', areaId: null, contactPhone: null, active: true }));
    const found = await deps.createQueryBuilder('d').where('d.code = :code', { code: 3 }).getMany();
    expect(found.map((d) => d.name)).toEqual(['三号部门']);
    if (sqlite) {
      // SQLite's own types: an integer binds as INTEGER (integer division stays integer), a fraction as REAL.
      const [row] = await t.db
        .createQueryBuilder()
        .select('typeof(:n)', 'n')
        .addSelect('typeof(:x)', 'x')
        .addSelect(':n / 2', 'half')
        .from(Department, 'd')
        .where('d.code = :code', { code: 3, n: 5, x: 2.5 })
        .getRawMany();
      expect(row).toEqual({ n: 'integer', x: 'real', half: 2 });
    }
  });

  it('fractional coordinates and integer lists find the same rows, through the indexes', async () => {
    const c = await insertCase(t.db, {
      status: 'submitted',
      categoryCode: 'exposed_garbage',
      createdAt: new Date('2026-11-02T00:00:00Z'),
      lat: 30.2512345,
      lng: 120.1654321,
    });
    const near = await t.db
      .getRepository(Case)
      .createQueryBuilder('c')
      .where('c.lat = :lat AND c.lng = :lng', { lat: 30.2512345, lng: 120.1654321 })
      .getMany();
    expect(near.map((x) => x.id)).toEqual([c.id]);
    const listed = await t.db
      .getRepository(Case)
      .createQueryBuilder('c')
      .where('c.id IN (:...ids)', { ids: [c.id, c.id + 1000] })
      .getMany();
    expect(listed.map((x) => x.id)).toEqual([c.id]);
    const [sql, params] = t.db.getRepository(Case).createQueryBuilder('c').where('c.id = :id', { id: c.id }).getQueryAndParameters();
    const plan: Record<string, unknown>[] = await t.db.query(`${sqlite ? 'EXPLAIN QUERY PLAN' : 'EXPLAIN'} ${sql}`, params);
    if (sqlite) expect(plan.map((p) => String(p.detail)).join(' ')).toMatch(/SEARCH c USING INTEGER PRIMARY KEY/);
    else expect(plan[0]).toMatchObject({ key: 'PRIMARY', type: 'const' });
  });
});
