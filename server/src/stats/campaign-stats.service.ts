import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CampaignStatsDto, CurrentCampaignDto } from '@sansui/shared';
import { DataSource, LessThanOrEqual, MoreThanOrEqual } from 'typeorm';
import { Campaign } from '../rewards/campaign.entity';

const TTL_MS = 10_000;

/**
 * The campaign board's headline figures (docs/domain.md §1, §13 GET /stats/campaign): what the 爱卫办 reports
 * upward, plus the campaign running now. Historic counts: deleted accounts and merged cases still
 * count. Cached for 10 s.
 */
@Injectable()
export class CampaignStatsService {
  private cache: { until: number; value: Promise<CampaignStatsDto> } | null = null;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  campaign(): Promise<CampaignStatsDto> {
    if (this.cache && this.cache.until > Date.now()) return this.cache.value;
    const value = this.compute();
    this.cache = { until: Date.now() + TTL_MS, value };
    value.catch(() => (this.cache = null));
    return value;
  }

  private async compute(): Promise<CampaignStatsDto> {
    const [row] = await this.db.query(
      `SELECT
         (SELECT COUNT(DISTINCT r.userId) FROM reports r JOIN users u ON u.id = r.userId WHERE u.kind = 'resident') AS residents,
         (SELECT COUNT(*) FROM photos p WHERE p.reportId IS NOT NULL) AS photos,
         (SELECT COUNT(*) FROM reports) AS reports,
         (SELECT COUNT(*) FROM cases c WHERE c.status = 'closed') AS casesClosed`,
    );
    return {
      residents: Number(row.residents),
      photos: Number(row.photos),
      reports: Number(row.reports),
      casesClosed: Number(row.casesClosed),
      rewardsPaidFen: await this.paidFen(),
      currentCampaign: await this.currentCampaign(new Date()),
    };
  }

  /** The campaign that earns rewards now: same rule as RewardGrantService.activeCampaign (lowest id wins). */
  async currentCampaign(at: Date): Promise<CurrentCampaignDto | null> {
    const c = await this.db.getRepository(Campaign).findOne({
      where: { active: true, startsAt: LessThanOrEqual(at), endsAt: MoreThanOrEqual(at) },
      order: { id: 'ASC' },
      select: { id: true, name: true, startsAt: true, endsAt: true, snapTrigger: true, dailyCountCap: true },
    });
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

  /** Red packets paid, in fen: rewards the server saw WeChat Pay confirm (status paid; rewards module). */
  async paidFen(): Promise<number> {
    const [row] = await this.db.query("SELECT COALESCE(SUM(amountFen), 0) AS fen FROM rewards WHERE status = 'paid'");
    return Number(row?.fen ?? 0);
  }
}
