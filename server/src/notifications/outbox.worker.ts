import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { Interval } from '@nestjs/schedule';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { OutboxService } from './outbox.service';

/**
 * Delivers the outbox every 5 s in instances with JOBS_ENABLED (several may run: rows are leased), and purges old
 * rows hourly. Delivery starts once this server listens, and right then: in demo mode the WeChat and WeCom
 * simulators are routes of this same server, and the boot (the demo seed writes ~100 notices and pushes) runs
 * before it listens, so an earlier tick found nobody at the simulator's address and failed every message of its
 * batch once (`gettoken unreachable`). An instance that does not serve yet has no business sending either.
 */
@Injectable()
export class OutboxWorker implements OnModuleInit {
  private readonly logger = new Logger('OutboxWorker');
  private running = false;

  constructor(
    private readonly outbox: OutboxService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly http: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    this.http.listen$.subscribe(() => void this.tick());
  }

  @Interval('outbox', 5_000)
  async tick(): Promise<void> {
    if (!this.config.jobsEnabled || this.running || !this.http.listening) return;
    this.running = true;
    try {
      await this.outbox.runOnce();
    } catch (e) {
      this.logger.error(`outbox run failed: ${(e as Error).message}`);
    } finally {
      this.running = false;
    }
  }

  /** Hourly: drop delivered and refused messages older than 30 days (failed and dead ones stay for inspection). */
  @Interval('outbox-purge', 3_600_000)
  async purge(): Promise<void> {
    if (!this.config.jobsEnabled) return;
    try {
      await this.outbox.purgeDelivered(30);
    } catch (e) {
      this.logger.error(`outbox purge failed: ${(e as Error).message}`);
    }
  }
}
