import type { Logger } from '@nestjs/common';

/** Jobs waiting at most; past it a new job is not queued (its durable record waits for the sweeper). */
export const SERIAL_QUEUE_MAX_JOBS = 10_000;

/**
 * Work done after the answer, in order, by one loop outside any request (its statements never count as
 * the request's). The durable record of each job is in the database; a job that fails here is left to
 * the job that sweeps those records, so `work` reports failures by throwing and nothing is retried.
 * For the same reason the queue is bounded: when the work falls behind (an outage of the service it calls)
 * a job past `maxJobs` is left to the sweeper at once instead of growing the process's memory.
 * The loop takes the jobs waiting, up to `batchSize` at a time: work that falls behind catches up in fewer
 * transactions.
 */
export class SerialBatchQueue<T> {
  private readonly jobs: T[] = [];
  private droppedSinceWarning = 0;
  private wake: (() => void) | null = null;
  private idleWaiters: (() => void)[] = [];
  private busy = false;
  private stopped = false;

  constructor(
    private readonly work: (jobs: T[]) => Promise<void>,
    private readonly logger: Logger,
    private readonly describe: (job: T) => string,
    private readonly batchSize: number,
    private readonly maxJobs = SERIAL_QUEUE_MAX_JOBS,
  ) {
    void this.loop();
  }

  /** False when the job was not queued (the queue is stopped or full): it is the caller's, or the sweeper's. */
  push(job: T): boolean {
    if (this.stopped) return false;
    if (this.jobs.length >= this.maxJobs) {
      if (this.droppedSinceWarning++ === 0)
        this.logger.warn(`${this.maxJobs} jobs waiting: ${this.describe(job)} and the next ones are left to the sweeper`);
      return false;
    }
    this.droppedSinceWarning = 0;
    this.jobs.push(job);
    this.wake?.();
    return true;
  }

  /** Jobs waiting (not counting the one running). */
  get waiting(): number {
    return this.jobs.length;
  }

  /** Resolves once every queued job has run (or failed and been left to the sweeper). */
  idle(): Promise<void> {
    if (!this.busy && this.jobs.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Gives queued jobs up to `graceMs`, then stops the loop; what is left stays to the sweeper. */
  async stop(graceMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.idle(), new Promise((r) => (timer = setTimeout(r, graceMs)))]);
    clearTimeout(timer);
    this.stopped = true;
    this.wake?.();
  }

  /** The jobs still waiting, taken out of the queue (after stop: those the loop will not run). */
  takeWaiting(): T[] {
    return this.jobs.splice(0);
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      const batch = this.jobs.splice(0, this.batchSize);
      if (batch.length === 0) {
        this.busy = false;
        for (const resolve of this.idleWaiters.splice(0)) resolve();
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = null;
        continue;
      }
      this.busy = true;
      try {
        await this.work(batch);
      } catch (e) {
        const more = batch.length > 1 ? ` and ${batch.length - 1} more` : '';
        this.logger.warn(`${this.describe(batch[0])}${more} left to the sweeper: ${(e as Error).message}`);
      }
    }
  }
}

/** A SerialBatchQueue that runs one job at a time. */
export class SerialWorkQueue<T> extends SerialBatchQueue<T> {
  constructor(work: (job: T) => Promise<void>, logger: Logger, describe: (job: T) => string, maxJobs = SERIAL_QUEUE_MAX_JOBS) {
    super((jobs) => work(jobs[0]), logger, describe, 1, maxJobs);
  }
}
