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
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { runDatabaseCommand } from '../database/database-command';
import { rebuildDayFigures } from './day-figures.repository';
import { rebuildDispatchOutcomes } from './dispatch-outcome.repository';

async function rebuild(ds: DataSource, config: AppConfig): Promise<void> {
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null;
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
      progress: (done, lastId) => process.stdout.write(`daily figures: cases up to #${done} of #${lastId} (${Date.now() - started} ms)\n`),
    });
    process.stdout.write(`${config.database.type}: daily figures of ${last} case ids recounted in ${Date.now() - started} ms\n`);
  }
}

if (require.main === module) runDatabaseCommand(rebuild);
