import { CASE_STATUSES, chinaDay, type CaseStatus } from '@sansui/shared';
import { Area } from '../areas/area.entity';
import { Department } from '../departments/department.entity';
import { startTestApp, type TestApp } from '../testing/test-app';
import { CaseFiguresRepository, type ByDepartment } from './case-figures.repository';
import { caseDispatchOutcome, type CaseDispatchOutcome } from '../stats/dispatch-quality';
import { DispatchOutcomeRepository, rebuildDispatchOutcomes } from './dispatch-outcome.repository';
import { sqlTime } from './case-sql';

/**
 * The KPI read model's SQL (covering indexes, hour buckets folded into UTC+8 days, counted-then-named grids) against
 * a plain recount in JS of the same random case histories: every figure must be equal, for the whole city and for
 * one department. The histories are random (seeded) so day boundaries, nulls and statuses mix in ways the crafted
 * cases of kpis.int-spec do not.
 */
describe('case figures equal a recount of random case histories', () => {
  let t: TestApp;
  let figures: CaseFiguresRepository;
  let deps: number[];
  let grids: number[];
  const cases: Row[] = [];
  const events: EventRow[] = [];
  const evidence: { caseId: number; purpose: 'resolve' | 'verify'; verified: boolean; current: boolean; id: number }[] = [];
  const from = new Date('2026-10-31T16:00:00Z'); // 2026-11-01 in UTC+8
  const to = new Date('2026-11-30T16:00:00Z');
  const now = new Date('2026-11-20T10:00:00Z');

  beforeAll(async () => {
    t = await startTestApp();
    figures = t.app.get(CaseFiguresRepository);
    const d = t.db.getRepository(Department);
    deps = (
      await d.save(
        ['a', 'b', 'c'].map((x) =>
          d.create({ code: `fig-${x}`, name: `部门${x}`, type: 'sanitation', areaId: null, contactPhone: null, active: true }),
        ),
      )
    ).map((x) => x.id);
    const a = t.db.getRepository(Area);
    grids = (
      await a.save([1, 2, 3].map((i) => a.create({ code: `fig-g${i}`, name: `网格${i}`, level: 'grid', parentId: null, geometry: null })))
    ).map((x) => x.id);

    const rnd = mulberry32(20261205);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
    const maybe = <T>(p: number, v: () => T): T | null => (rnd() < p ? v() : null);
    // Whole minutes from 2026-10-25 to 2026-12-05 (UTC), so both ends of the period and UTC+8 midnights are crossed.
    const minute = (base: number, spanMin: number) => new Date(base + Math.floor(rnd() * spanMin) * 60_000);
    const start = Date.parse('2026-10-25T00:00:00Z');
    for (let id = 1; id <= 400; id++) {
      const createdAt = minute(start, 41 * 1440);
      const dispatchedAt = maybe(0.8, () => minute(createdAt.getTime(), 600));
      const deadline = dispatchedAt && rnd() < 0.9 ? minute(dispatchedAt.getTime(), 3 * 1440) : null;
      const resolvedAt = dispatchedAt ? maybe(0.6, () => minute(dispatchedAt.getTime(), 4 * 1440)) : null;
      const status: CaseStatus = pick(CASE_STATUSES);
      const closedAt = status === 'closed' || rnd() < 0.05 ? minute((resolvedAt ?? createdAt).getTime(), 1440) : null;
      cases.push({
        id,
        status,
        categoryCode: pick(['exposed_garbage', 'road_damage', 'piling']),
        departmentId: maybe(0.85, () => pick(deps)),
        gridId: maybe(0.8, () => pick(grids)),
        createdAt,
        dispatchedAt,
        deadline,
        resolvedAt,
        closedAt,
      });
      for (let k = Math.floor(rnd() * 5); k > 0; k--)
        events.push({
          caseId: id,
          action: pick(['dispatch', 'dispatch', 'return', 'resolve', 'verify_fail', 'reopen', 'note'] as const),
          at: minute(createdAt.getTime(), 5 * 1440),
          departmentId: maybe(0.9, () => pick(deps)),
          suggested: rnd() < 0.5,
        });
    }
    await insertAll(
      t,
      'cases',
      [
        'id',
        'status',
        'kind',
        'source',
        'categoryCode',
        'departmentId',
        'gridId',
        'lat',
        'lng',
        'cellKey',
        'primaryReportId',
        'slaHours',
        'dispatchedAt',
        'deadline',
        'resolvedAt',
        'closedAt',
        'flagged',
        'version',
        'createdAt',
        'updatedAt',
      ],
      cases.map((c) => [
        c.id,
        c.status,
        'snap',
        'miniapp',
        c.categoryCode,
        c.departmentId,
        c.gridId,
        30.2,
        120.1,
        'wtmkn0x',
        800_000 + c.id,
        4,
        time(c.dispatchedAt),
        time(c.deadline),
        time(c.resolvedAt),
        time(c.closedAt),
        0,
        1,
        time(c.createdAt),
        time(c.createdAt),
      ]),
    );
    await insertAll(
      t,
      'case_events',
      ['caseId', 'action', 'createdAt', 'data'],
      events.map((e) => [
        e.caseId,
        e.action,
        time(e.at),
        e.departmentId === null ? null : JSON.stringify({ departmentId: e.departmentId, suggested: e.suggested }),
      ]),
    );
    // Evidence of some closed cases: the current one verified or not, sometimes an on-site verification before or after it.
    let evId = 0;
    for (const c of cases.filter((x) => x.closedAt && rnd() < 0.7)) {
      const rows = [
        ...(rnd() < 0.3 ? [{ purpose: 'verify' as const, verified: rnd() < 0.5, current: false }] : []),
        { purpose: 'resolve' as const, verified: rnd() < 0.5, current: true },
        ...(rnd() < 0.3 ? [{ purpose: 'verify' as const, verified: rnd() < 0.5, current: false }] : []),
      ];
      for (const r of rows) evidence.push({ caseId: c.id, ...r, id: ++evId });
    }
    await insertAll(
      t,
      'case_evidence',
      ['id', 'caseId', 'purpose', 'reportId', 'verified', 'current', 'checks', 'photoIds', 'actorUserId'],
      evidence.map((e) => [e.id, e.caseId, e.purpose, null, e.verified ? 1 : 0, e.current ? 1 : 0, '[]', '[]', null]),
    );
    // The events were written directly: the rebuild command's recount fills the dispatch outcome the cases keep.
    await rebuildDispatchOutcomes(t.db, String(t.db.options.type), { batch: 150 });
  }, 120_000);
  afterAll(() => t.close());

  const inPeriod = (d: Date | null) => d !== null && d >= from && d < to;
  const scopes: [string, () => number | undefined][] = [
    ['the whole city', () => undefined],
    ['one department', () => deps[1]],
  ];

  it.each(scopes)('daily reported, closed and overdue by UTC+8 day (%s)', async (_l, dep) => {
    const scoped = cases.filter((c) => dep() === undefined || c.departmentId === dep());
    const byDay = (xs: Row[], at: (c: Row) => Date | null) => count(xs.filter((c) => inPeriod(at(c))).map((c) => chinaDay(at(c)!)));
    const got = await figures.daily({ from, to, departmentId: dep() }, now);
    expect(sorted(got.reported)).toEqual(sorted(byDay(scoped, (c) => c.createdAt)));
    expect(sorted(got.closed)).toEqual(
      sorted(
        byDay(
          scoped.filter((c) => c.status === 'closed'),
          (c) => c.closedAt,
        ),
      ),
    );
    const overdue = scoped.filter(
      (c) => c.deadline && c.deadline < now && (!c.resolvedAt || c.resolvedAt > c.deadline) && !['rejected', 'merged'].includes(c.status),
    );
    expect(sorted(got.overdue)).toEqual(sorted(byDay(overdue, (c) => c.deadline)));
    expect(got.reported.size).toBeGreaterThan(20);
  });

  it.each(scopes)('cases per grid and category, without rejected ones (%s)', async (_l, dep) => {
    for (const categoryCode of [undefined, 'road_damage']) {
      const expected = count(
        cases
          .filter((c) => inPeriod(c.createdAt) && c.status !== 'rejected')
          .filter((c) => (dep() === undefined || c.departmentId === dep()) && (!categoryCode || c.categoryCode === categoryCode))
          .map((c) => `${c.gridId}|${c.gridId === null ? null : `网格${grids.indexOf(c.gridId) + 1}`}|${c.categoryCode}`),
      );
      const got = await figures.byGridAndCategory({ from, to, departmentId: dep(), categoryCode });
      expect(sorted(new Map(got.map((g) => [`${g.gridId}|${g.gridName}|${g.categoryCode}`, g.count])))).toEqual(sorted(expected));
      expect(got.map((g) => g.count)).toEqual([...got.map((g) => g.count)].sort((x, y) => y - x));
    }
  });

  it.each(scopes)('department figures: closed, on time, verified, overdue, received, work, handling minutes (%s)', async (_l, dep) => {
    const q = { from, to, departmentId: dep() };
    const mine = (d: number | null) => d !== null && (dep() === undefined || d === dep());
    const closedCases = cases.filter((c) => c.status === 'closed' && inPeriod(c.closedAt) && mine(c.departmentId));
    const verified = (c: Row) => {
      const evs = evidence.filter((e) => e.caseId === c.id);
      const current = evs.find((e) => e.current);
      return (current?.verified ?? false) || evs.some((e) => e.purpose === 'verify' && e.verified && e.id > (current?.id ?? 0));
    };
    expect(plain(await figures.closed(q), ['n', 'onTime', 'verified'])).toEqual(
      perDep(closedCases, (c) => c.departmentId!, {
        n: () => 1,
        onTime: (c) => (c.deadline && c.closedAt! <= c.deadline ? 1 : 0),
        verified: (c) => (verified(c) ? 1 : 0),
      }),
    );
    const running = cases.filter(
      (c) => ['dispatched', 'in_progress'].includes(c.status) && c.deadline && c.deadline < now && mine(c.departmentId),
    );
    expect(plain(await figures.overdue(q, now), ['n'])).toEqual(perDep(running, (c) => c.departmentId!, { n: () => 1 }));

    const dispatches = events.filter((e) => e.action === 'dispatch' && inPeriod(e.at) && mine(e.departmentId));
    expect(plain(await figures.received(q), ['n'])).toEqual(perDep(dispatches, (e) => e.departmentId!, { n: () => 1 }));

    const caseOf = new Map(cases.map((c) => [c.id, c]));
    const work = events.filter(
      (e) => ['resolve', 'verify_fail', 'reopen'].includes(e.action) && inPeriod(e.at) && mine(caseOf.get(e.caseId)!.departmentId),
    );
    expect(plain(await figures.work(q), ['resolved', 'reworks'])).toEqual(
      perDep(work, (e) => caseOf.get(e.caseId)!.departmentId!, {
        resolved: (e) => (e.action === 'resolve' ? 1 : 0),
        reworks: (e) => (e.action === 'resolve' ? 0 : 1),
      }),
    );

    // Handling time as the KPIs read it: cases resolved in the period, per department and whole minutes dispatched → resolved.
    const minutes = new Map<string, number>();
    for (const c of cases.filter(
      (x) => inPeriod(x.resolvedAt) && x.dispatchedAt && x.resolvedAt! >= x.dispatchedAt && mine(x.departmentId),
    )) {
      const key = `${c.departmentId}|${Math.floor((c.resolvedAt!.getTime() - c.dispatchedAt!.getTime()) / 60_000)}`;
      minutes.set(key, (minutes.get(key) ?? 0) + 1);
    }
    const handled = (await figures.handlingMinutes(q)).map(([d, m, n]) => [`${d}|${m}`, n] as const);
    expect(new Map(handled)).toEqual(minutes);
    expect(handled.length).toBeGreaterThan(0);
  });

  it.each(scopes)('dispatch quality of the cases first dispatched in the period, after the rebuild (%s)', async (_l, dep) => {
    // The recount: each case's dispatch and return events in time order (a tie goes to the earlier insert), the rule of
    // stats/dispatch-quality.ts applied to them, kept when the first dispatch falls in the period and names dep.
    const outcomes = recountOutcomes(cases, events).filter(
      (o) => inPeriod(o.firstDispatchedAt) && (dep() === undefined || o.firstDepartmentId === dep()),
    );
    const expected = new Map<string, number[]>();
    for (const o of outcomes) {
      const key = `${o.firstDepartmentId}|${o.categoryCode}`;
      const sums = expected.get(key) ?? [0, 0, 0, 0];
      expected.set(key, [sums[0] + 1, sums[1] + (o.firstTimeRight ? 1 : 0), sums[2] + o.dispatches, sums[3] + (o.suggestionTaken ? 1 : 0)]);
    }
    const repo = t.app.get(DispatchOutcomeRepository);
    const got = await repo.groups({ from, to, departmentId: dep() });
    expect(
      new Map(got.map((g) => [`${g.departmentId}|${g.categoryCode}`, [g.dispatched, g.firstTimeRight, g.dispatches, g.suggestionTaken]])),
    ).toEqual(expected);
    const wrong = outcomes.filter((o) => !o.firstTimeRight).sort((a, b) => b.caseId - a.caseId);
    expect(await repo.wrong({ from, to, departmentId: dep() }, 7)).toEqual(
      wrong.slice(0, 7).map((o) => ({
        caseId: o.caseId,
        categoryCode: o.categoryCode,
        firstDepartmentId: o.firstDepartmentId,
        dispatches: o.dispatches,
        returns: o.returns,
      })),
    );
    expect(outcomes.length).toBeGreaterThan(dep() === undefined ? 40 : 10);
    expect(wrong.length).toBeGreaterThan(7);
  });
});

/**
 * The dispatch outcome of every case with a dispatch naming a department, recounted in JS from the events: time order,
 * then insertion order (the events' ids follow the array).
 */
function recountOutcomes(cases: Row[], events: EventRow[]): (CaseDispatchOutcome & { firstDispatchedAt: Date })[] {
  const byCase = new Map<number, { e: EventRow; i: number }[]>();
  events.forEach((e, i) => byCase.set(e.caseId, [...(byCase.get(e.caseId) ?? []), { e, i }]));
  const out: (CaseDispatchOutcome & { firstDispatchedAt: Date })[] = [];
  for (const [caseId, es] of byCase) {
    const timeline = es
      .filter(({ e }) => e.action === 'dispatch' || e.action === 'return')
      .sort((a, b) => a.e.at.getTime() - b.e.at.getTime() || a.i - b.i)
      .map(({ e }) => ({ action: e.action as 'dispatch' | 'return', departmentId: e.departmentId, suggested: e.suggested, at: e.at }));
    const o = caseDispatchOutcome({ caseId, categoryCode: cases[caseId - 1].categoryCode, events: timeline });
    if (o) out.push({ ...o, firstDispatchedAt: timeline.find((e) => e.action === 'dispatch')!.at });
  }
  return out;
}

interface Row {
  id: number;
  status: CaseStatus;
  categoryCode: string;
  departmentId: number | null;
  gridId: number | null;
  createdAt: Date;
  dispatchedAt: Date | null;
  deadline: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
}
interface EventRow {
  caseId: number;
  action: 'dispatch' | 'return' | 'resolve' | 'verify_fail' | 'reopen' | 'note';
  at: Date;
  departmentId: number | null;
  suggested: boolean;
}

const time = (d: Date | null) => (d ? sqlTime(d) : null);

async function insertAll(t: TestApp, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  for (let i = 0; i < rows.length; i += 100) {
    const chunk = rows.slice(i, i + 100);
    await t.db.query(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${chunk.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ')}`,
      chunk.flat(),
    );
  }
}

function count(keys: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return m;
}

const sorted = (m: Map<string, number>) => [...m.entries()].sort(([a], [b]) => a.localeCompare(b));

/** A repository result as { departmentId: { key: number } } (drivers give numbers or strings). */
function plain(m: ByDepartment, keys: string[]): Record<number, Record<string, number>> {
  const out: Record<number, Record<string, number>> = {};
  for (const [d, r] of m) out[d] = Object.fromEntries(keys.map((k) => [k, Number(r[k] ?? 0)]));
  return out;
}

function perDep<T>(xs: T[], dep: (x: T) => number, sums: Record<string, (x: T) => number>): Record<number, Record<string, number>> {
  const out: Record<number, Record<string, number>> = {};
  for (const x of xs) {
    const r = (out[dep(x)] ??= Object.fromEntries(Object.keys(sums).map((k) => [k, 0])));
    for (const [k, f] of Object.entries(sums)) r[k] += f(x);
  }
  return out;
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
