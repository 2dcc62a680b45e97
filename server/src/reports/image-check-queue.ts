import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { SerialBatchQueue } from '../common/serial-work-queue';
import type { CheckedPhoto } from '../wechat/content-security/content-security.service';
import { TriageService } from '../triage/triage.service';
import { UserRepository } from '../users/user.repository';

/** Whose photos they are; `openid` undefined: not read yet (the batch reads those together). */
export interface PhotoOwner {
  userId: number;
  openid: string | null | undefined;
}

interface Job {
  photos: readonly CheckedPhoto[];
  owner: PhotoOwner;
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

  constructor(triage: TriageService, users: UserRepository, @InjectDataSource() db: DataSource) {
    // submitImageBatch never throws for a failed send: it leaves the photos pending for the sweeper. A failed read of
    // the openids (one statement for the batch's owners not read yet) fails its batch, which the queue leaves to the sweeper too.
    this.queue = new SerialBatchQueue<Job>(
      async (jobs) => {
        const unread = [...new Set(jobs.flatMap(({ owner }) => (owner.openid === undefined ? [owner.userId] : [])))];
        const read = await users.openidsOf(db.manager, unread);
        await triage.submitImageBatch(
          jobs.flatMap(({ photos, owner }) => photos.map((photo) => ({ photo, openid: owner.openid ?? read.get(owner.userId) ?? null }))),
        );
      },
      new Logger('ImageCheckQueue'),
      (job) => `photos ${job.photos.map((p) => p.id).join(',')}`,
      BATCH_REPORTS,
    );
  }

  enqueue(photos: readonly CheckedPhoto[], owner: PhotoOwner): void {
    if (photos.length > 0) this.queue.push({ photos, owner });
  }

  /** Resolves once every queued submission has been sent (or has failed and been left to the sweeper). */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.queue.stop(SHUTDOWN_GRACE_MS);
  }
}
