import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { SerialBatchQueue } from '../common/serial-work-queue';
import type { CheckedPhoto } from '../wechat/content-security/content-security.service';
import { TriageService } from '../triage/triage.service';

interface Job {
  photos: readonly CheckedPhoto[];
  openid: () => Promise<string | null>;
}

/** At shutdown, submissions still queued get this long; the sweeper sends what is left. */
const SHUTDOWN_GRACE_MS = 5_000;
/** Reports whose photos are sent together at most (their calls side by side, one statement for their trace ids). */
const BATCH_REPORTS = 20;

/**
 * Sends a new report's photos to WeChat's media check after the resident has the answer (docs/domain.md
 * §6 step 3): the photos were committed `pending` with no trace id, which is the durable record of the
 * work, so a crash before the send loses nothing — ImageCheckSweeper submits pending photos without a
 * trace id after two minutes. The reports that queue up while one batch is sent (under load) go in the next batch.
 */
@Injectable()
export class ImageCheckQueue implements BeforeApplicationShutdown {
  private readonly queue: SerialBatchQueue<Job>;

  constructor(triage: TriageService) {
    // submitImageBatch never throws for a failed send: it leaves the photos pending for the sweeper. A failed openid
    // read fails its batch, which the queue leaves to the sweeper too.
    this.queue = new SerialBatchQueue<Job>(
      async (jobs) => {
        const openids = await Promise.all(jobs.map((job) => job.openid()));
        await triage.submitImageBatch(jobs.flatMap((job, i) => job.photos.map((photo) => ({ photo, openid: openids[i] }))));
      },
      new Logger('ImageCheckQueue'),
      (job) => `photos ${job.photos.map((p) => p.id).join(',')}`,
      BATCH_REPORTS,
    );
  }

  enqueue(photos: readonly CheckedPhoto[], openid: () => Promise<string | null>): void {
    if (photos.length > 0) this.queue.push({ photos, openid });
  }

  /** Resolves once every queued submission has been sent (or has failed and been left to the sweeper). */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.queue.stop(SHUTDOWN_GRACE_MS);
  }
}
