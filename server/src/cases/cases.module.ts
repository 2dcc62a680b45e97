import { Module } from '@nestjs/common';
import { ReportsModule } from '../reports/reports.module';
import { RoutingModule } from '../routing/routing.module';
import { TriageModule } from '../triage/triage.module';
import { UploadsModule } from '../uploads/uploads.module';
import { CaseActionsService } from './case-actions.service';
import { CaseDetailService } from './case-detail.service';
import { CaseEffects } from './case-effects';
import { CaseHooksModule } from './case-hooks.module';
import { CaseQueryService } from './case-query.service';
import { CaseReassignService } from './case-reassign.service';
import { CasesController } from './cases.controller';
import { EscalationJob } from './escalation.job';
import { EvidenceModule } from './evidence/evidence.module';
import { ResolveEvidence } from './evidence/resolve-evidence';
import { EscalationService } from './escalation.service';
import { ExtensionsService } from './extensions.service';

/**
 * The case workflow (docs/domain.md §5, §7): queue and detail, every §5 action over HTTP, deadlines, the
 * escalation ladder and extensions. OutboxService / NoticesService come from NotificationsModule and
 * AuditService is global. Other modules react to moves through CaseHooks (exported here).
 */
@Module({
  imports: [CaseHooksModule, RoutingModule, TriageModule, UploadsModule, ReportsModule, EvidenceModule],
  controllers: [CasesController],
  providers: [
    CaseQueryService,
    CaseDetailService,
    CaseEffects,
    CaseActionsService,
    CaseReassignService,
    ExtensionsService,
    EscalationService,
    EscalationJob,
    ResolveEvidence,
  ],
  exports: [CaseHooksModule, CaseQueryService, CaseDetailService, CaseActionsService, ExtensionsService, EscalationService],
})
export class CasesModule {}
