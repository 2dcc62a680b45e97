/**
 * Fills the search box's index (case-text-index.ts) to the newest complete block on the configured database
 * (DATABASE_URL or the SQLite file), as the server's CaseTextIndexJob does behind the writes, but without pause:
 *   node dist/cases/fill-text-index.js
 * For a quiet window after an upgrade, or to time the fill (docs/operations.md). Safe beside running servers: each
 * block is one short transaction, and instances take turns on the watermark's row.
 */
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { runDatabaseCommand } from '../database/database-command';
import { Transactions } from '../database/transactions';
import { CASE_TEXT_BLOCK } from './case-text-index';
import { CaseTextIndexer } from './case-text-indexer';

async function fill(ds: DataSource, config: AppConfig): Promise<void> {
  const indexer = new CaseTextIndexer(ds, new Transactions(ds));
  const started = Date.now();
  let blocks = 0;
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
}

if (require.main === module) runDatabaseCommand(fill);
