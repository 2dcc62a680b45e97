import { CaseFiguresRepository } from './case-figures.repository';
import { Module, type OnModuleInit } from '@nestjs/common';
import { AreaReferenceChecks } from '../areas/area-reference-checks';
import { AreasModule } from '../areas/areas.module';
import { DepartmentReferenceChecks } from '../departments/department-reference-checks';
import { DepartmentsModule } from '../departments/departments.module';
import { RoutingModule } from '../routing/routing.module';
import { CategoriesModule } from '../categories/categories.module';
import { UploadsModule } from '../uploads/uploads.module';
import { UsersModule } from '../users/users.module';
import { CaseActionsService } from './case-actions.service';
import { CaseDetailService } from './case-detail.service';
import { CaseEffects } from './case-effects';
import { Case } from './case.entity';
import { CaseHooksModule } from './case-hooks.module';
import { CaseLifecycle } from './case-lifecycle.service';
import { CaseQueryService } from './case-query.service';
import { CaseReads } from './case-reads';
import { CaseReassignService } from './case-reassign.service';
import { CaseTextIndexJob } from './case-text-index.job';
import { CaseTextIndexer } from './case-text-indexer';
import { CasesController } from './cases.controller';
import { ClosureFiguresRepository } from './closure-figures.repository';
import { DayFiguresRepository } from './day-figures.repository';
import { DispatchOutcomeRepository } from './dispatch-outcome.repository';
import { EscalationJob } from './escalation.job';
import { EvidenceModule } from './evidence/evidence.module';
import { ResolveEvidence } from './evidence/resolve-evidence';
import { EscalationService } from './escalation.service';
import { ExtensionsService } from './extensions.service';
import { ReopenRequestsService } from './reopen-requests.service';

/**
 * The case workflow (docs/domain.md §5, §7): queue and detail, every §5 action over HTTP, deadlines, the
 * escalation ladder, extensions and reopen requests. The only writer of cases, case_events and
 * report_feedback: other modules call CaseLifecycle (exported) and react to moves through CaseHooks.
 * OutboxService / NoticesService come from NotificationsModule and AuditService is global.
 */
@Module({
  imports: [CaseHooksModule, RoutingModule, UploadsModule, EvidenceModule, AreasModule, DepartmentsModule, UsersModule, CategoriesModule],
  controllers: [CasesController],
  providers: [
    CaseFiguresRepository,
    ClosureFiguresRepository,
    DispatchOutcomeRepository,
    DayFiguresRepository,
    CaseQueryService,
    CaseReads,
    CaseDetailService,
    CaseEffects,
    CaseLifecycle,
    ReopenRequestsService,
    CaseActionsService,
    CaseReassignService,
    ExtensionsService,
    EscalationService,
    EscalationJob,
    CaseTextIndexer,
    CaseTextIndexJob,
    ResolveEvidence,
  ],
  exports: [
    CaseFiguresRepository,
    ClosureFiguresRepository,
    DispatchOutcomeRepository,
    DayFiguresRepository,
    CaseHooksModule,
    CaseLifecycle,
    ReopenRequestsService,
    CaseQueryService,
    CaseReads,
    CaseDetailService,
    CaseActionsService,
    ExtensionsService,
    EscalationService,
  ],
})
export class CasesModule implements OnModuleInit {
  constructor(
    private readonly areaReferences: AreaReferenceChecks,
    private readonly departmentReferences: DepartmentReferenceChecks,
  ) {}

  onModuleInit(): void {
    this.areaReferences.register('案卷', (em, gridId) => em.getRepository(Case).count({ where: { gridId } }));
    this.departmentReferences.register('案卷', (em, departmentId) => em.getRepository(Case).count({ where: { departmentId } }));
  }
}
