import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DemoMarker } from './demo-marker.entity';
import { DemoSeedRegistry } from './demo-seed.registry';
import { isUniqueViolation } from '../database/unique-violation';

export type DemoSeedOutcome = 'seeded' | 'skipped';

/** A `running` marker older than this belongs to a process that died while seeding. */
const STALE_MS = 10 * 60_000;

/**
 * Fills an empty database with the demo city when DEMO_DATA=true, once: the first boot claims the
 * `demo_marker` row (a unique insert, so of several instances starting together exactly one seeds),
 * runs every registered step in order, and marks it done. Later boots find the marker and keep the
 * first run's data.
 *
 * Steps get the plain EntityManager and open their own transactions: several steps (demo reports)
 * go through services that run `Transactions.run` themselves, which cannot nest inside one outer
 * transaction (SQLite's single-writer queue would wait on itself; on MySQL the inner transactions
 * would not see the outer one's rows). Steps are written to be re-runnable, and a failed run removes
 * the marker so the next boot tries again.
 */
@Injectable()
export class DemoSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('DemoSeeder');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: DemoSeedRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.demoData) return;
    try {
      await this.seed();
    } catch (e) {
      // The server still starts (the demo is for looking around); the next boot tries again.
      this.logger.error(`demo data could not be seeded: ${(e as Error).message}`, (e as Error).stack);
    }
  }

  async seed(): Promise<DemoSeedOutcome> {
    if (!(await this.claim())) {
      this.logger.log('demo data already present: not seeding again');
      return 'skipped';
    }
    const markers = this.db.getRepository(DemoMarker);
    try {
      for (const step of this.registry.ordered()) {
        const started = Date.now();
        const cpu = process.cpuUsage();
        await step.run(this.db.manager);
        const used = process.cpuUsage(cpu);
        this.logger.log(
          `demo step ${step.order} ${step.name}: ${Date.now() - started} ms (cpu ${Math.round((used.user + used.system) / 1000)} ms)`,
        );
      }
    } catch (e) {
      await markers.delete({ id: 1 });
      throw e;
    }
    await markers.update({ id: 1 }, { status: 'done', finishedAt: new Date() });
    return 'seeded';
  }

  /**
   * True when this process owns the seeding: it inserted the marker, or took over a `running` marker
   * left by a process that died mid-seed (older than STALE_MS; the steps are re-runnable).
   */
  private async claim(): Promise<boolean> {
    const markers = this.db.getRepository(DemoMarker);
    try {
      await markers.insert({ id: 1, status: 'running', startedAt: new Date(), finishedAt: null });
      return true;
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
    }
    const marker = await markers.findOne({ where: { id: 1 } });
    if (!marker || marker.status !== 'running' || Date.now() - marker.startedAt.getTime() < STALE_MS) return false;
    const taken = await markers.update({ id: 1, status: 'running', startedAt: marker.startedAt }, { startedAt: new Date() });
    return taken.affected === 1;
  }
}
