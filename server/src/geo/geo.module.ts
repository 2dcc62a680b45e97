import { Module } from '@nestjs/common';
import { AreasModule } from '../areas/areas.module';
import { GeoController } from './geo.controller';
import { GeoService } from './geo.service';
import { ReverseGeocoder } from './reverse-geocoder';
import { TencentMapSimulatorController } from './simulator/tencent-map-simulator.controller';
import { TencentMapSimulatorState } from './simulator/tencent-map-simulator.state';
import { TencentReverseGeocoder } from './tencent/tencent-geocoder.client';

/**
 * Places in words (docs/domain.md §15): reverse geocoding through the Tencent Location Service WebService
 * (real client; in simulator mode pointed at this server's /sim/tencent-map, same protocol) and
 * GET /geo/where. The address backfill of reports and cases lives in the reports module.
 */
@Module({
  imports: [AreasModule],
  controllers: [GeoController, TencentMapSimulatorController],
  providers: [{ provide: ReverseGeocoder, useClass: TencentReverseGeocoder }, GeoService, TencentMapSimulatorState],
  exports: [GeoService, ReverseGeocoder],
})
export class GeoModule {}
