import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import type { Photo } from '../uploads/photo.entity';
import { TriageService } from '../triage/triage.service';

interface Job {
  photos: readonly Photo[];
  openid: () => Promise<string | null>;
}

/** At shutdown, submissions still queued get this long; the sweeper sends what is left. */
const SHUTDOWN_GRACE_MS = 5_000;

/**
 * Sends a new report's photos to WeChat's media check after the resident has the answer (docs/domain.md
 * §6 step 3): the photos were committed `pending` with no trace id, which is the durable record of the
 * work, so a crash before the send loses nothing — ImageCheckSweeper submits pending photos without a
 * trace id after two minutes. One worker loop, started at boot, drains the queue in order, outside any
 * request.
 */
@Injectable()
export class ImageCheckQueue implements BeforeApplicationShutdown {
  private readonly logger = new Logger('ImageCheckQueue');
  private readonly jobs: Job[] = [];
  private wake: (() => void) | null = null;
  private idleWaiters: (() => void)[] = [];
  private busy = false;
  private stopped = false;

  constructor(private readonly triage: TriageService) {
    void this.loop();
  }

  enqueue(photos: readonly Photo[], openid: () => Promise<string | null>): void {
    if (photos.length === 0) return;
    this.jobs.push({ photos, openid });
    this.wake?.();
  }

  /** Resolves once every queued submission has been sent (or has failed and been left to the sweeper). */
  idle(): Promise<void> {
    if (!this.busy && this.jobs.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async beforeApplicationShutdown(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.idle(), new Promise((r) => (timer = setTimeout(r, SHUTDOWN_GRACE_MS)))]);
    clearTimeout(timer);
    this.stopped = true;
    this.wake?.();
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      const job = this.jobs.shift();
      if (!job) {
        this.busy = false;
        for (const resolve of this.idleWaiters.splice(0)) resolve();
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = null;
        continue;
      }
      this.busy = true;
      try {
        // submitImages never throws: a failed send leaves the photos pending for the sweeper.
        await this.triage.submitImages(job.photos, await job.openid());
      } catch (e) {
        this.logger.warn(`photos ${job.photos.map((p) => p.id).join(',')} left to the sweeper: ${(e as Error).message}`);
      }
    }
  }
}
