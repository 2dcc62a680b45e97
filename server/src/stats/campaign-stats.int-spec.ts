import { Case } from '../cases/case.entity';
import { ClosureFiguresRepository } from '../cases/closure-figures.repository';
import { Report } from '../reports/report.entity';
import { ReportRepository } from '../reports/report.repository';
import { Campaign } from '../rewards/campaign.entity';
import { CampaignsService } from '../rewards/campaigns.service';
import { RewardRepository } from '../rewards/reward.repository';
import { saveCampaign } from '../testing/factories-rewards';
import { startTestApp, type TestApp } from '../testing/test-app';
import { Photo } from '../uploads/photo.entity';
import { PhotosService } from '../uploads/photos.service';
import { User } from '../users/user.entity';
import { CampaignStatsService } from './campaign-stats.service';

describe('GET /stats/campaign', () => {
  let t: TestApp;

  async function user(kind: 'resident' | 'staff', name: string, deleted = false): Promise<User> {
    const repo = t.db.getRepository(User);
    return repo.save(
      repo.create({
        kind,
        openid: kind === 'resident' ? `o-${name}` : null,
        username: kind === 'staff' ? name : null,
        displayName: name,
        roles: [kind === 'resident' ? 'resident' : 'dispatcher'],
        departmentId: null,
        active: !deleted,
        deletedAt: deleted ? new Date() : null,
      }),
    );
  }

  async function report(userId: number, status: Case['status'], photos: number): Promise<void> {
    const cases = t.db.getRepository(Case);
    const c = await cases.save(
      cases.create({
        status,
        kind: 'snap',
        source: 'miniapp',
        categoryCode: 'exposed_garbage',
        departmentId: null,
        gridId: null,
        lat: 30.27,
        lng: 120.15,
        cellKey: 'wtmkq0x',
        description: null,
        primaryReportId: 0,
        masterCaseId: null,
        slaHours: 4,
        flagged: false,
        triage: null,
      }),
    );
    const reports = t.db.getRepository(Report);
    const r = await reports.save(
      reports.create({
        userId,
        clientRequestId: `req-${c.id}-${userId}`,
        kind: 'snap',
        source: 'miniapp',
        categoryCode: 'exposed_garbage',
        description: null,
        lat: 30.27,
        lng: 120.15,
        coordSystem: 'gcj02',
        caseId: c.id,
        gridId: null,
        contentCheck: 'pass',
      }),
    );
    const photoRepo = t.db.getRepository(Photo);
    for (let i = 0; i < photos; i++)
      await photoRepo.save(
        photoRepo.create({
          ownerUserId: userId,
          storageKey: `k-${r.id}-${i}`,
          thumbKey: `t-${r.id}-${i}`,
          mime: 'image/jpeg',
          width: 10,
          height: 10,
          bytes: 100,
          sha256: 'x'.repeat(64),
          phash: '0'.repeat(16),
          phashBlock0: 0,
          phashBlock1: 0,
          phashBlock2: 0,
          phashBlock3: 0,
          contentCheck: 'pass',
          reportId: r.id,
        }),
      );
  }

  /** A fresh service instance, so the 10-second cache of an earlier call does not hide the new rows. */
  const freshStats = () =>
    new CampaignStatsService(
      t.app.get(ReportRepository),
      t.app.get(PhotosService),
      t.app.get(ClosureFiguresRepository),
      t.app.get(RewardRepository),
      t.app.get(CampaignsService),
    );

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  async function campaign(name: string, startsAt: Date, endsAt: Date, active = true): Promise<Campaign> {
    return saveCampaign(t.db.manager, name, { startsAt, endsAt, budgetFen: 100_000, approvalThresholdFen: 100_000, active });
  }

  it('is public and starts at zero, with no current campaign', async () => {
    expect((await t.http().get('/api/v1/stats/campaign').expect(200)).body).toEqual({
      residents: 0,
      photos: 0,
      reports: 0,
      casesClosed: 0,
      rewardsPaidFen: 0,
      currentCampaign: null,
    });
  });

  it('counts residents who reported (deleted ones too), photos on reports, reports and closed cases', async () => {
    const alice = await user('resident', 'alice');
    const bob = await user('resident', 'bob', true);
    await user('resident', 'idle');
    const staff = await user('staff', 'hotline-staff');
    await report(alice.id, 'closed', 2);
    await report(alice.id, 'dispatched', 1);
    await report(bob.id, 'closed', 3);
    await report(staff.id, 'submitted', 1); // a hotline report entered by staff: not a resident
    const photos = t.db.getRepository(Photo);
    await photos.save(
      photos.create({
        ownerUserId: alice.id,
        storageKey: 'loose',
        thumbKey: 'loose-t',
        mime: 'image/jpeg',
        width: 1,
        height: 1,
        bytes: 1,
        sha256: 'y'.repeat(64),
        phash: '0'.repeat(16),
        phashBlock0: 0,
        phashBlock1: 0,
        phashBlock2: 0,
        phashBlock3: 0,
        contentCheck: 'pass',
        reportId: null,
      }),
    );
    expect(await freshStats().campaign()).toEqual({
      residents: 2,
      photos: 7,
      reports: 4,
      casesClosed: 2,
      rewardsPaidFen: 0,
      currentCampaign: null,
    });
  });

  it('names the campaign running now: active, within its dates, the oldest one if several', async () => {
    const day = 86_400_000;
    const now = Date.now();
    await campaign('去年冬季行动', new Date(now - 400 * day), new Date(now - 30 * day));
    await campaign('明年春季行动', new Date(now + 30 * day), new Date(now + 120 * day));
    await campaign('暂停的行动', new Date(now - 10 * day), new Date(now + 10 * day), false);
    const running = await campaign('2026 年春季三随行动', new Date('2026-03-01T00:00:00.000Z'), new Date(now + 60 * day));
    await campaign('同期的第二个行动', new Date(now - day), new Date(now + day));
    const stats = await freshStats().campaign();
    expect(stats.currentCampaign).toEqual({
      id: running.id,
      name: '2026 年春季三随行动',
      startsAt: '2026-03-01T00:00:00.000Z',
      endsAt: running.endsAt.toISOString(),
      snapTrigger: 'accepted',
      dailyCountCap: null,
    });
    expect(stats.reports).toBe(4);
  });

  it('has no current campaign once the running ones end or are switched off', async () => {
    await t.db.getRepository(Campaign).update({ name: '2026 年春季三随行动' }, { active: false });
    await t.db.getRepository(Campaign).update({ name: '同期的第二个行动' }, { endsAt: new Date(Date.now() - 1000) });
    expect((await freshStats().campaign()).currentCampaign).toBeNull();
  });

  it('serves the cached figures for 10 seconds', async () => {
    expect((await t.http().get('/api/v1/stats/campaign').expect(200)).body.reports).toBe(0);
  });
});
