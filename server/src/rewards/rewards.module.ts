import { EvidenceModule } from '../cases/evidence/evidence.module';
import { Logger, Module, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { CaseHooks } from '../cases/case-hooks';
import { CasesModule } from '../cases/cases.module';
import { CategoriesModule } from '../categories/categories.module';
import { DemoSeedRegistry } from '../demo/demo-seed.registry';
import { LedgerModule } from '../ledger/ledger.module';
import { LedgerService } from '../ledger/ledger.service';
import { ReportsModule } from '../reports/reports.module';
import { UploadsModule } from '../uploads/uploads.module';
import { AccountDeletionHooks } from '../users/account-deletion-hooks';
import { UsersModule } from '../users/users.module';
import { Campaign } from './campaign.entity';
import { CampaignsController } from './campaigns.controller';
import { CampaignsService } from './campaigns.service';
import { FraudSettingsController } from './fraud-settings.controller';
import { FraudSettingsService } from './fraud-settings.service';
import { FraudSignalsService } from './fraud-signals.service';
import { RewardGrantService } from './reward-grant.service';
import { RewardPayoutReads } from './reward-payout-reads';
import { RewardPayoutStates } from './reward-payout-states';
import { RewardRepository } from './reward.repository';
import { RewardsController } from './rewards.controller';
import { seedDemoCampaign } from './rewards-demo.seed';
import { RewardsService } from './rewards.service';

/** Campaigns, eligibility, fraud holds and granting (docs/domain.md §8). Payouts live in PayoutsModule. */
@Module({
  imports: [LedgerModule, UploadsModule, EvidenceModule, ReportsModule, UsersModule, CasesModule, CategoriesModule],
  controllers: [CampaignsController, RewardsController, FraudSettingsController],
  providers: [
    CampaignsService,
    FraudSettingsService,
    FraudSignalsService,
    RewardGrantService,
    RewardsService,
    RewardPayoutStates,
    RewardPayoutReads,
    RewardRepository,
  ],
  exports: [RewardsService, RewardGrantService, RewardPayoutStates, RewardPayoutReads, CampaignsService, RewardRepository],
})
export class RewardsModule implements OnModuleInit {
  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly grants: RewardGrantService,
    private readonly rewards: RewardsService,
    private readonly ledger: LedgerService,
  ) {}

  onModuleInit(): void {
    this.ledger.readBudgetWith(async (em, campaignId) => {
      const c = await em.getRepository(Campaign).findOneByOrFail({ id: campaignId });
      return c.budgetFen - c.reservedFen;
    });
    // CaseHooks is provided by the cases module; looked up app-wide so this module needs no import cycle.
    let hooks: CaseHooks | null = null;
    try {
      hooks = this.moduleRef.get(CaseHooks, { strict: false });
    } catch {
      new Logger('Rewards').warn('CaseHooks is not provided (no cases module): rewards are not granted on case moves');
    }
    hooks?.onTransition('rewards', (em, event) => this.grants.onCaseTransition(em, event));
    this.moduleRef
      .get(AccountDeletionHooks, { strict: false })
      .onDeletion('rewards', (em, userId) => this.rewards.cancelForDeletedAccount(em, userId));
    this.moduleRef.get(DemoSeedRegistry, { strict: false }).register({ order: 45, name: 'rewards: demo campaign', run: seedDemoCampaign });
  }
}
