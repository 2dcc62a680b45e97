import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ClaimsService } from './claims.service';
import { acquireLease } from './job-lease';
import { StatementReconciliationService } from './statement-reconciliation.service';

const LEASE = 'payout-reconcile';

/**
 * Periodically reconciles transfer bills that are not final (lost callbacks, crashed claims, 24 h
 * expiry), and once a day yesterday's fund-flow bill (StatementReconciliationService). With several instances, a lease in `job_leases` lets one run at a time.
 */
@Injectable()
export class ReconcileJob implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('ReconcileJob');
  private readonly owner = `${hostname().slice(0, 40)}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly claims: ClaimsService,
    private readonly statements: StatementReconciliationService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.jobsEnabled) return;
    this.timer = setInterval(() => void this.tick(), this.config.wechatpay.reconcileIntervalMs);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** One guarded run; returns null when another instance holds the lease. */
  async tick(): Promise<Awaited<ReturnType<ClaimsService['reconcileOnce']>> | null> {
    if (this.running) return null;
    this.running = true;
    try {
      if (!(await acquireLease(this.db, LEASE, this.owner, Math.max(30_000, this.config.wechatpay.reconcileIntervalMs * 2)))) return null;
      const result = await this.claims.reconcileOnce();
      // Yesterday's fund-flow bill, once WeChat Pay has made it (no-op when done).
      await this.statements.runDue().catch((e) => this.logger.warn(`statement reconciliation failed: ${(e as Error).message}`));
      return result;
    } catch (e) {
      this.logger.warn(`reconcile failed: ${(e as Error).message}`);
      return null;
    } finally {
      this.running = false;
    }
  }
}
