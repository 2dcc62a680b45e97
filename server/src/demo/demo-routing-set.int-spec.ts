import { CATEGORY_CATALOGUE, type RoutingSuggestionDto } from '@sansui/shared';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AreasService } from '../areas/areas.service';
import { seedCategoryCatalogue } from '../categories/categories.service';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Transactions } from '../database/transactions';
import { Department } from '../departments/department.entity';
import { RoutingService } from '../routing/routing.service';
import { caseDispatchOutcome, rates, tally, type DispatchTimeline } from '../stats/dispatch-quality';
import { startTestApp, type TestApp } from '../testing/test-app';
import { UsersService } from '../users/users.service';
import { DEMO_DEPARTMENTS, DEMO_RULES, DEMO_ZONES } from './demo-city';
import { DemoPlacesSeed } from './demo-places.seed';
import { DemoSeedRegistry } from './demo-seed.registry';

/** One labelled report of the demo city (routing-set/demo-routing-set.json, docs/places.md "The labelled routing set"). */
interface LabelledCase {
  id: string;
  category: string;
  description: string;
  place: string;
  lat: number;
  lng: number;
  where: string;
  /** Code of the department that must receive the report. */
  expect: string;
  /** How the city's rules reach it: rule | zone | street | district | city, and /border, /near-zone, /outside-zone. */
  branch: string;
}

const SET: LabelledCase[] = JSON.parse(readFileSync(join(__dirname, 'routing-set', 'demo-routing-set.json'), 'utf8'));

/** The decision step of routing-decision.ts each labelled branch must come from. */
const STEP: Record<string, RoutingSuggestionDto['rule']> = {
  rule: 'rule',
  zone: 'zone',
  street: 'area',
  district: 'area',
  city: 'fallback',
};

/** The goals (issue 13, docs/domain.md §17): the national 12345 platforms reach ~75 % and up to 3. */
const GOAL = { firstTimeRightRate: 0.95, handoffsPerCase: 1.1 };

/**
 * The labelled routing set (issue 13): every report goes through the real routing suggestion on the demo
 * city's places, departments, zones and rules as the demo seed writes them. A report counts as dispatched
 * to the suggestion; a miss is returned and re-dispatched to the labelled department, and the figures
 * come from the same functions as GET /stats/dispatch-quality.
 */
describe('the labelled routing set of the demo city', () => {
  let t: TestApp;
  let routing: RoutingService;
  let deptByCode: Map<string, Department>;

  beforeAll(async () => {
    t = await startTestApp();
    const registry = new DemoSeedRegistry();
    new DemoPlacesSeed(registry, t.app.get(Transactions), t.app.get(UsersService), t.app.get<AppConfig>(APP_CONFIG)).onModuleInit();
    for (const step of registry.ordered().filter((s) => s.order < 20)) await step.run(t.db.manager);
    await seedCategoryCatalogue(t.db.manager);
    routing = t.app.get(RoutingService);
    deptByCode = new Map((await t.db.getRepository(Department).find()).map((d) => [d.code, d]));
  }, 120_000);
  afterAll(() => t?.close());

  it('holds at least 300 reports in the service area, over every category, department, zone and rule of the demo city', async () => {
    expect(SET.length).toBeGreaterThanOrEqual(300);
    expect(new Set(SET.map((c) => c.id)).size).toBe(SET.length);
    const areas = t.app.get(AreasService);
    const outside: string[] = [];
    for (const c of SET) if (!(await areas.locateGrid(c.lat, c.lng))) outside.push(c.id);
    expect(outside).toEqual([]);
    expect(new Set(SET.map((c) => c.category))).toEqual(new Set(CATEGORY_CATALOGUE.map((c) => c.code)));
    expect(new Set(SET.map((c) => c.expect))).toEqual(new Set(DEMO_DEPARTMENTS.map((d) => d.code)));
    const branches = new Set(SET.map((c) => c.branch));
    for (const b of [
      'rule',
      'zone',
      'street',
      'district',
      'city',
      'district/border',
      'street/border',
      'district/near-zone',
      'street/near-zone',
    ])
      expect(branches).toContain(b);
    for (const z of DEMO_ZONES) expect(SET.some((c) => c.branch === 'zone' && c.where.includes(z.name))).toBe(true);
    for (const r of DEMO_RULES)
      expect(SET.some((c) => c.branch.startsWith('rule') && c.category === r.categoryCode && c.expect === r.departmentCode)).toBe(true);
  });

  it('suggests the labelled department for every report, by the labelled branch, above the first-time-right and hand-off goals', async () => {
    const misses: string[] = [];
    const wrongStep: string[] = [];
    const timelines: DispatchTimeline[] = [];
    const at = new Date('2026-12-01T02:00:00Z');
    for (const [i, c] of SET.entries()) {
      const s = await routing.suggest({ categoryCode: c.category, lat: c.lat, lng: c.lng });
      const want = deptByCode.get(c.expect)!;
      const events: DispatchTimeline['events'] = [{ action: 'dispatch', departmentId: s.departmentId, suggested: true, at }];
      if (s.departmentId !== want.id) {
        misses.push(
          `${c.id} ${c.category} @ ${c.place} (${c.where}): wants ${want.name}, got ${s.departmentName ?? '—'} — ${s.explanation}`,
        );
        events.push(
          { action: 'return', departmentId: s.departmentId, suggested: false, at },
          { action: 'dispatch', departmentId: want.id, suggested: false, at },
        );
      } else if (s.rule !== STEP[c.branch.split('/')[0]])
        wrongStep.push(`${c.id}: labelled ${c.branch}, routed by ${s.rule} — ${s.explanation}`);
      // A suggestion of no department counts as a hand-off too: the dispatcher picks the department by hand.
      if (s.departmentId === null) events.shift();
      timelines.push({ caseId: i + 1, categoryCode: c.category, events });
    }
    const outcomes = timelines.map(caseDispatchOutcome).filter((o) => o !== null);
    const figures = rates(tally(outcomes));
    const byBranch = new Map<string, { n: number; right: number }>();
    for (const [i, c] of SET.entries()) {
      const b = byBranch.get(c.branch) ?? { n: 0, right: 0 };
      b.n++;
      if (outcomes.find((o) => o.caseId === i + 1)?.firstTimeRight) b.right++;
      byBranch.set(c.branch, b);
    }
    // eslint-disable-next-line no-console -- the figures of the run and every miss, as the issue asks
    console.log(
      [
        `labelled routing set: ${SET.length} reports, first-time-right ${figures.firstTimeRight}/${figures.dispatched} = ${((figures.firstTimeRightRate ?? 0) * 100).toFixed(1)} %, hand-offs per case ${figures.handoffsPerCase}`,
        ...[...byBranch].map(([b, v]) => `  ${b.padEnd(20)} ${v.right}/${v.n}`),
        ...(misses.length ? ['misses:', ...misses.map((m) => `  ${m}`)] : []),
        ...(wrongStep.length ? ['right department by another step:', ...wrongStep.map((m) => `  ${m}`)] : []),
      ].join('\n'),
    );
    expect(misses).toEqual([]);
    expect(wrongStep).toEqual([]);
    expect(figures.dispatched).toBe(SET.length);
    expect(figures.firstTimeRightRate).toBeGreaterThanOrEqual(GOAL.firstTimeRightRate);
    expect(figures.handoffsPerCase).toBeLessThanOrEqual(GOAL.handoffsPerCase);
  }, 120_000);
});
