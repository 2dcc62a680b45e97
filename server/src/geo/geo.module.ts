import { Module } from '@nestjs/common';
import { AreasModule } from '../areas/areas.module';
import { AddressBackfillJob } from './address-backfill.job';
import { AddressBackfillService } from './address-backfill.service';
import { GeoController } from './geo.controller';
import { GeoService } from './geo.service';
import { ReverseGeocoder } from './reverse-geocoder';
import { TencentMapSimulatorController } from './simulator/tencent-map-simulator.controller';
import { TencentMapSimulatorState } from './simulator/tencent-map-simulator.state';
import { TencentReverseGeocoder } from './tencent/tencent-geocoder.client';

/**
 * Places in words (DOMAIN §15): reverse geocoding through the Tencent Location Service WebService
 * (real client; in simulator mode pointed at this server's /sim/tencent-map, same protocol), the
 * address backfill job, and GET /geo/where.
 */
@Module({
  imports: [AreasModule],
  controllers: [GeoController, TencentMapSimulatorController],
  providers: [
    { provide: ReverseGeocoder, useClass: TencentReverseGeocoder },
    GeoService,
    AddressBackfillService,
    AddressBackfillJob,
    TencentMapSimulatorState,
  ],
  exports: [GeoService, AddressBackfillService],
})
export class GeoModule {}
