import { CasesModule } from '../cases/cases.module';
import { DepartmentsModule } from '../departments/departments.module';
import { Module } from '@nestjs/common';
import { AnchorsModule } from '../anchors/anchors.module';
import { CategoriesModule } from '../categories/categories.module';
import { ReportsModule } from '../reports/reports.module';
import { RewardsModule } from '../rewards/rewards.module';
import { UploadsModule } from '../uploads/uploads.module';
import { CampaignStatsService } from './campaign-stats.service';
import { CampaignController } from './campaign.controller';
import { CircularExport } from './circular/circular-export.service';
import { CircularController } from './circular/circular.controller';
import { CircularService } from './circular/circular.service';
import { DepartmentKpisService } from './department-kpis.service';
import { KpisController } from './kpis.controller';
import { KpisService } from './kpis.service';
import { DispatchQualityService } from './dispatch-quality.service';

/** Statistics: the public campaign board and department KPIs. */
@Module({
  imports: [AnchorsModule, CasesModule, CategoriesModule, DepartmentsModule, ReportsModule, RewardsModule, UploadsModule],
  controllers: [CampaignController, KpisController, CircularController],
  providers: [CampaignStatsService, DepartmentKpisService, KpisService, CircularService, CircularExport, DispatchQualityService],
  exports: [CampaignStatsService, DepartmentKpisService, CircularService],
})
export class StatsModule {}
