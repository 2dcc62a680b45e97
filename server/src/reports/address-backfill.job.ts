import { Inject, Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { AddressBackfillService } from './address-backfill.service';

/** Every two minutes when JOBS_ENABLED: addresses that reverse geocoding could not give at submission. */
@Injectable()
export class AddressBackfillJob {
  private readonly logger = new Logger('AddressBackfillJob');
  private running = false;

  constructor(
    private readonly backfill: AddressBackfillService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Interval('address-backfill', 120_000)
  async tick(): Promise<void> {
    if (!this.config.jobsEnabled || this.running) return;
    this.running = true;
    try {
      await this.backfill.runOnce();
    } catch (e) {
      this.logger.error(`address backfill failed: ${(e as Error).message}`);
    } finally {
      this.running = false;
    }
  }
}
