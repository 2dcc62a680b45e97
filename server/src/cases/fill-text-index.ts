/**
 * Fills the search box's index (case-text-index.ts) to the newest complete block on the configured database
 * (DATABASE_URL or the SQLite file), as the server's CaseTextIndexJob does behind the writes, but without pause:
 *   node dist/cases/fill-text-index.js
 * For a quiet window after an upgrade, or to time the fill (docs/operations.md). Safe beside running servers: each
 * block is one short transaction, and instances take turns on the watermark's row.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { buildConfig } from '../config/app-config';
import { databaseOptions } from '../database/database-options';
import { Transactions } from '../database/transactions';
import { CASE_TEXT_BLOCK } from './case-text-index';
import { CaseTextIndexer } from './case-text-indexer';

async function main(): Promise<void> {
  const config = buildConfig(process.env);
  const ds = await new DataSource({ ...databaseOptions(config.database), logging: ['error'] }).initialize();
  const indexer = new CaseTextIndexer(ds, new Transactions(ds));
  const started = Date.now();
  let blocks = 0;
  try {
    while ((await indexer.drainChanges()) > 0);
    while (await indexer.fillNextBlock()) {
      if (++blocks % 50 === 0)
        process.stdout.write(`${blocks} blocks (${blocks * CASE_TEXT_BLOCK} case ids) in ${Date.now() - started} ms\n`);
    }
    while ((await indexer.drainChanges()) > 0);
    const [row] = (await ds.query('SELECT blocks FROM case_text_index WHERE id = 1')) as { blocks: number | string }[];
    process.stdout.write(
      `${config.database.type}: ${blocks} blocks indexed in ${Date.now() - started} ms; cases below #${Number(row.blocks) * CASE_TEXT_BLOCK} indexed\n`,
    );
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
