import { CATEGORY_CATALOGUE } from '@sansui/shared';
import bcrypt from 'bcryptjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Area } from '../areas/area.entity';
import { AreasService } from '../areas/areas.service';
import { ResponsibilityZone } from '../areas/responsibility-zone.entity';
import { Category } from '../categories/category.entity';
import { Department } from '../departments/department.entity';
import { RoutingRule } from '../routing/routing-rule.entity';
import { RoutingService } from '../routing/routing.service';
import { startTestApp, type TestApp } from '../testing/test-app';
import { createMysqlTestDatabase, testDatabaseKind } from '../testing/test-database';
import { User } from '../users/user.entity';
import { EvaluationMonthResult } from '../evaluation/evaluation-month-result.entity';
import { InspectionFinding } from '../evaluation/inspection-finding.entity';
import { InspectionRound } from '../evaluation/inspection-round.entity';
import { SupervisionNotice } from '../evaluation/supervision-notice.entity';
import { centreOf, DEMO_DEPARTMENTS, DEMO_PASSWORD, demoAreas, demoStaff } from './demo-city';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Transactions } from '../database/transactions';
import { UsersService } from '../users/users.service';
import { NoticesService } from '../notifications/notices.service';
import { OutboxService } from '../notifications/outbox.service';
import { DemoMarker } from './demo-marker.entity';
import { DemoPlacesSeed } from './demo-places.seed';
import { DemoSeedRegistry } from './demo-seed.registry';
import { DemoSeeder } from './demo-seeder';
import { chinaDay } from '@sansui/shared';
import { Case } from '../cases/case.entity';
import { Report } from '../reports/report.entity';
import { simulatedPlace } from '../geo/simulator/simulated-place';
import { IsNull } from 'typeorm';
import { PayoutBatch } from '../payouts/payout-batch.entity';
import { Reward } from '../rewards/reward.entity';
import { Campaign } from '../rewards/campaign.entity';
import { LedgerEntry } from '../ledger/ledger-entry.entity';
import { DEMO_SCENE_SEEDS } from '../reports/prepared-scenes';
import * as sceneImage from '../reports/scene-image';

/** Both boots use the same database: an SQLite file of our own, or a MariaDB database of our own. */
async function sharedDatabase(): Promise<{ env: Record<string, string>; drop: () => Promise<void> }> {
  if (testDatabaseKind() === 'mysql') {
    const db = await createMysqlTestDatabase();
    return { env: { DATABASE_URL: db.url }, drop: db.drop };
  }
  const dir = mkdtempSync(join(tmpdir(), 'sansui-demo-'));
  return { env: { SQLITE_PATH: join(dir, 'demo.sqlite') }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

async function counts(t: TestApp) {
  return {
    areas: await t.db.getRepository(Area).count(),
    departments: await t.db.getRepository(Department).count(),
    zones: await t.db.getRepository(ResponsibilityZone).count(),
    rules: await t.db.getRepository(RoutingRule).count(),
    categories: await t.db.getRepository(Category).count(),
    users: await t.db.getRepository(User).count(),
  };
}

describe('demo data (DEMO_DATA=true)', () => {
  let shared: { env: Record<string, string>; drop: () => Promise<void> };
  let t: TestApp;

  const drawn = new Set<number>();

  beforeAll(async () => {
    const draw = sceneImage.sceneJpeg;
    jest.spyOn(sceneImage, 'sceneJpeg').mockImplementation((seed, size) => (drawn.add(seed), draw(seed, size)));
    shared = await sharedDatabase();
    t = await startTestApp({ ...shared.env, DEMO_DATA: 'true' });
  }, 420_000);
  afterAll(async () => {
    await t?.close();
    await shared?.drop();
  });

  it('draws only pictures the build prepares (a first start would otherwise draw and encode them again)', () => {
    expect(drawn.size).toBeGreaterThan(50);
    expect([...drawn].filter((seed) => !DEMO_SCENE_SEEDS.includes(seed))).toEqual([]);
  });

  it('builds the city: 2 districts, 4 streets, 8 communities, 40 grids covering several km²', async () => {
    const areas = await t.db.getRepository(Area).find();
    const by = (level: string) => areas.filter((a) => a.level === level).length;
    expect([by('district'), by('street'), by('community'), by('grid')]).toEqual([2, 4, 8, 40]);
    const grids = await t.http().get('/api/v1/grids').expect(200);
    expect(grids.body.features).toHaveLength(40);
    const { areaM2 } = await import('../areas/geometry');
    const total = grids.body.features.reduce((s: number, f: { geometry: Parameters<typeof areaM2>[0] }) => s + areaM2(f.geometry), 0);
    expect(total / 1e6).toBeGreaterThan(3);
    expect(total / 1e6).toBeLessThan(20);
    // Every community is covered without gaps: its grids' areas add up to the community's rectangle.
    for (const community of areas.filter((a) => a.level === 'community')) {
      const own = areas.filter((a) => a.parentId === community.id);
      const sum = own.reduce((s, g) => s + areaM2(JSON.parse(g.geometry!)), 0);
      expect(Math.abs(sum - areaM2(JSON.parse(community.geometry!)))).toBeLessThan(1);
    }
  });

  it('seeds the evaluation screens: last month published with its results and a 督办通知, this month running', async () => {
    const rounds = await t.db.getRepository(InspectionRound).find({ order: { id: 'ASC' } });
    const now = new Date();
    const month = (back: number) => {
      const m = now.getUTCFullYear() * 12 + now.getUTCMonth() - back;
      return `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
    };
    expect(rounds.map((r) => [r.kind, r.month, r.status])).toEqual([
      ['covert', month(1), 'published'],
      ['open', month(1), 'published'],
      ['covert', month(0), 'draft'],
    ]);
    const findings = await t.db.getRepository(InspectionFinding).find();
    expect(findings.filter((f) => f.roundId === rounds[0].id && f.caseId !== null)).toHaveLength(5);
    expect(findings.filter((f) => f.roundId === rounds[2].id && f.caseId === null)).toHaveLength(2);
    expect(await t.db.getRepository(EvaluationMonthResult).existsBy({ month: month(1), scope: 0 })).toBe(true);
    expect(await t.db.getRepository(SupervisionNotice).countBy({ roundId: rounds[0].id })).toBeGreaterThan(0);
  });

  it('gives every demo case and report its address at once, the inspection cases too (no 地址解析中 after a first start)', async () => {
    expect(await t.db.getRepository(Case).countBy({ address: IsNull() })).toBe(0);
    expect(await t.db.getRepository(Report).countBy({ address: IsNull() })).toBe(0);
    const inspection = await t.db.getRepository(Case).findBy({ source: 'inspection' });
    expect(inspection).toHaveLength(8);
    for (const c of inspection) {
      const place = simulatedPlace(c.lat, c.lng)!;
      expect([c.address, c.landmark]).toEqual([place.address, place.landmark]);
    }
  });

  it('ships a 领导评价 for every district in the demo quarters, mixed in at 10 %', async () => {
    const { token } = (await t.http().post('/api/v1/auth/staff').send({ username: 'demo-admin', password: DEMO_PASSWORD }).expect(200))
      .body;
    const admin = { Authorization: `Bearer ${token}` };
    // China's quarter, as the seed picks it (a UTC month is the previous one for eight hours after China's month turns).
    const month = chinaDay(new Date()).slice(0, 7);
    const quarter = `${month.slice(0, 4)}-Q${Math.ceil(Number(month.slice(5)) / 3)}`;
    const q = (await t.http().get(`/api/v1/evaluations/quarter?quarter=${quarter}`).set(admin).expect(200)).body;
    expect(q.leaderWeight).toBe(0.1);
    expect(q.items.length).toBe(2);
    for (const item of q.items) expect(item.leader).toBeGreaterThan(800);
    const scored = q.items.find((i: { monthsMean: number | null }) => i.monthsMean !== null);
    if (scored) expect(scored.total).toBeCloseTo(scored.monthsMean * 0.9 + scored.leader * 0.1, 2);
  });

  it('seeds the §13 staff logins, all with the demo password, and they can log in', async () => {
    const usernames = demoStaff().map((s) => s.username);
    for (const name of ['demo-admin', 'demo-dispatcher', 'demo-dispatcher2', 'demo-auditor', 'demo-auditor2', 'demo-inspector'])
      expect(usernames).toContain(name);
    for (const d of DEMO_DEPARTMENTS) expect(usernames).toContain(`demo-handler-${d.code}`);
    const rows = await t.db
      .getRepository(User)
      .find({ where: { kind: 'staff' }, select: { id: true, username: true, passwordHash: true, roles: true, departmentId: true } });
    expect(rows.map((r) => r.username).sort()).toEqual(expect.arrayContaining(usernames));
    const dispatcher = rows.find((r) => r.username === 'demo-dispatcher')!;
    expect(await bcrypt.compare(DEMO_PASSWORD, dispatcher.passwordHash!)).toBe(true);
    const handler = rows.find((r) => r.username === 'demo-handler-sanitation-xihu')!;
    const dept = await t.db.getRepository(Department).findOneByOrFail({ code: 'sanitation-xihu' });
    expect(handler).toMatchObject({ roles: ['handler'], departmentId: dept.id });

    const login = await t.http().post('/api/v1/auth/staff').send({ username: 'demo-dispatcher', password: DEMO_PASSWORD });
    expect(login.status).toBe(200);
    expect(login.body.user.roles).toEqual(['dispatcher']);
    const wrong = await t.http().post('/api/v1/auth/staff').send({ username: 'demo-dispatcher', password: 'nope-nope-nope' });
    expect(wrong.status).toBe(401);
  });

  it('gives every demo staff member a WeCom UserID (their login name), so a notice to them shows up in the simulated WeCom', async () => {
    const rows = await t.db.getRepository(User).find({ where: { kind: 'staff' }, select: { id: true, username: true, wecomUserId: true } });
    for (const s of demoStaff()) expect(rows.find((r) => r.username === s.username)?.wecomUserId).toBe(s.username);
    const dispatcher = rows.find((r) => r.username === 'demo-dispatcher')!;
    await t.app
      .get(Transactions)
      .run((em) =>
        t.app.get(NoticesService).notifyStaff(em, { userId: dispatcher.id, kind: 'case_returned', title: '退单待处理', body: '演示推送' }),
      );
    const outbox = t.app.get(OutboxService);
    for (let i = 0; i < 10 && (await outbox.runOnce(new Date())).claimed > 0; i++);
    const sim = await t.http().get('/sim/wecom/_control/messages?touser=demo-dispatcher');
    expect(sim.body.items.map((m: { textcard: { title: string } }) => m.textcard.title)).toContain('退单待处理');
  });

  it('has a payout history that balances: paid batches weeks back, one paid on a second bill, one to claim again, one awaiting 确认收款, one awaiting approval', async () => {
    const { token } = (await t.http().post('/api/v1/auth/staff').send({ username: 'demo-auditor', password: DEMO_PASSWORD }).expect(200))
      .body;
    const auditor = { Authorization: `Bearer ${token}` };
    const day = 86_400_000;
    const batches = await t.db.getRepository(PayoutBatch).find({ order: { id: 'ASC' } });
    expect(batches.map((b) => b.status)).toEqual(['approved', 'approved', 'approved', 'approved', 'proposed']);
    const ages = batches.map((b) => Math.floor((Date.now() - b.createdAt.getTime()) / day));
    expect(ages.slice(0, 3).every((a, i) => a >= 1 && (i === 0 || a < ages[i - 1]))).toBe(true);
    expect(ages[0]).toBeGreaterThanOrEqual(14);
    const rewards = await t.db.getRepository(Reward).find();
    const paid = rewards.filter((r) => r.status === 'paid');
    expect(paid.length).toBeGreaterThanOrEqual(6);
    expect(paid.filter((r) => r.attempt === 2)).toHaveLength(1);
    expect(rewards.filter((r) => r.status === 'expired')).toHaveLength(1);
    expect(rewards.filter((r) => r.status === 'transferring' && r.billState === 'WAIT_USER_CONFIRM')).toHaveLength(1);
    expect(rewards.filter((r) => r.status === 'cleared' && r.batchId === null).length).toBeGreaterThanOrEqual(2);
    // Each paid reward stands on a case closed before its batch was proposed, and was paid after approval.
    for (const r of paid) {
      const c = await t.db.getRepository(Case).findOneByOrFail({ id: r.caseId });
      const b = batches.find((x) => x.id === r.batchId)!;
      expect(c.closedAt!.getTime()).toBeLessThan(b.createdAt.getTime());
      expect(r.paidAt!.getTime()).toBeGreaterThan(b.approvedAt!.getTime());
    }
    // The ledger reads in time order, as appends would have made it, each snapshot what remained after that entry.
    const ledger = await t.db.getRepository(LedgerEntry).find({ order: { id: 'ASC' } });
    expect(ledger.every((e, i) => i === 0 || e.createdAt.getTime() >= ledger[i - 1].createdAt.getTime())).toBe(true);
    const campaign = await t.db.getRepository(Campaign).findOneByOrFail({ id: ledger[0].campaignId });
    expect(ledger[ledger.length - 1].budgetRemainingFen).toBe(campaign.budgetFen - campaign.reservedFen);
    expect(ledger[0].budgetRemainingFen).toBe(campaign.budgetFen - ledger[0].amountFen);
    const paidFen = paid.reduce((s, r) => s + r.amountFen, 0);
    expect((await t.http().get('/api/v1/stats/campaign').expect(200)).body.rewardsPaidFen).toBe(paidFen);
    const check = (await t.http().get('/api/v1/ledger/reconciliation').set(auditor).expect(200)).body;
    expect(check.differences).toEqual([]);
    expect(check.campaigns[0].paidFen).toBe(paidFen);
    // WeChat Pay's statement of the oldest batch's pay day lists exactly those transfers.
    const payDay = chinaDay(paid.find((r) => r.batchId === batches[0].id)!.paidAt!);
    const statement = (await t.http().post(`/api/v1/ledger/statements/${payDay}/reconcile`).set(auditor).send({}).expect(200)).body;
    expect(statement).toMatchObject({ status: 'ok', differences: [] });
    expect(statement.outflowCount).toBeGreaterThan(0);
    expect((await t.http().get('/api/v1/audit/verify').set(auditor).expect(200)).body.ok).toBe(true);
    // The first demo resident sees paid red packets and one to claim.
    const login = await t.http().post('/api/v1/auth/wechat').send({ code: 'sim:demo-resident-1' }).expect(200);
    const mine = (
      await t
        .http()
        .get('/api/v1/rewards/mine')
        .set({ Authorization: `Bearer ${login.body.token}` })
        .expect(200)
    ).body;
    const statuses = (mine.items ?? mine).map((r: { status: string }) => r.status);
    expect(statuses).toContain('paid');
    expect(statuses).toContain('approved');
  });

  it('has the demo residents under their simulator names', async () => {
    const login = await t.http().post('/api/v1/auth/wechat').send({ code: 'sim:demo-resident-1' });
    expect(login.status).toBe(200);
    const residents = await t.db.getRepository(User).count({ where: { kind: 'resident' } });
    const again = await t.http().post('/api/v1/auth/wechat').send({ code: 'sim:demo-resident-1' });
    expect(again.body.user.id).toBe(login.body.user.id);
    expect(await t.db.getRepository(User).count({ where: { kind: 'resident' } })).toBe(residents);
  });

  it('locates every demo grid centre to that grid', async () => {
    const areas = t.app.get(AreasService);
    const ids = new Map((await t.db.getRepository(Area).find({ where: { level: 'grid' } })).map((g) => [g.code, g.id]));
    for (const g of demoAreas().filter((a) => a.level === 'grid')) {
      const c = centreOf(g.geometry);
      expect((await areas.locateGrid(c.lat, c.lng))?.id).toBe(ids.get(g.code));
    }
  });

  it('routes every category to an active department at the centre of every demo grid', async () => {
    const routing = t.app.get(RoutingService);
    const depts = new Map((await t.db.getRepository(Department).find()).map((d) => [d.id, d]));
    const grids = demoAreas().filter((a) => a.level === 'grid');
    const misses: string[] = [];
    for (const g of grids) {
      const c = centreOf(g.geometry);
      for (const cat of CATEGORY_CATALOGUE) {
        const s = await routing.suggest({ categoryCode: cat.code, lat: c.lat, lng: c.lng });
        if (s.departmentId === null || !depts.get(s.departmentId)?.active) misses.push(`${g.code}/${cat.code}: ${s.explanation}`);
      }
    }
    expect(misses).toEqual([]);
    // The explanation names the chain, as in docs/domain.md §6.
    const beishan = centreOf(grids.find((g) => g.code === 'xh-bs-sg-01')!.geometry);
    const s = await routing.suggest({ categoryCode: 'back_alley', lat: beishan.lat, lng: beishan.lng });
    expect(s).toMatchObject({
      rule: 'area',
      departmentName: '北山街道办事处',
      explanation: '按网格 曙光01网格 所属街道 北山街道 派遣至 北山街道办事处',
    });
  }, 120_000);

  it('a second boot on the same database keeps the first run’s data and adds nothing', async () => {
    // An admin change made after the first boot must survive the second.
    await t.db.getRepository(Category).update({ code: 'smoking' }, { slaHours: 99 });
    // … and so must a deletion: a re-run of the steps would bring the zone back.
    await t.db.getRepository(ResponsibilityZone).delete({ name: '浙大一院门前四包责任区' });
    const before = await counts(t);
    expect(before).toMatchObject({ areas: 54, zones: 4, categories: CATEGORY_CATALOGUE.length });
    await t.app.close();
    t = await startTestApp({ ...shared.env, DEMO_DATA: 'true' });
    expect(await counts(t)).toEqual(before);
    expect((await t.db.getRepository(Category).findOneByOrFail({ code: 'smoking' })).slaHours).toBe(99);
    expect(await t.app.get(DemoSeeder).seed()).toBe('skipped');
  }, 420_000);

  it('a marker left `running` by a process that died mid-seed is taken over after 10 minutes, a fresh one is not', async () => {
    const markers = t.db.getRepository(DemoMarker);
    // A seeder over this module's steps only (the demo reports step is slow and tested by its owner).
    const registry = new DemoSeedRegistry();
    new DemoPlacesSeed(registry, t.app.get(Transactions), t.app.get(UsersService), t.app.get<AppConfig>(APP_CONFIG)).onModuleInit();
    const seeder = new DemoSeeder(t.db, t.app.get<AppConfig>(APP_CONFIG), registry);
    const zones = await t.db.getRepository(ResponsibilityZone).count();
    await markers.update({ id: 1 }, { status: 'running', startedAt: new Date(Date.now() - 60_000), finishedAt: null });
    expect(await seeder.seed()).toBe('skipped');
    await markers.update({ id: 1 }, { startedAt: new Date(Date.now() - 3600_000) });
    expect(await seeder.seed()).toBe('seeded');
    // The steps are re-runnable: the deleted zone comes back, nothing is doubled.
    expect(await t.db.getRepository(ResponsibilityZone).count()).toBe(zones + 1);
    expect(await t.db.getRepository(Area).count()).toBe(54);
    expect(await t.db.getRepository(User).count({ where: { username: 'demo-dispatcher' } })).toBe(1);
    expect((await markers.findOneByOrFail({ id: 1 })).status).toBe('done');
  }, 420_000);
});
