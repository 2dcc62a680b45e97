/**
 * Recomputes the figures each case keeps of its own history from case_events, on the configured database
 * (DATABASE_URL or the SQLite file), after a restore, a bulk import or a fix of the rules:
 *   node dist/cases/rebuild-figures.js
 * Today that is the dispatch outcome (first dispatch, department, suggestion taken, dispatches, returns) behind
 * dispatch quality and the ranking's 首次派准率. Runs in batches of case ids, each one statement, so it can run
 * while the server is up: a case moved during its batch is recounted under that case's row lock.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { buildConfig } from '../config/app-config';
import { databaseOptions } from '../database/database-options';
import { rebuildDispatchOutcomes } from './dispatch-outcome.repository';

async function main(): Promise<void> {
  const config = buildConfig(process.env);
  const ds = await new DataSource({ ...databaseOptions(config.database), logging: ['error'] }).initialize();
  try {
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
