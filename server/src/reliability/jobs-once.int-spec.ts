import { join } from 'node:path';
import { CaseEscalation } from '../cases/case-escalation.entity';
import { EscalationJob } from '../cases/escalation.job';
import { EscalationService } from '../cases/escalation.service';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Transactions } from '../database/transactions';
import { OutboxService } from '../notifications/outbox.service';
import { OutboxWorker } from '../notifications/outbox.worker';
import { StaffNotice } from '../notifications/staff-notice.entity';
import { ReconcileJob } from '../payouts/reconcile.job';
import { ClaimsService } from '../payouts/claims.service';
import { ImageCheckSweeper } from '../reports/image-check-sweeper.job';
import { Report } from '../reports/report.entity';
import { TriageService } from '../triage/triage.service';
import { loginResident } from '../testing/factories-auth';
import { insertCase, insertPhoto, seedCaseWorld, type CaseWorld } from '../testing/factories-cases';
import { startTestApp, type TestApp } from '../testing/test-app';
import { Photo } from '../uploads/photo.entity';
import { PhotoRetentionJob } from '../uploads/photo-retention.job';
import { PhotosService } from '../uploads/photos.service';
import { simOpenid } from '../wechat/simulator/simulator-rules';

const HOUR = 3600_000;
const TEMPLATE = 'sim-tmpl-case-progress';

/**
 * Scheduled jobs (@Interval / the reconcile timer) run in EVERY instance with JOBS_ENABLED, so two instances
 * fire the same job at the same moment. Two whole apps on one database, jobs enabled in both, each job's
 * tick() called in both at once several times: every piece of work is done once. Each job's own spec covers
 * its rules; this one covers "two processes, two connection pools, two `running` flags".
 * MariaDB/MySQL only: several instances need it (on one SQLite file a second writer gets SQLITE_BUSY).
 */
const run = process.env.TEST_DB === 'mysql' ? describe : describe.skip;

run('scheduled jobs run once across two instances on one database', () => {
  let a: TestApp;
  let b: TestApp;
  let w: CaseWorld;
  const both = <T>(cls: abstract new (...args: never[]) => T): [T, T] => [a.app.get(cls), b.app.get(cls)];
  /** Calls tick() of both instances' job at once, `rounds` times. */
  const tickBoth = async (job: { tick: () => Promise<unknown> }[], rounds = 3) => {
    for (let i = 0; i < rounds; i++) await Promise.all(job.map((j) => j.tick()));
  };
  /** Every value a spied service method resolved to, in both instances. */
  const resolved = async <T>(spies: jest.SpyInstance[]): Promise<T[]> =>
    Promise.all(spies.flatMap((s) => s.mock.results.map((r) => r.value as Promise<T>)));

  beforeAll(async () => {
    a = await startTestApp({ JOBS_ENABLED: 'true' });
    const db = a.app.get<AppConfig>(APP_CONFIG).database;
    b = await startTestApp({
      JOBS_ENABLED: 'true',
      ...(db.type === 'mysql' ? { DATABASE_URL: db.url } : { SQLITE_PATH: join(a.dataDir, 'sansui.sqlite') }),
    });
    w = await seedCaseWorld(a);
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await b?.close();
    await a?.close();
  });

  it('escalation: each step of an overdue case is recorded and notified once', async () => {
    const dispatchedAt = new Date(Date.now() - 10 * HOUR); // 4 h SLA: reminder, overdue and circular are all due
    const cases = await Promise.all(
      [1, 2, 3].map(() =>
        insertCase(a, {
          status: 'dispatched',
          departmentId: w.deptA,
          reporterId: w.resident.user.id,
          slaHours: 4,
          dispatchedAt,
          deadline: new Date(dispatchedAt.getTime() + 4 * HOUR),
        }),
      ),
    );
    const spies = both(EscalationService).map((s) => jest.spyOn(s, 'runOnce'));
    await tickBoth(both(EscalationJob));
    const fired = (await resolved<Awaited<ReturnType<EscalationService['runOnce']>>>(spies)).flatMap((r) => r.fired);
    const ids = cases.map((c) => c.id);
    const mine = fired.filter((f) => ids.includes(f.caseId));
    expect(mine).toHaveLength(9);
    expect(new Set(mine.map((f) => `${f.caseId}:${f.step}`)).size).toBe(9);
    for (const c of cases) {
      const steps = await a.db.getRepository(CaseEscalation).find({ where: { caseId: c.id } });
      expect(steps.map((s) => s.step).sort()).toEqual(['circular', 'overdue', 'reminder']);
      const notices = await a.db.getRepository(StaffNotice).find({ where: { caseId: c.id } });
      expect(notices.filter((n) => n.kind === 'case_reminder')).toHaveLength(1);
      expect(notices.filter((n) => n.kind === 'case_overdue')).toHaveLength(1);
    }
  });

  it('outbox: each message reaches WeChat once, whichever instance sends it', async () => {
    const name = 'jobs-once-olga';
    const r = await loginResident(a, name);
    for (let i = 0; i < 5; i++) {
      // WeChat's side of the grant in both instances' simulators; ours once per message.
      for (const t of [a, b])
        await t
          .http()
          .post('/sim/wechat/_control/subscribe')
          .send({ name, templateIds: [TEMPLATE] });
      const res = await a
        .http()
        .post('/api/v1/subscriptions')
        .set('Authorization', `Bearer ${r.token}`)
        .send({ templateIds: [TEMPLATE] });
      expect(res.status).toBe(200);
    }
    const outbox = a.app.get(OutboxService);
    await a.app.get(Transactions).run(async (em) => {
      for (let i = 0; i < 5; i++)
        await outbox.enqueue(em, {
          userId: r.user.id,
          templateKey: 'case_progress',
          data: { category: '暴露垃圾', status: '已受理', time: new Date('2026-11-23T02:00:00Z'), note: `第${i}条` },
          page: `pkg-mine/detail/index?id=${i}`,
        });
    });
    await tickBoth(both(OutboxWorker));
    const openid = simOpenid('wx-sim-appid', name);
    const sent = [];
    for (const t of [a, b]) sent.push(...(await t.http().get(`/sim/wechat/_control/messages?openid=${openid}`)).body.items);
    expect(sent.map((m: { page: string }) => m.page).sort()).toEqual([0, 1, 2, 3, 4].map((i) => `pkg-mine/detail/index?id=${i}`));
  });

  it('image-check sweeper: a photo whose check was never sent is sent once', async () => {
    const photos = await Promise.all([1, 2, 3, 4].map(() => insertPhoto(a, w.resident.user.id)));
    const c = await insertCase(a, { status: 'submitted', reporterId: w.resident.user.id });
    await a.db.getRepository(Report).update({ id: c.primaryReportId }, { createdAt: new Date(Date.now() - 10 * 60_000) });
    await a.db.getRepository(Photo).update(
      photos.map((p) => p.id),
      { reportId: c.primaryReportId, contentCheck: 'pending', contentTraceId: null },
    );
    const submits = both(TriageService).map((s) => jest.spyOn(s, 'submitImages'));
    const sweeps = both(ImageCheckSweeper).map((s) => jest.spyOn(s, 'sweep'));
    await tickBoth(both(ImageCheckSweeper));
    await resolved(sweeps);
    const sentIds = submits.flatMap((s) => s.mock.calls.flatMap((call) => call[0] as number[]));
    expect(sentIds.filter((id) => photos.some((p) => p.id === id)).sort()).toEqual(photos.map((p) => p.id).sort());
  });

  it('photo retention: each stale upload is deleted by one instance', async () => {
    const stale = await Promise.all([1, 2, 3, 4, 5].map(() => insertPhoto(a, w.resident.user.id)));
    await a.db.getRepository(Photo).update(
      stale.map((p) => p.id),
      { createdAt: new Date(Date.now() - 25 * HOUR) },
    );
    const spies = both(PhotosService).map((s) => jest.spyOn(s, 'purgeUnattached'));
    await tickBoth(both(PhotoRetentionJob));
    const removed = (await resolved<number>(spies)).reduce((s, n) => s + n, 0);
    expect(removed).toBe(5);
    expect(await a.db.getRepository(Photo).countBy(stale.map((p) => ({ id: p.id })))).toBe(0);
  });

  it('payout reconciliation: one instance holds the lease, the other skips', async () => {
    const spies = both(ClaimsService).map((s) => jest.spyOn(s, 'reconcileOnce'));
    const jobs = both(ReconcileJob);
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await Promise.all(jobs.map((j) => j.tick())));
    // The first holder keeps the lease until it expires; the other instance never runs meanwhile.
    const runners = results.map((pair) => pair.findIndex((r) => r !== null));
    expect(results.map((pair) => pair.filter((r) => r !== null).length)).toEqual([1, 1, 1]);
    expect(new Set(runners).size).toBe(1);
    const calls = spies.map((s) => s.mock.calls.length);
    expect(calls[runners[0] === 0 ? 1 : 0]).toBe(0);
    expect(calls[runners[0]]).toBeGreaterThanOrEqual(3);
  });
});
