import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { SerialWorkQueue } from '../common/serial-work-queue';
import { AddressBackfillService } from './address-backfill.service';

interface Job {
  reportId: number;
  caseId: number;
  lat: number;
  lng: number;
}

const SHUTDOWN_GRACE_MS = 3_000;

/**
 * Reverse-geocodes a new report after the resident has the answer (docs/domain.md §15): the report and
 * its case are committed with no address, which is the durable record of the work, so a crash or a
 * geocoder outage loses nothing — AddressBackfillJob fills in every address still missing.
 */
@Injectable()
export class AddressFillQueue implements BeforeApplicationShutdown {
  private readonly queue: SerialWorkQueue<Job>;

  constructor(backfill: AddressBackfillService) {
    this.queue = new SerialWorkQueue<Job>(
      async (job) => {
        await backfill.fillSubmitted(job);
      },
      new Logger('AddressFillQueue'),
      (job) => `address of report ${job.reportId}`,
    );
  }

  enqueue(job: Job): void {
    this.queue.push(job);
  }

  /** Resolves once every queued lookup has been written (or left to the backfill job). */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.queue.stop(SHUTDOWN_GRACE_MS);
  }
}
