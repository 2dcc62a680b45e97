import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { SerialBatchQueue } from '../common/serial-work-queue';
import { AddressBackfillService } from './address-backfill.service';

interface Job {
  reportId: number;
  caseId: number;
  lat: number;
  lng: number;
}

const SHUTDOWN_GRACE_MS = 3_000;
/** Addresses written in one transaction at most, when lookups have queued up (one transaction per report before). */
const WRITE_BATCH = 20;

/**
 * Reverse-geocodes a new report after the resident has the answer (docs/domain.md §15): the report and
 * its case are committed with no address, which is the durable record of the work, so a crash or a
 * geocoder outage loses nothing — AddressBackfillJob fills in every address still missing.
 */
@Injectable()
export class AddressFillQueue implements BeforeApplicationShutdown {
  private readonly queue: SerialBatchQueue<Job>;

  constructor(backfill: AddressBackfillService) {
    this.queue = new SerialBatchQueue<Job>(
      async (jobs) => {
        await backfill.fillSubmitted(jobs);
      },
      new Logger('AddressFillQueue'),
      (job) => `address of report ${job.reportId}`,
      WRITE_BATCH,
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
