import { Module } from '@nestjs/common';
import { AreasModule } from '../areas/areas.module';
import { CasesModule } from '../cases/cases.module';
import { RoutingModule } from '../routing/routing.module';
import { UploadsModule } from '../uploads/uploads.module';
import { DuplicateFinder } from './duplicate-finder.service';
import { TriageService } from './triage.service';

/** The report triage pipeline (docs/domain.md §6): service area, content check, duplicates, routing suggestion. */
@Module({
  // ContentSecurityService comes from the global WechatModule.
  imports: [AreasModule, CasesModule, RoutingModule, UploadsModule],
  providers: [TriageService, DuplicateFinder],
  exports: [TriageService, DuplicateFinder],
})
export class TriageModule {}
