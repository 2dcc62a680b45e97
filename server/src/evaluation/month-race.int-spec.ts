import { Area } from '../areas/area.entity';
import { seedCaseWorld, type Actor, type CaseWorld } from '../testing/factories-cases';
import { startTestApp, type TestApp } from '../testing/test-app';
import { DEMO_CHECKLIST } from './demo-checklist';

/**
 * docs/domain.md §16: a round created while its month is being published. Whatever the order the database
 * serves them in, exactly one wins and the other is refused with its 409, and nothing is half-written: either the
 * new draft round exists and the month has no stored results, or the month is published and no round was added.
 */
describe('evaluation: creating a round races the month’s publication', () => {
  let t: TestApp;
  let w: CaseWorld;
  let districtId: number;

  const api = (method: 'get' | 'post' | 'put', path: string, who: Actor, body?: object) =>
    t.http()[method](`/api/v1${path}`).set(who.auth).send(body);
  const count = async (sql: string, ...params: unknown[]) => Number((await t.db.query(sql, params))[0].n);

  beforeAll(async () => {
    t = await startTestApp();
    w = await seedCaseWorld(t);
    districtId = (await t.db.getRepository(Area).findOneByOrFail({ level: 'district' })).id;
    await api('put', '/checklist', w.admin, { items: DEMO_CHECKLIST }).expect(200);
  });
  afterAll(() => t?.close());

  it('one of the two wins each time, the loser is told why, and the stored state matches the winner', async () => {
    const outcomes = new Set<string>();
    for (let i = 1; i <= 8; i++) {
      const month = `2025-${String(i).padStart(2, '0')}`;
      const first = await api('post', '/inspection-rounds', w.dispatcher, {
        kind: 'open',
        name: `${month} 明查`,
        month,
        areaIds: [districtId],
      });
      await api('post', `/inspection-rounds/${first.body.id}/publish`, w.dispatcher).expect(200);

      const create = () =>
        api('post', '/inspection-rounds', w.dispatcher2, { kind: 'covert', name: `${month} 补充暗访`, month, areaIds: [districtId] });
      const publish = () => api('post', `/evaluations/${month}/publish`, w.dispatcher);
      // Alternate who is sent first so both interleavings get a chance on either database.
      const [c, p] = i % 2 ? await Promise.all([create(), publish()]) : (await Promise.all([publish(), create()])).reverse();

      const rounds = await count('SELECT COUNT(*) AS n FROM inspection_rounds WHERE month = ?', month);
      const results = await count('SELECT COUNT(*) AS n FROM evaluation_month_results WHERE month = ?', month);
      const published = await count(
        "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'evaluation_month.publish' AND targetId = ?",
        month,
      );
      if (c.status === 201) {
        outcomes.add('round');
        expect({ publish: p.status, code: p.body.code }).toEqual({ publish: 409, code: 'EVALUATION_MONTH_HAS_DRAFTS' });
        expect({ rounds, results, published }).toEqual({ rounds: 2, results: 0, published: 0 });
        expect((await api('get', `/inspection-rounds/${c.body.id}`, w.dispatcher).expect(200)).body.status).toBe('draft');
      } else {
        outcomes.add('month');
        expect({ create: c.status, code: c.body.code, publish: p.status }).toEqual({
          create: 409,
          code: 'EVALUATION_MONTH_PUBLISHED',
          publish: 200,
        });
        // The ranking of areas plus one community ranking per ranked area, and nothing of the refused round.
        const areas = (await api('get', `/evaluations?month=${month}`, w.auditor).expect(200)).body.items.length;
        expect({ rounds, results, published }).toEqual({ rounds: 1, results: 1 + areas, published: 1 });
        expect(
          await count(
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'inspection_round.create' AND data LIKE ?",
            `%${month} 补充暗访%`,
          ),
        ).toBe(0);
      }
    }
    // Both interleavings are legal; which ones occurred depends on the database and the machine.
    expect(outcomes.size).toBeGreaterThan(0);
  });
});
