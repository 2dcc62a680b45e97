import { Inject, Injectable } from '@nestjs/common';
import { MIN_TRANSFER_FEN, type CampaignDto } from '@sansui/shared';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, LessThanOrEqual, MoreThanOrEqual } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth/auth-user';
import { AppException } from '../common/errors/app-exception';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Transactions } from '../database/transactions';
import { Campaign } from './campaign.entity';
import type { CreateCampaignDto, UpdateCampaignDto } from './dto/campaign.dto';
import { sceneAmountProblems } from './rules/scene-limits';

export function toCampaignDto(c: Campaign): CampaignDto {
  return {
    id: c.id,
    name: c.name,
    startsAt: c.startsAt.toISOString(),
    endsAt: c.endsAt.toISOString(),
    budgetFen: c.budgetFen,
    reservedFen: c.reservedFen,
    dailyCountCap: c.dailyCountCap,
    dailyAmountCapFen: c.dailyAmountCapFen,
    monthlyCountCap: c.monthlyCountCap,
    monthlyAmountCapFen: c.monthlyAmountCapFen,
    categoryAmounts: c.categoryAmounts,
    snapTrigger: c.snapTrigger,
    mergedDuplicateFen: c.mergedDuplicateFen,
    approvalThresholdFen: c.approvalThresholdFen,
    active: c.active,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

/** Admin CRUD of reward campaigns (audited). */
@Injectable()
export class CampaignsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: Transactions,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Refuses amounts WeChat Pay would refuse at transfer time (422 with every offending field). */
  private checkSceneLimits(c: Pick<Campaign, 'categoryAmounts' | 'mergedDuplicateFen'>): void {
    const max = this.config.wechatpay.sceneMaxFen;
    const problems = sceneAmountProblems(c, max);
    if (problems.length)
      throw new AppException(
        'CAMPAIGN_AMOUNT_OUT_OF_RANGE',
        `红包金额须在 ${MIN_TRANSFER_FEN / 100} 元至 ${max / 100} 元之间（微信支付现金营销场景单笔限额）：${problems
          .map((p) => `${p.field}=${p.amountFen} 分`)
          .join('，')}`,
        problems.map((p) => ({ field: p.field, code: 'OUT_OF_RANGE', message: `${p.amountFen} 分超出单笔限额` })),
      );
  }

  /** The campaign that earns rewards at `at`: same rule as RewardGrantService.activeCampaign (lowest id wins). */
  async runningAt(at: Date): Promise<Pick<Campaign, 'id' | 'name' | 'startsAt' | 'endsAt' | 'snapTrigger' | 'dailyCountCap'> | null> {
    return this.db.getRepository(Campaign).findOne({
      where: { active: true, startsAt: LessThanOrEqual(at), endsAt: MoreThanOrEqual(at) },
      order: { id: 'ASC' },
      select: { id: true, name: true, startsAt: true, endsAt: true, snapTrigger: true, dailyCountCap: true },
    });
  }

  async list(): Promise<CampaignDto[]> {
    const rows = await this.db.getRepository(Campaign).find({ order: { id: 'DESC' } });
    return rows.map(toCampaignDto);
  }

  create(actor: AuthUser, dto: CreateCampaignDto): Promise<CampaignDto> {
    if (dto.endsAt <= dto.startsAt) throw new AppException('CAMPAIGN_DATES_INVALID');
    this.checkSceneLimits({ categoryAmounts: dto.categoryAmounts ?? null, mergedDuplicateFen: dto.mergedDuplicateFen ?? 0 });
    return this.tx.run(async (em) => {
      const repo = em.getRepository(Campaign);
      const c = await repo.save(
        repo.create({
          name: dto.name,
          startsAt: dto.startsAt,
          endsAt: dto.endsAt,
          budgetFen: dto.budgetFen,
          reservedFen: 0,
          dailyCountCap: dto.dailyCountCap ?? null,
          dailyAmountCapFen: dto.dailyAmountCapFen ?? null,
          monthlyCountCap: dto.monthlyCountCap ?? null,
          monthlyAmountCapFen: dto.monthlyAmountCapFen ?? null,
          categoryAmounts: dto.categoryAmounts ?? null,
          snapTrigger: dto.snapTrigger ?? 'accepted',
          mergedDuplicateFen: dto.mergedDuplicateFen ?? 0,
          approvalThresholdFen: dto.approvalThresholdFen ?? 100_000,
          active: dto.active ?? true,
        }),
      );
      await this.audit.record(em, {
        actorUserId: actor.id,
        action: 'campaign.create',
        targetType: 'campaign',
        targetId: c.id,
        data: { ...dto } as Record<string, unknown>,
      });
      return toCampaignDto(c);
    });
  }

  update(actor: AuthUser, id: number, dto: UpdateCampaignDto): Promise<CampaignDto> {
    return this.tx.run(async (em) => {
      const repo = em.getRepository(Campaign);
      const c = await repo.findOne({ where: { id }, ...this.tx.forUpdate() });
      if (!c) throw new AppException('CAMPAIGN_NOT_FOUND');
      Object.assign(c, Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)));
      if (c.endsAt <= c.startsAt) throw new AppException('CAMPAIGN_DATES_INVALID');
      this.checkSceneLimits(c);
      await repo.save(c);
      await this.audit.record(em, {
        actorUserId: actor.id,
        action: 'campaign.update',
        targetType: 'campaign',
        targetId: c.id,
        data: { ...dto } as Record<string, unknown>,
      });
      return toCampaignDto(c);
    });
  }
}
