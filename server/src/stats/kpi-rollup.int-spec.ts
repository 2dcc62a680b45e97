import { chinaDay, chinaDayStart, type CaseActor, type GridStatDto, type TrendPointDto } from '@sansui/shared';
import { CaseFiguresRepository } from '../cases/case-figures.repository';
import { CaseLifecycle } from '../cases/case-lifecycle.service';
import { Case } from '../cases/case.entity';
import { rebuildDayFigures } from '../cases/day-figures.repository';
import { Transactions } from '../database/transactions';
import { insertCase, seedCaseWorld, type CaseWorld } from '../testing/factories-cases';
import { startTestApp, type TestApp } from '../testing/test-app';
import { DepartmentKpisService, type KpiScope } from './department-kpis.service';
import { daysOf, type StatsPeriod } from './stats-period';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** What the KPI pages show that the daily roll-up serves: trends, grids, and per department overdue and median handling time. */
interface Served {
  trends: TrendPointDto[];
  grids: GridStatDto[];
  departments: { id: number; overdue: number; medianHandlingHours: number | null }[];
}

/**
 * The KPIs the daily roll-up (case_day_figures) serves equal the same KPIs counted from the cases, on both databases:
 * after a random mix of case writes through CaseLifecycle (open, dispatch, claim, return, resolve, verify, reopen,
 * reject, deadline changes, backdating), after concurrent writes to many cases at once and races on one case, and after
 * the rebuild command recounts a wiped roll-up. `now` is three days ahead, so every day written here is a whole past
 * day that the service reads from the roll-up.
 */
describe('the daily KPI roll-up', () => {
  let t: TestApp;
  let w: CaseWorld;
  let lifecycle: CaseLifecycle;
  let tx: Transactions;
  let kpis: DepartmentKpisService;
  let figures: CaseFiguresRepository;
  const dispatcher = { userId: null, role: 'dispatcher' as CaseActor, name: '派遣员' };
  const handler = { userId: null, role: 'handler' as CaseActor, name: '处置员' };
  const now = new Date(Date.now() + 3 * DAY);
  const periods: [string, StatsPeriod][] = [
    [
      'whole days',
      { from: chinaDayStart(chinaDay(new Date(Date.now() - 3 * DAY))), to: chinaDayStart(chinaDay(new Date(now.getTime() + DAY))) },
    ],
    ['partial first and last day', { from: new Date(Date.now() - 30 * HOUR), to: new Date(now.getTime() - 5 * HOUR) }],
  ];

  beforeAll(async () => {
    t = await startTestApp();
    w = await seedCaseWorld(t);
    lifecycle = t.app.get(CaseLifecycle);
    tx = t.app.get(Transactions);
    kpis = t.app.get(DepartmentKpisService);
    figures = t.app.get(CaseFiguresRepository);
  }, 120_000);
  afterAll(() => t.close());

  const newCase = (status: 'submitted' | 'accepted', gridId: number | null) =>
    insertCase(t, {
      status,
      gridId,
      reporterId: w.resident.user.id,
      categoryCode: gridId === w.gridAId ? 'exposed_garbage' : 'illegal_parking',
      triage: { routing: { departmentId: w.deptA, explanation: '测试路由', rule: 'test' } },
    });
  const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * HOUR);
  const move = (id: number, action: Parameters<CaseLifecycle['move']>[3], patch: Partial<Case> = {}, expectedVersion?: number) =>
    tx.run((em) =>
      lifecycle.move(em, ['claim', 'return', 'resolve'].includes(action) ? handler : dispatcher, id, action, { patch, expectedVersion }),
    );
  const dispatch = (id: number, departmentId: number, expectedVersion?: number) =>
    tx.run((em) => lifecycle.dispatch(em, dispatcher, id, { departmentId, expectedVersion }));
  const setDeadline = (id: number, deadline: Date) => tx.run(async (em) => lifecycle.save(em, await lifecycle.lock(em, id), { deadline }));

  /** One random step a case can take from where it is. */
  async function step(id: number, rnd: () => number): Promise<void> {
    const c = await t.db.getRepository(Case).findOneByOrFail({ id });
    const r = rnd();
    switch (c.status) {
      case 'submitted':
        if (r < 0.3) await move(id, 'reject');
        else if (r < 0.5) await tx.run((em) => lifecycle.backdate(em, id, at(rnd() * 70)));
        else await move(id, 'accept');
        return;
      case 'accepted':
        await dispatch(id, r < 0.6 ? w.deptA : w.deptB);
        if (rnd() < 0.5) await setDeadline(id, at(60 - rnd() * 130));
        return;
      case 'dispatched':
        if (r < 0.25) await move(id, 'return', { departmentId: null, handlerUserId: null, deadline: null });
        else await move(id, 'claim');
        return;
      case 'in_progress':
        if (r < 0.2) await setDeadline(id, at(50 - rnd() * 100));
        else await move(id, 'resolve', { resolvedAt: at(rnd() * 60) });
        return;
      case 'resolved':
        if (r < 0.3) await move(id, 'verify_fail', { resolvedAt: null });
        else await move(id, 'verify_pass', { closedAt: at(rnd() * 40) });
        return;
      case 'closed':
        if (r < 0.3)
          await move(id, 'reopen', {
            dispatchedAt: at(rnd() * 20),
            handlerUserId: null,
            deadline: at(-rnd() * 30),
            closedAt: null,
            resolvedAt: null,
          });
        return;
      default:
        return;
    }
  }

  /** The served KPIs, as the KPI service answers them (roll-up for whole past days). */
  async function served(p: StatsPeriod, scope: KpiScope): Promise<Served> {
    const [trends, grids, departments] = await Promise.all([
      kpis.trends(p, scope, now),
      kpis.grids(p, undefined, scope, now),
      kpis.departments(p, scope, now),
    ]);
    return {
      trends,
      grids: sortGrids(grids),
      departments: departments.map((d) => ({ id: d.departmentId, overdue: d.overdue, medianHandlingHours: d.medianHandlingHours })),
    };
  }

  /** The same KPIs counted from the cases alone (the scans of CaseFiguresRepository over the whole period). */
  async function fromCases(p: StatsPeriod, scope: KpiScope): Promise<Served> {
    const q = { from: p.from, to: p.to, departmentId: scope.departmentId };
    const [daily, grids, overdue, minutes, departments] = await Promise.all([
      figures.daily(q, now),
      figures.byGridAndCategory(q),
      figures.overdue(q, now),
      figures.handlingMinutes(q),
      kpis.departments(p, scope, now),
    ]);
    const median = (id: number): number | null => {
      const values = minutes.filter(([d]) => d === id).flatMap(([, m, n]) => Array.from({ length: n }, () => m));
      if (values.length === 0) return null;
      values.sort((a, b) => a - b);
      const mid = values.length % 2 ? values[(values.length - 1) / 2] : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
      return Math.round((mid / 60) * 100) / 100;
    };
    return {
      trends: daysOf(p).map((day) => ({
        day,
        reported: daily.reported.get(day) ?? 0,
        closed: daily.closed.get(day) ?? 0,
        overdue: daily.overdue.get(day) ?? 0,
      })),
      grids: sortGrids(grids),
      departments: departments.map((d) => ({
        id: d.departmentId,
        overdue: Number(overdue.get(d.departmentId)?.n ?? 0),
        medianHandlingHours: median(d.departmentId),
      })),
    };
  }

  async function expectServedEqualsCases(): Promise<void> {
    for (const [, p] of periods)
      for (const scope of [{}, { departmentId: w.deptA }]) expect(await served(p, scope)).toEqual(await fromCases(p, scope));
  }

  it('equals the cases after a random mix of writes, concurrent writes and races, and after a rebuild of a wiped roll-up', async () => {
    const rnd = mulberry32(20261206);
    const ids: number[] = [];
    for (let i = 0; i < 20; i++) ids.push((await newCase(i % 3 === 0 ? 'submitted' : 'accepted', i % 2 ? w.gridAId : w.gridBId)).id);
    for (let round = 0; round < 5; round++) for (const id of ids) await step(id, rnd);

    // Concurrent writes to many cases counted in the same roll-up rows (same day, department, grid, category).
    const batch: number[] = [];
    for (let i = 0; i < 10; i++) batch.push((await newCase('accepted', w.gridAId)).id);
    await Promise.all(batch.map((id) => dispatch(id, w.deptA)));
    await Promise.all(batch.map((id) => move(id, 'claim')));
    // Three of them due 30 hours ago and resolved since: overdue on their deadline's day although resolved.
    await Promise.all(batch.slice(0, 3).map((id) => setDeadline(id, at(30))));
    await Promise.all(batch.map((id, i) => move(id, 'resolve', { resolvedAt: at(i * 3) })));
    // Races on one case: one move passes the version check, the loser's transaction leaves nothing behind.
    for (const id of batch.slice(0, 4)) {
      const c = await t.db.getRepository(Case).findOneByOrFail({ id });
      const raced = await Promise.allSettled([
        move(id, 'verify_pass', { closedAt: at(1) }, c.version),
        move(id, 'verify_fail', { resolvedAt: null }, c.version),
      ]);
      expect(raced.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    }

    // The mix reached every figure the roll-up keeps.
    const rows = await t.db.getRepository(Case).find();
    expect(rows.some((c) => c.status === 'closed')).toBe(true);
    expect(rows.some((c) => c.status === 'rejected')).toBe(true);
    expect(rows.some((c) => ['dispatched', 'in_progress'].includes(c.status) && c.deadline && c.deadline < now)).toBe(true);
    expect(rows.some((c) => c.resolvedAt && c.deadline && c.resolvedAt > c.deadline)).toBe(true);
    expect(rows.filter((c) => c.resolvedAt && c.departmentId === w.deptA).length).toBeGreaterThan(3);

    await expectServedEqualsCases();
    const kept = await rollUp();

    // Wiped, the served figures are wrong (they do come from the roll-up); the rebuild recounts exactly what was kept.
    await t.db.query('DELETE FROM case_day_figures');
    const [, whole] = periods[0];
    expect(await served(whole, {})).not.toEqual(await fromCases(whole, {}));
    await rebuildDayFigures(t.db, { batch: 7 });
    expect(await rollUp()).toEqual(kept);
    await expectServedEqualsCases();
  }, 300_000);

  it('counts a new case inside its INSERT: the trigger is there after every migration', async () => {
    const mysql = t.db.options.type !== 'better-sqlite3';
    const rows: unknown[] = await t.db.query(
      mysql
        ? "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() AND TRIGGER_NAME = 'case_day_figures_new_case'"
        : "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name = 'case_day_figures_new_case'",
    );
    expect(rows.length).toBe(1);
  });

  /** The roll-up's rows that count something, in a fixed order. */
  async function rollUp(): Promise<string[]> {
    const rows: Record<string, unknown>[] = await t.db.query(
      'SELECT figure, day, departmentId, gridId, categoryCode, bucket, n FROM case_day_figures WHERE n <> 0',
    );
    return rows.map((r) => [r.figure, r.day, r.departmentId, r.gridId, r.categoryCode, r.bucket, r.n].map(String).join('|')).sort();
  }
});

function sortGrids(grids: GridStatDto[]): GridStatDto[] {
  return [...grids].sort((a, b) => `${a.gridId}|${a.categoryCode}`.localeCompare(`${b.gridId}|${b.categoryCode}`));
}

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}
