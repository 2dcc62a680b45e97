import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { acquireLease } from '../payouts/job-lease';
import { AuditAnchor } from './audit-anchor.entity';
import { AnchorsService } from './anchors.service';

const LEASE = 'audit-anchor';
const CHECK_EVERY_MS = 15 * 60_000;

/**
 * Anchors the audit chain once per `auditAnchorIntervalMs` (default daily). Checks every 15 minutes (or the
 * interval, if shorter) whether an anchor is due; a lease in `job_leases` lets one instance do it, and the
 * unique `lastId` keeps a race to one row.
 */
@Injectable()
export class AnchorJob implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('AnchorJob');
  private readonly owner = `${hostname().slice(0, 40)}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly anchors: AnchorsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.jobsEnabled) return;
    this.timer = setInterval(() => void this.tick(), Math.min(CHECK_EVERY_MS, this.config.auditAnchorIntervalMs));
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** One guarded run: anchors when the last anchor is older than the interval. Null when nothing was done. */
  async tick(now = new Date()) {
    try {
      const last = await this.db.getRepository(AuditAnchor).findOne({ where: {}, order: { lastId: 'DESC' } });
      if (last && now.getTime() - last.anchoredAt.getTime() < this.config.auditAnchorIntervalMs) return null;
      if (!(await acquireLease(this.db, LEASE, this.owner, 10 * 60_000, now))) return null;
      return await this.anchors.anchorNow(now);
    } catch (e) {
      this.logger.warn(`audit anchor failed: ${(e as Error).message}`);
      return null;
    }
  }
}
