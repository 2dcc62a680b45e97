import { Inject, Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { CaseTextIndexer } from './case-text-indexer';

/** Work per tick: the fill of a city's old cases after an upgrade leaves the process half of each second. */
const BUDGET_MS = 500;

/**
 * Every second when JOBS_ENABLED: the search box's index catches up with new and edited cases (CaseTextIndexer), one
 * short transaction per block or batch of edits. Several instances may run it.
 */
@Injectable()
export class CaseTextIndexJob {
  private readonly logger = new Logger('CaseTextIndexJob');
  private running = false;

  constructor(
    private readonly indexer: CaseTextIndexer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Interval('case-text-index', 1_000)
  async tick(): Promise<void> {
    if (!this.config.jobsEnabled || this.running) return;
    this.running = true;
    try {
      if (!(await this.indexer.hasWork())) return;
      const until = Date.now() + BUDGET_MS;
      while (Date.now() < until) {
        const drained = await this.indexer.drainChanges();
        const filled = await this.indexer.fillNextBlock();
        if (!drained && !filled) break;
      }
    } catch (e) {
      this.logger.error(`case text index failed: ${(e as Error).message}`);
    } finally {
      this.running = false;
    }
  }
}
