import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { CategoriesModule } from '../categories/categories.module';
import { DepartmentsModule } from '../departments/departments.module';
import { ReportsModule } from '../reports/reports.module';
import { UploadsModule } from '../uploads/uploads.module';
import { MeTooController } from './me-too.controller';
import { MeTooService } from './me-too.service';

/** 我也遇到 (docs/domain.md §15): residents join an open case nearby instead of reporting it again. Owns table case_me_too. */
@Module({
  imports: [CasesModule, UploadsModule, ReportsModule, DepartmentsModule, CategoriesModule],
  controllers: [MeTooController],
  providers: [MeTooService],
  exports: [MeTooService],
})
export class MeTooModule {}
