import { Module, type OnModuleInit } from '@nestjs/common';
import { AreaReferenceChecks } from '../areas/area-reference-checks';
import { DepartmentReferenceChecks } from '../departments/department-reference-checks';
import { DepartmentsModule } from '../departments/departments.module';
import { AnchorsModule } from '../anchors/anchors.module';
import { CategoriesModule } from '../categories/categories.module';
import { ReportsModule } from '../reports/reports.module';
import { UsersModule } from '../users/users.module';
import { AreasModule } from '../areas/areas.module';
import { CasesModule } from '../cases/cases.module';
import { GeoModule } from '../geo/geo.module';
import { EvidenceModule } from '../cases/evidence/evidence.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { RoutingModule } from '../routing/routing.module';
import { UploadsModule } from '../uploads/uploads.module';
import { BriefingService } from './briefing.service';
import { ChecklistDemoSeed } from './checklist-demo.seed';
import { ChecklistController } from './checklist.controller';
import { ChecklistService } from './checklist.service';
import { EvaluationSettingsService } from './evaluation-settings.service';
import { EvaluationsController } from './evaluations.controller';
import { EvaluationsService } from './evaluations.service';
import { FindingsService } from './findings.service';
import { InspectionFinding } from './inspection-finding.entity';
import { InspectionCases } from './inspection-cases';
import { LeaderScoresDemoSeed } from './leader-scores-demo.seed';
import { LeaderScore } from './leader-score.entity';
import { LeaderScoresService } from './leader-scores.service';
import { MonitoringPointsController } from './monitoring-points.controller';
import { MonitoringDocumentsService } from './monitoring-documents.service';
import { MonitoringPointsService } from './monitoring-points.service';
import { MonthPublicationService } from './month-publication.service';
import { PublishService } from './publish.service';
import { RoundCircularService } from './round-circular.service';
import { RoundsController } from './rounds.controller';
import { RoundsDemoSeed } from './rounds-demo.seed';
import { RoundsService } from './rounds.service';
import { SupervisionController } from './supervision.controller';
import { SupervisionDocumentService } from './supervision-document.service';
import { SupervisionEscalationJob } from './supervision-escalation.job';
import { SupervisionEscalationService } from './supervision-escalation.service';
import { SupervisionNotice } from './supervision-notice.entity';
import { SupervisionService } from './supervision.service';

/** The city's evaluation regime (docs/domain.md §16): checklist, inspection rounds, findings, publication, monthly scores. */
@Module({
  imports: [
    AnchorsModule,
    AreasModule,
    CasesModule,
    RoutingModule,
    NotificationsModule,
    UploadsModule,
    EvidenceModule,
    GeoModule,
    DepartmentsModule,
    CategoriesModule,
    UsersModule,
    ReportsModule,
  ],
  controllers: [ChecklistController, RoundsController, EvaluationsController, SupervisionController, MonitoringPointsController],
  providers: [
    ChecklistService,
    RoundsService,
    FindingsService,
    InspectionCases,
    PublishService,
    EvaluationSettingsService,
    EvaluationsService,
    LeaderScoresService,
    MonthPublicationService,
    MonitoringPointsService,
    MonitoringDocumentsService,
    RoundCircularService,
    BriefingService,
    SupervisionService,
    SupervisionDocumentService,
    SupervisionEscalationService,
    SupervisionEscalationJob,
    ChecklistDemoSeed,
    RoundsDemoSeed,
    LeaderScoresDemoSeed,
  ],
})
export class EvaluationModule implements OnModuleInit {
  constructor(
    private readonly areaReferences: AreaReferenceChecks,
    private readonly departmentReferences: DepartmentReferenceChecks,
  ) {}

  onModuleInit(): void {
    this.areaReferences.register('检查发现', (em, id) =>
      em.getRepository(InspectionFinding).count({ where: [{ areaId: id }, { gridId: id }] }),
    );
    this.areaReferences.register('领导评价', (em, areaId) => em.getRepository(LeaderScore).count({ where: { areaId } }));
    this.departmentReferences.register('督办通知', (em, departmentId) =>
      em.getRepository(SupervisionNotice).count({ where: { departmentId } }),
    );
  }
}
