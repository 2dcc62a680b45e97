import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { PhotosService } from './photos.service';

/**
 * In instances with JOBS_ENABLED, at start and then hourly: computes the window hashes (window-hashes.ts) of
 * photos stored before they existed, so older photos are found when cut out too. New photos get them on
 * upload. Two instances may both hash one photo; the second replaces the first's rows.
 */
@Injectable()
export class PhotoWindowHashJob implements OnApplicationBootstrap {
  private readonly logger = new Logger('PhotoWindowHashes');
  private running = false;

  constructor(
    private readonly photos: PhotosService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    void this.tick();
  }

  @Interval('photo-window-hashes', 3600_000)
  async tick(): Promise<number> {
    if (!this.config.jobsEnabled || this.running) return 0;
    this.running = true;
    let total = 0;
    try {
      for (let after = 0; ;) {
        const { lastId, hashed } = await this.photos.backfillWindowHashes(after);
        if (lastId === null) break;
        total += hashed;
        after = lastId;
      }
      if (total) this.logger.log(`window hashes computed for ${total} older photos`);
    } catch (e) {
      this.logger.error(`window-hash backfill failed: ${(e as Error).message}`);
    } finally {
      this.running = false;
    }
    return total;
  }
}
