/**
 * Recomputes the figures each case keeps of its own history from case_events, on the configured database
 * (DATABASE_URL or the SQLite file), after a restore, a bulk import or a fix of the rules:
 *   node dist/cases/rebuild-figures.js
 * - the dispatch outcome on each case (first dispatch, department, suggestion taken, dispatches, returns) behind
 *   dispatch quality and the ranking's 首次派准率: batches of case ids, each one statement, so it can run while the
 *   server is up (a case moved during its batch is recounted under that case's row lock);
 * - then the daily roll-up `case_day_figures` (every department KPI, dispatch quality, grids, trends: from the cases,
 *   their events, evidence and verdicts): wiped and recounted in one transaction, so case writes wait for it (a few
 *   seconds to a minute at a million cases).
 * `--only day-figures` or `--only dispatch-outcomes` runs one of them.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { buildConfig } from '../config/app-config';
import { databaseOptions } from '../database/database-options';
import { rebuildDayFigures } from './day-figures.repository';
import { rebuildDispatchOutcomes } from './dispatch-outcome.repository';

async function main(): Promise<void> {
  const config = buildConfig(process.env);
  const ds = await new DataSource({ ...databaseOptions(config.database), logging: ['error'] }).initialize();
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null;
  try {
    if (only !== 'day-figures') {
      const started = Date.now();
      let shown = 0;
      const last = await rebuildDispatchOutcomes(ds, String(ds.options.type), {
        progress: (done, lastId) => {
          if (done - shown >= 100_000 || done === lastId) {
            shown = done;
            process.stdout.write(`dispatch outcomes: cases up to #${done} of #${lastId} (${Date.now() - started} ms)\n`);
          }
        },
      });
      process.stdout.write(`${config.database.type}: dispatch outcomes of ${last} case ids recounted in ${Date.now() - started} ms\n`);
    }
    if (only !== 'dispatch-outcomes') {
      const started = Date.now();
      const last = await rebuildDayFigures(ds, {
        progress: (done, lastId) =>
          process.stdout.write(`daily figures: cases up to #${done} of #${lastId} (${Date.now() - started} ms)\n`),
      });
      process.stdout.write(`${config.database.type}: daily figures of ${last} case ids recounted in ${Date.now() - started} ms\n`);
    }
  } finally {
    await ds.destroy();
  }
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
