import { Module } from '@nestjs/common';
import { CategoriesModule } from '../categories/categories.module';
import { ReportsModule } from '../reports/reports.module';
import { UsersModule } from '../users/users.module';
import { Open311ClientsController } from './open311-clients.controller';
import { Open311ClientsService } from './open311-clients.service';
import { Open311DemoSeed } from './open311-demo.seed';
import { Open311Controller } from './open311.controller';
import { Open311Service } from './open311.service';

/** Open311 GeoReport v2 server (issue 2): categories as services, reports as service requests. */
@Module({
  imports: [ReportsModule, CategoriesModule, UsersModule],
  controllers: [Open311Controller, Open311ClientsController],
  providers: [Open311Service, Open311ClientsService, Open311DemoSeed],
  exports: [Open311Service],
})
export class Open311Module {}
