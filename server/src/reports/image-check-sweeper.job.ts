import { Inject, Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { PhotoRepository } from '../uploads/photo.repository';
import { TriageService } from '../triage/triage.service';
import { ReportRepository } from './report.repository';

/** A report's photos are submitted right after commit; if that did not happen within this time, the sweeper does it. */
const GRACE_MS = 2 * 60_000;
/** WeChat pushes a media-check verdict within 30 minutes; a photo still pending after this is asked again. */
export const VERDICT_OVERDUE_MS = 40 * 60_000;
const BATCH = 50;

/**
 * Closes the gap between committing a report and submitting its photos to WeChat's media check
 * (a crash or restart in between would leave them `pending` with no trace id forever). Every minute,
 * in instances with JOBS_ENABLED, photos of reports older than 2 minutes that are still pending without
 * a trace id are claimed (a conditional UPDATE only one instance wins) and submitted.
 * It also asks again for verdicts that are overdue: photos submitted (or claimed) more than 40 minutes
 * ago that are still pending, e.g. because the verdict was lost in a crash. They are asked again every
 * 40 minutes until a verdict arrives.
 */
@Injectable()
export class ImageCheckSweeper {
  private readonly logger = new Logger('ImageCheckSweeper');
  private running = false;

  constructor(
    private readonly reports: ReportRepository,
    private readonly photos: PhotoRepository,
    private readonly triage: TriageService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Interval('image-check-sweeper', 60_000)
  async tick(): Promise<void> {
    if (!this.config.jobsEnabled || this.running) return;
    this.running = true;
    try {
      await this.sweep();
    } catch (e) {
      this.logger.error(`image check sweep failed: ${(e as Error).message}`);
    } finally {
      this.running = false;
    }
  }

  /** One pass; returns how many photos this instance submitted (first time or again). */
  async sweep(now = new Date()): Promise<number> {
    return (await this.submitUnsent(now)) + (await this.askAgainOverdue(now));
  }

  private async submitUnsent(now: Date): Promise<number> {
    const rows = await this.reports.photosNeverChecked(new Date(now.getTime() - GRACE_MS), BATCH);
    let submitted = 0;
    for (const { id, openid } of rows) {
      if (!(await this.photos.claimUnsent(id, `claim-${randomUUID()}`.slice(0, 64)))) continue;
      await this.triage.submitImages([id], openid);
      submitted++;
    }
    return submitted;
  }

  /** Pending photos whose verdict is overdue; each is re-claimed by a conditional UPDATE on its old trace id, so one instance asks. */
  private async askAgainOverdue(now: Date): Promise<number> {
    const before = new Date(now.getTime() - VERDICT_OVERDUE_MS);
    const rows = await this.reports.photosWithOverdueCheck(before, BATCH);
    let submitted = 0;
    for (const { id, traceId, openid } of rows) {
      if (!traceId || !(await this.photos.claimOverdue(id, traceId, `claim-${randomUUID()}`.slice(0, 64), now))) continue;
      this.logger.warn(`image check verdict overdue for photo ${id} (trace ${traceId}): asking again`);
      await this.triage.submitImages([id], openid);
      submitted++;
    }
    return submitted;
  }
}
