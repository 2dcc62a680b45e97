import { Module } from '@nestjs/common';
import { AreaImportService } from './area-import.service';
import { AreaReferenceChecks } from './area-reference-checks';
import { AreasController } from './areas.controller';
import { AreasService } from './areas.service';
import { GridsController } from './grids.controller';
import { ZonesController } from './zones.controller';
import { ZoneDepartments } from './zone-departments';
import { ZonesService } from './zones.service';

/** The area tree, grids and responsibility zones (docs/domain.md §3). AreasService.locateGrid / ancestors are used by triage and routing. */
@Module({
  controllers: [GridsController, AreasController, ZonesController],
  providers: [AreasService, AreaImportService, ZonesService, AreaReferenceChecks, ZoneDepartments],
  exports: [AreasService, ZonesService, AreaReferenceChecks, ZoneDepartments],
})
export class AreasModule {}
