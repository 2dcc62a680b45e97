import { Inject, Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { PhotosService } from './photos.service';

/**
 * Hourly, in instances with JOBS_ENABLED: deletes uploads never attached to a report or case within
 * 24 h. Safe with several instances: each row is deleted by a conditional DELETE that only one wins.
 */
@Injectable()
export class PhotoRetentionJob {
  private readonly logger = new Logger('PhotoRetention');
  private running = false;

  constructor(
    private readonly photos: PhotosService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Interval('photo-retention', 3600_000)
  async tick(): Promise<void> {
    if (!this.config.jobsEnabled || this.running) return;
    this.running = true;
    try {
      while ((await this.photos.purgeUnattached(24)) > 0);
    } catch (e) {
      this.logger.error(`photo retention failed: ${(e as Error).message}`);
    } finally {
      this.running = false;
    }
  }
}
