import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { DepartmentsModule } from '../departments/departments.module';
import { LedgerModule } from '../ledger/ledger.module';
import { RewardsModule } from '../rewards/rewards.module';
import { UsersModule } from '../users/users.module';
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
  imports: [LedgerModule, RewardsModule, CasesModule, DepartmentsModule, UsersModule],
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
