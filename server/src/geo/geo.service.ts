import { Inject, Injectable, Logger } from '@nestjs/common';
import type { GeoWhereDto } from '@sansui/shared';
import { AreasService } from '../areas/areas.service';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { GeocodeError, ReverseGeocoder, type PlaceDescription } from './reverse-geocoder';

/**
 * Places in words (docs/domain.md §15): the address of a point, never blocking the caller for longer than the
 * configured budget, and "where is this pin" for the mini-program.
 */
@Injectable()
export class GeoService {
  private readonly logger = new Logger('Geo');

  constructor(
    private readonly geocoder: ReverseGeocoder,
    private readonly areas: AreasService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The address of a point, or null when the geocoder failed or took longer than `budgetMs` (a job fills it in later). */
  async describe(lat: number, lng: number, budgetMs = this.config.geocoder.inlineBudgetMs): Promise<PlaceDescription | null> {
    if (!this.config.geocoder.enabled) return null;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), budgetMs)));
    const work = this.geocoder.reverse(lat, lng).catch((e: unknown) => {
      const kind = e instanceof GeocodeError ? e.kind : 'unavailable';
      this.logger.warn(`reverse geocoding failed (${kind}): ${(e as Error).message}`);
      return null;
    });
    try {
      return await Promise.race([work, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** GET /geo/where: is the pin in the service area, in which grid, and what is its address. */
  async where(lat: number, lng: number): Promise<GeoWhereDto> {
    const [grid, place] = await Promise.all([this.areas.locateGrid(lat, lng), this.describe(lat, lng)]);
    return {
      inServiceArea: grid !== null,
      gridId: grid?.id ?? null,
      gridName: grid?.name ?? null,
      address: place?.address ?? null,
      landmark: place?.landmark ?? null,
    };
  }
}
