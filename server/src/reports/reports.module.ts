import { Module, type OnModuleInit } from '@nestjs/common';
import { AreaReferenceChecks } from '../areas/area-reference-checks';
import { AreasModule } from '../areas/areas.module';
import { CasesModule } from '../cases/cases.module';
import { CategoriesModule } from '../categories/categories.module';
import { DepartmentsModule } from '../departments/departments.module';
import { EvidenceModule } from '../cases/evidence/evidence.module';
import { GeoModule } from '../geo/geo.module';
import { TriageModule } from '../triage/triage.module';
import { UploadsModule } from '../uploads/uploads.module';
import { UsersModule } from '../users/users.module';
import { AddressBackfillJob } from './address-backfill.job';
import { AddressBackfillService } from './address-backfill.service';
import { AddressFillQueue } from './address-fill-queue';
import { ImageCheckQueue } from './image-check-queue';
import { ImageCheckSweeper } from './image-check-sweeper.job';
import { ModerationController } from './moderation.controller';
import { ModerationService } from './moderation.service';
import { ReportContentVerdicts } from './report-content-verdicts';
import { ReportFeedbackService } from './report-feedback.service';
import { ReportPhotos } from './report-photos';
import { ReportViewService } from './report-view.service';
import { ReportsController } from './reports.controller';
import { ReportsDemoSeed } from './reports-demo.seed';
import { Report } from './report.entity';
import { ReportRepository } from './report.repository';
import { ReportsService } from './reports.service';
import { SubmissionCall } from './submission-call';
import { SubmissionReads } from './submission-reads';

/** Resident reporting (docs/domain.md §5, §13): POST /reports, my reports, detail with timeline, feedback, nearby. */
@Module({
  imports: [
    CasesModule,
    TriageModule,
    UploadsModule,
    GeoModule,
    EvidenceModule,
    AreasModule,
    UsersModule,
    DepartmentsModule,
    CategoriesModule,
  ],
  controllers: [ReportsController, ModerationController],
  providers: [
    ReportRepository,
    ReportsService,
    SubmissionCall,
    SubmissionReads,
    ModerationService,
    ReportViewService,
    ReportFeedbackService,
    ReportPhotos,
    ReportContentVerdicts,
    ImageCheckQueue,
    ImageCheckSweeper,
    AddressBackfillService,
    AddressBackfillJob,
    AddressFillQueue,
    ReportsDemoSeed,
  ],
  exports: [
    ReportRepository,
    ReportsService,
    ImageCheckQueue,
    ReportViewService,
    ReportFeedbackService,
    ReportPhotos,
    AddressBackfillService,
    AddressFillQueue,
  ],
})
export class ReportsModule implements OnModuleInit {
  constructor(private readonly areaReferences: AreaReferenceChecks) {}

  onModuleInit(): void {
    this.areaReferences.register('上报', (em, gridId) => em.getRepository(Report).count({ where: { gridId } }));
  }
}
