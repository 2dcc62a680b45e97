import { Inject, Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { EscalationService } from './escalation.service';

/** Runs the escalation ladder every minute when JOBS_ENABLED (several instances may run it: steps are claimed by a unique key). */
@Injectable()
export class EscalationJob {
  private readonly logger = new Logger('EscalationJob');
  private running = false;

  constructor(
    private readonly escalation: EscalationService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Interval('case-escalation', 60_000)
  async tick(): Promise<void> {
    if (!this.config.jobsEnabled || this.running) return;
    this.running = true;
    try {
      const r = await this.escalation.runOnce(new Date());
      if (r.fired.length) this.logger.log(`escalation: ${r.fired.length} step(s) fired, ${r.skipped} already claimed`);
    } catch (e) {
      this.logger.error(`escalation run failed: ${(e as Error).message}`);
    } finally {
      this.running = false;
    }
  }
}
