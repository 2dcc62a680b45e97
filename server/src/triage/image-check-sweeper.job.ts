import { Inject, Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Report } from '../reports/report.entity';
import { Photo } from '../uploads/photo.entity';
import { User } from '../users/user.entity';
import { TriageService } from './triage.service';

/** A report's photos are submitted right after commit; if that did not happen within this time, the sweeper does it. */
const GRACE_MS = 2 * 60_000;
const BATCH = 50;

/**
 * Closes the gap between committing a report and submitting its photos to WeChat's media check
 * (a crash or restart in between would leave them `pending` with no trace id forever). Every minute,
 * in instances with JOBS_ENABLED, photos of reports older than 2 minutes that are still pending without
 * a trace id are claimed (a conditional UPDATE only one instance wins) and submitted.
 */
@Injectable()
export class ImageCheckSweeper {
  private readonly logger = new Logger('ImageCheckSweeper');
  private running = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
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

  /** One pass; returns how many photos this instance submitted. */
  async sweep(now = new Date()): Promise<number> {
    const rows = await this.db
      .getRepository(Photo)
      .createQueryBuilder('p')
      .innerJoin(Report, 'r', 'r.id = p.reportId')
      .innerJoin(User, 'u', 'u.id = r.userId')
      .select(['p.id AS id', 'u.openid AS openid'])
      .where('p.contentCheck = :pending', { pending: 'pending' })
      .andWhere('p.contentTraceId IS NULL')
      .andWhere('r.createdAt < :before', { before: new Date(now.getTime() - GRACE_MS) })
      .orderBy('p.id', 'ASC')
      .limit(BATCH)
      .getRawMany<{ id: number | string; openid: string | null }>();
    let submitted = 0;
    for (const row of rows) {
      const id = Number(row.id);
      const claim = await this.db
        .getRepository(Photo)
        .update({ id, contentTraceId: IsNull() }, { contentTraceId: `claim-${randomUUID()}`.slice(0, 64) });
      if (!claim.affected) continue;
      await this.triage.submitImages([id], row.openid ?? null);
      submitted++;
    }
    return submitted;
  }
}
