import { Module } from '@nestjs/common';
import { AreasModule } from '../areas/areas.module';
import { RoutingModule } from '../routing/routing.module';
import { UploadsModule } from '../uploads/uploads.module';
import { DuplicateFinder } from './duplicate-finder.service';
import { ImageCheckSweeper } from './image-check-sweeper.job';
import { TriageService } from './triage.service';

/** The report triage pipeline (docs/domain.md §6): service area, content check, duplicates, routing suggestion. */
@Module({
  // ContentSecurityService comes from the global WechatModule.
  imports: [AreasModule, RoutingModule, UploadsModule],
  providers: [TriageService, DuplicateFinder, ImageCheckSweeper],
  exports: [TriageService, DuplicateFinder],
})
export class TriageModule {}
