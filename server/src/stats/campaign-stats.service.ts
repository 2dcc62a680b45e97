import { Injectable } from '@nestjs/common';
import type { CampaignStatsDto, CurrentCampaignDto } from '@sansui/shared';
import { ClosureFiguresRepository } from '../cases/closure-figures.repository';
import { ReportRepository } from '../reports/report.repository';
import { CampaignsService } from '../rewards/campaigns.service';
import { RewardRepository } from '../rewards/reward.repository';
import { PhotosService } from '../uploads/photos.service';

const TTL_MS = 10_000;

/**
 * The campaign board's headline figures (docs/domain.md §1, §13 GET /stats/campaign): what the 爱卫办 reports
 * upward, plus the campaign running now. Historic counts: deleted accounts and merged cases still
 * count. Each figure comes from the owner of its table. Cached for 10 s.
 */
@Injectable()
export class CampaignStatsService {
  private cache: { until: number; value: Promise<CampaignStatsDto> } | null = null;

  constructor(
    private readonly reports: ReportRepository,
    private readonly photos: PhotosService,
    private readonly closures: ClosureFiguresRepository,
    private readonly rewards: RewardRepository,
    private readonly campaigns: CampaignsService,
  ) {}

  campaign(): Promise<CampaignStatsDto> {
    if (this.cache && this.cache.until > Date.now()) return this.cache.value;
    const value = this.compute();
    this.cache = { until: Date.now() + TTL_MS, value };
    value.catch(() => (this.cache = null));
    return value;
  }

  private async compute(): Promise<CampaignStatsDto> {
    const [residents, photos, reports, casesClosed] = await Promise.all([
      this.reports.countResidentReporters(),
      this.photos.countAttachedToReports(),
      this.reports.countAll(),
      this.closures.closedCount(),
    ]);
    return {
      residents,
      photos,
      reports,
      casesClosed,
      rewardsPaidFen: await this.paidFen(),
      currentCampaign: await this.currentCampaign(new Date()),
    };
  }

  /** The campaign that earns rewards now (lowest id wins). */
  async currentCampaign(at: Date): Promise<CurrentCampaignDto | null> {
    const c = await this.campaigns.runningAt(at);
    return c
      ? {
          id: c.id,
          name: c.name,
          startsAt: c.startsAt.toISOString(),
          endsAt: c.endsAt.toISOString(),
          snapTrigger: c.snapTrigger,
          dailyCountCap: c.dailyCountCap,
        }
      : null;
  }

  /** Red packets paid, in fen (rewards module). */
  paidFen(): Promise<number> {
    return this.rewards.paidFen();
  }
}
