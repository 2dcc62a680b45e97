import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { RewardsModule } from '../rewards/rewards.module';
import { ClaimsService } from './claims.service';
import { ExportsService } from './exports.service';
import { LedgerController } from './ledger.controller';
import { PayoutBatchesService } from './payout-batches.service';
import { PayoutLinesQuery } from './payout-lines.query';
import { PayoutsController } from './payouts.controller';
import { PayoutsDemoSeed } from './payouts-demo.seed';
import { ReconcileJob } from './reconcile.job';
import { ReconciliationService } from './reconciliation.service';
import { StatementReconciliationService } from './statement-reconciliation.service';
import { WechatpayNotifyController } from './wechatpay-notify.controller';

/** Batches, two-person approval, claims (WeChat Pay transfer bills), callbacks, reconciliation, ledger views and exports. */
@Module({
  imports: [LedgerModule, RewardsModule],
  controllers: [PayoutsController, WechatpayNotifyController, LedgerController],
  providers: [
    PayoutBatchesService,
    PayoutLinesQuery,
    ClaimsService,
    ReconciliationService,
    StatementReconciliationService,
    ExportsService,
    ReconcileJob,
    PayoutsDemoSeed,
  ],
  exports: [ClaimsService, ReconcileJob, StatementReconciliationService],
})
export class PayoutsModule {}
