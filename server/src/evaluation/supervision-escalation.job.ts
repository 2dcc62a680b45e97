import { Inject, Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { SupervisionEscalationService } from './supervision-escalation.service';

/** Escalates unanswered 督办通知 every five minutes when JOBS_ENABLED (each step is claimed once across instances). */
@Injectable()
export class SupervisionEscalationJob {
  private readonly logger = new Logger('SupervisionEscalationJob');
  private running = false;

  constructor(
    private readonly escalation: SupervisionEscalationService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Interval('supervision-escalation', 300_000)
  async tick(): Promise<void> {
    if (!this.config.jobsEnabled || this.running) return;
    this.running = true;
    try {
      const r = await this.escalation.runOnce(new Date());
      if (r.fired.length) this.logger.log(`supervision: ${r.fired.length} step(s) fired, ${r.skipped} already claimed`);
    } catch (e) {
      this.logger.error(`supervision escalation failed: ${(e as Error).message}`);
    } finally {
      this.running = false;
    }
  }
}
