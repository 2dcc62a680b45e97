import { chinaDay, chinaDayStart, type CaseActor, type EvidenceResult, type GridStatDto, type TrendPointDto } from '@sansui/shared';
import { CaseFiguresRepository, type ByDepartment } from '../cases/case-figures.repository';
import { CaseLifecycle } from '../cases/case-lifecycle.service';
import { Case } from '../cases/case.entity';
import { countedContributions, rebuildDayFigures } from '../cases/day-figures.repository';
import { DispatchOutcomeRepository } from '../cases/dispatch-outcome.repository';
import { EvidenceService } from '../cases/evidence/evidence.service';
import { Transactions } from '../database/transactions';
import { insertCase, seedCaseWorld, type CaseWorld } from '../testing/factories-cases';
import { startTestApp, type TestApp } from '../testing/test-app';
import { DepartmentKpisService, type KpiScope } from './department-kpis.service';
import { groupBy, tallyGroups, type DispatchTally } from './dispatch-quality';
import { DispatchQualityService } from './dispatch-quality.service';
import { daysOf, type StatsPeriod } from './stats-period';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A department's figures that the daily roll-up serves (the ranking's counts, overdue, median handling time). */
interface DepartmentServed {
  id: number;
  received: number;
  closed: number;
  onTimeRate: number | null;
  closedVerified: number;
  overdue: number;
  returns: number;
  reworks: number;
  resolved: number;
  medianHandlingHours: number | null;
  feedbackTotal: number;
  feedbackSatisfied: number;
}

/** What the KPI pages show that the daily roll-up serves: trends, grids, the department figures and dispatch quality. */
interface Served {
  trends: TrendPointDto[];
  grids: GridStatDto[];
  departments: DepartmentServed[];
  dispatch: [number, DispatchTally][];
}

/**
 * The KPIs the daily roll-up (case_day_figures) serves equal the same KPIs counted from the cases, their events,
 * evidence and verdicts, on both databases: after a random mix of case writes through CaseLifecycle (open, dispatch
 * with and without the suggestion, claim, return, resolve and verify with evidence, reopen, reject, feedback, deadline
 * changes, backdating a case or a closed case's whole history), after concurrent writes to many cases at once and
 * races on one case, and after the rebuild command recounts a wiped roll-up. `now` is three days ahead, so every day written here is a whole past
 * day that the service reads from the roll-up.
 */
describe('the daily KPI roll-up', () => {
  let t: TestApp;
  let w: CaseWorld;
  let lifecycle: CaseLifecycle;
  let tx: Transactions;
  let kpis: DepartmentKpisService;
  let figures: CaseFiguresRepository;
  let quality: DispatchQualityService;
  let outcomes: DispatchOutcomeRepository;
  let evidence: EvidenceService;
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
    quality = t.app.get(DispatchQualityService);
    outcomes = t.app.get(DispatchOutcomeRepository);
    evidence = t.app.get(EvidenceService);
  }, 120_000);
  afterAll(() => t.close());

  const newCase = async (status: 'submitted' | 'accepted', gridId: number | null) => {
    const c = await insertCase(t, {
      status,
      gridId,
      reporterId: w.resident.user.id,
      categoryCode: gridId === w.gridAId ? 'exposed_garbage' : 'illegal_parking',
      triage: { routing: { departmentId: w.deptA, explanation: '测试路由', rule: 'test' } },
    });
    // Every case has its timeline from the start (CaseLifecycle.open writes the submit event).
    await tx.run((em) => lifecycle.addEvent(em, c.id, dispatcher, { action: 'note', note: '立案' }));
    return c;
  };
  const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * HOUR);
  type Extra = Pick<Parameters<CaseLifecycle['move']>[4] & object, 'event' | 'after'>;
  const move = (
    id: number,
    action: Parameters<CaseLifecycle['move']>[3],
    patch: Partial<Case> = {},
    expectedVersion?: number,
    extra: Extra = {},
  ) =>
    tx.run((em) =>
      lifecycle.move(em, ['claim', 'return', 'resolve'].includes(action) ? handler : dispatcher, id, action, {
        patch,
        expectedVersion,
        ...extra,
      }),
    );
  /** Dispatch to a department, or (no department) to the routing suggestion stored on the case. */
  const dispatch = (id: number, departmentId?: number, expectedVersion?: number) =>
    tx.run((em) => lifecycle.dispatch(em, dispatcher, id, { departmentId, expectedVersion }));
  const setDeadline = (id: number, deadline: Date) => tx.run(async (em) => lifecycle.save(em, await lifecycle.lock(em, id), { deadline }));
  /** Evidence as the resolve and verify actions record it, in the move's transaction. */
  const withEvidence = (purpose: 'resolve' | 'verify', verified: boolean): Extra => ({
    after: (em, saved) =>
      evidence.record(em, {
        caseId: saved.id,
        purpose,
        result: { verified, checks: [], refusal: null } satisfies EvidenceResult,
        photoIds: [],
        actorUserId: null,
      }),
  });
  const feedback = (c: Case, satisfied: boolean) =>
    tx.run((em) =>
      lifecycle.recordFeedback(em, {
        reportId: c.primaryReportId,
        caseId: c.id,
        userId: w.resident.user.id,
        satisfied,
        photoIds: satisfied ? [] : [1],
      }),
    );

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
        await dispatch(id, r < 0.3 ? undefined : r < 0.6 ? w.deptA : w.deptB);
        if (rnd() < 0.5) await setDeadline(id, at(60 - rnd() * 130));
        return;
      case 'dispatched':
        if (r < 0.25)
          await move(id, 'return', { departmentId: null, handlerUserId: null, deadline: null }, undefined, {
            event: { data: { departmentId: c.departmentId } },
          });
        else await move(id, 'claim');
        return;
      case 'in_progress':
        if (r < 0.2) await setDeadline(id, at(50 - rnd() * 100));
        else await move(id, 'resolve', { resolvedAt: at(rnd() * 60) }, undefined, withEvidence('resolve', rnd() < 0.5));
        return;
      case 'resolved':
        if (r < 0.3) await move(id, 'verify_fail', { resolvedAt: null });
        else if (r < 0.6) await move(id, 'verify_pass', { closedAt: at(rnd() * 40) }, undefined, withEvidence('verify', rnd() < 0.5));
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
        else if (r < 0.6 && !(await answered(c))) await feedback(c, rnd() < 0.6);
        else if (r < 0.7) await tx.run((em) => lifecycle.backdateHistory(em, id, Math.floor(rnd() * 40) * HOUR));
        return;
      default:
        return;
    }
  }

  const answered = async (c: Case) =>
    Number((await t.db.query('SELECT COUNT(*) AS n FROM report_feedback WHERE reportId = ?', [c.primaryReportId]))[0].n) > 0;

  /** The served KPIs, as the KPI service answers them (roll-up for whole past days). */
  async function served(p: StatsPeriod, scope: KpiScope): Promise<Served> {
    const [trends, grids, departments, dispatch] = await Promise.all([
      kpis.trends(p, scope, now),
      kpis.grids(p, undefined, scope, now),
      kpis.departments(p, scope, now),
      quality.byDepartment({ ...p, departmentId: scope.departmentId }, now),
    ]);
    return {
      trends,
      grids: sortGrids(grids),
      departments: departments.map((d) => ({
        id: d.departmentId,
        received: d.received,
        closed: d.closed,
        onTimeRate: d.onTimeRate,
        closedVerified: d.closedVerified,
        overdue: d.overdue,
        returns: d.returns,
        reworks: d.reworks,
        resolved: d.resolved,
        medianHandlingHours: d.medianHandlingHours,
        feedbackTotal: d.feedbackTotal,
        feedbackSatisfied: d.feedbackSatisfied,
      })),
      dispatch: [...dispatch].sort((a, b) => a[0] - b[0]),
    };
  }

  /** The same KPIs counted from the cases, events, evidence and verdicts alone (the scans over the whole period). */
  async function fromCases(p: StatsPeriod, scope: KpiScope): Promise<Served> {
    const q = { from: p.from, to: p.to, departmentId: scope.departmentId };
    const [daily, grids, overdue, minutes, received, closed, returns, work, verdicts, groups, departments] = await Promise.all([
      figures.daily(q, now),
      figures.byGridAndCategory(q),
      figures.overdue(q, now),
      figures.handlingMinutes(q),
      figures.received(q),
      figures.closed(q),
      figures.returns(q),
      figures.work(q),
      figures.feedback(q),
      outcomes.groups(q),
      kpis.departments(p, scope, now),
    ]);
    const median = (id: number): number | null => {
      const values = minutes.filter(([d]) => d === id).flatMap(([, m, n]) => Array.from({ length: n }, () => m));
      if (values.length === 0) return null;
      values.sort((a, b) => a - b);
      const mid = values.length % 2 ? values[(values.length - 1) / 2] : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
      return Math.round((mid / 60) * 100) / 100;
    };
    const n = (m: ByDepartment | null, id: number, key: string) => Number(m?.get(id)?.[key] ?? 0);
    const dispatch = groupBy(groups, (g) => g.departmentId);
    return {
      trends: daysOf(p).map((day) => ({
        day,
        reported: daily.reported.get(day) ?? 0,
        closed: daily.closed.get(day) ?? 0,
        overdue: daily.overdue.get(day) ?? 0,
      })),
      grids: sortGrids(grids),
      departments: departments.map(({ departmentId: id }) => ({
        id,
        received: n(received, id, 'n'),
        closed: n(closed, id, 'n'),
        onTimeRate: n(closed, id, 'n') ? Math.round((n(closed, id, 'onTime') / n(closed, id, 'n')) * 10000) / 10000 : null,
        closedVerified: n(closed, id, 'verified'),
        overdue: n(overdue, id, 'n'),
        returns: n(returns, id, 'n'),
        reworks: n(work, id, 'reworks'),
        resolved: n(work, id, 'resolved'),
        medianHandlingHours: median(id),
        feedbackTotal: n(verdicts, id, 'total'),
        feedbackSatisfied: n(verdicts, id, 'satisfied'),
      })),
      dispatch: [...dispatch].map(([id, gs]) => [id, tallyGroups(gs)] as [number, DispatchTally]).sort((a, b) => a[0] - b[0]),
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
    // After every single move the kept roll-up equals a recount of the cases, their events, evidence and verdicts.
    for (let round = 0; round < 5; round++)
      for (const id of ids) {
        const before = (await t.db.getRepository(Case).findOneByOrFail({ id })).status;
        await step(id, rnd);
        const [kept, recounted] = [await rollUp(), await recount()];
        const after = (await t.db.getRepository(Case).findOneByOrFail({ id })).status;
        expect({ move: `case ${id}: ${before} → ${after}`, rows: kept }).toEqual({
          move: `case ${id}: ${before} → ${after}`,
          rows: recounted,
        });
      }

    // Concurrent writes to many cases counted in the same roll-up rows (same day, department, grid, category).
    const batch: number[] = [];
    for (let i = 0; i < 10; i++) batch.push((await newCase('accepted', w.gridAId)).id);
    await Promise.all(batch.map((id) => dispatch(id, w.deptA)));
    await Promise.all(batch.map((id) => move(id, 'claim')));
    // Three of them due 30 hours ago and resolved since: overdue on their deadline's day although resolved.
    await Promise.all(batch.slice(0, 3).map((id) => setDeadline(id, at(30))));
    await Promise.all(
      batch.map((id, i) => move(id, 'resolve', { resolvedAt: at(i * 3) }, undefined, withEvidence('resolve', i % 2 === 0))),
    );
    // Races on one case: one move passes the version check, the loser's transaction leaves nothing behind.
    for (const id of batch.slice(0, 4)) {
      const c = await t.db.getRepository(Case).findOneByOrFail({ id });
      const raced = await Promise.allSettled([
        move(id, 'verify_pass', { closedAt: at(1) }, c.version, withEvidence('verify', true)),
        move(id, 'verify_fail', { resolvedAt: null }, c.version),
      ]);
      expect(raced.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    }
    // Verdicts on the closed ones at once, and more closures at once.
    const closedNow = (await t.db.getRepository(Case).findBy({ status: 'closed' })).filter((c) => batch.includes(c.id));
    await Promise.all(closedNow.map((c, i) => feedback(c, i % 2 === 0)));
    const resolvedNow = (await t.db.getRepository(Case).findBy({ status: 'resolved' })).filter((c) => batch.includes(c.id));
    await Promise.all(
      resolvedNow.map((c, i) => move(c.id, 'verify_pass', { closedAt: at(2) }, undefined, withEvidence('verify', i % 2 === 1))),
    );

    // The mix reached every figure the roll-up keeps.
    const rows = await t.db.getRepository(Case).find();
    expect(rows.some((c) => c.status === 'closed')).toBe(true);
    expect(rows.some((c) => c.status === 'rejected')).toBe(true);
    expect(rows.some((c) => ['dispatched', 'in_progress'].includes(c.status) && c.deadline && c.deadline < now)).toBe(true);
    expect(rows.some((c) => c.resolvedAt && c.deadline && c.resolvedAt > c.deadline)).toBe(true);
    expect(rows.filter((c) => c.resolvedAt && c.departmentId === w.deptA).length).toBeGreaterThan(3);
    expect(rows.some((c) => c.returnCount > 0 && c.dispatchCount > 1)).toBe(true);
    expect(rows.some((c) => c.suggestionTaken)).toBe(true);
    const [{ verified }] = await t.db.query("SELECT COUNT(*) AS verified FROM case_evidence WHERE verified = 1 AND purpose = 'verify'");
    expect(Number(verified)).toBeGreaterThan(0);
    const [{ unsatisfied }] = await t.db.query('SELECT COUNT(*) AS unsatisfied FROM report_feedback WHERE satisfied = 0');
    expect(Number(unsatisfied)).toBeGreaterThan(0);

    expect(await rollUp()).toEqual(await recount());
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

  /** The roll-up's rows as the rebuild would count them now (without writing them), in rollUp's form. */
  async function recount(): Promise<string[]> {
    const { sql, parts } = countedContributions(String(t.db.options.type), (col) => `${col} >= ? AND ${col} <= ?`);
    const rows: Record<string, unknown>[] = await t.db.query(sql, Array.from({ length: parts }, () => [1, 1_000_000_000]).flat());
    return rows.map((r) => [r.figure, r.day, r.departmentId, r.gridId, r.categoryCode, r.bucket, r.k].map(String).join('|')).sort();
  }

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
