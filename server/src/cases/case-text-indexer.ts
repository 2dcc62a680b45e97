import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { directChanges, directQuery } from '../database/direct-sql';
import { Transactions } from '../database/transactions';
import { CASE_TEXT_BLOCK, RUN_COLUMNS, blockPieces, type CaseTexts, type PieceRow } from './case-text-index';

/** Changed cases read again per transaction. */
const CHANGES_BATCH = 500;
/** Pieces per INSERT statement. */
const ROWS_PER_INSERT = 500;

/**
 * Keeps the search box's index (case-text-index.ts) behind the writes: each call is one short transaction that either
 * indexes the next complete block of cases and advances the watermark (`case_text_index.blocks`), or reads again the
 * cases the `case_text_changed` trigger listed (a text or the status changed) and removes what it read from the list.
 * Several instances may run it: each transaction first takes the watermark's row, a piece already there gains the new
 * status and run bits (never loses any), and the watermark moves only from the value read.
 */
@Injectable()
export class CaseTextIndexer {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: Transactions,
  ) {}

  /** Whether either step has work, read without a transaction (on SQLite a write, even a no-op, moves the data version). */
  async hasWork(): Promise<boolean> {
    const [row] = await directQuery<{ blocks: number | string; next: unknown; changed: unknown }[]>(
      this.db,
      'SELECT s.blocks AS blocks, (SELECT c.id FROM cases c WHERE c.id >= (s.blocks + 1) * ? LIMIT 1) AS next, (SELECT x.seq FROM case_text_changes x LIMIT 1) AS changed FROM case_text_index s WHERE s.id = 1',
      [CASE_TEXT_BLOCK],
    );
    return row.next !== null || row.changed !== null;
  }

  /**
   * Indexes the block at the watermark when it is complete (a case exists past it: ids only grow, so none can join it)
   * and moves the watermark past it. False when the block is not complete yet.
   */
  fillNextBlock(): Promise<boolean> {
    return this.tx.run(async (em) => {
      const blocks = await this.watermark(em);
      const start = blocks * CASE_TEXT_BLOCK;
      const end = start + CASE_TEXT_BLOCK;
      const past = await directQuery<unknown[]>(em, 'SELECT id FROM cases WHERE id >= ? LIMIT 1', [end]);
      if (past.length === 0) return false;
      // MariaDB: a locking read waits for a case of this block inserted by a transaction not yet committed.
      const rows = await directQuery<CaseTexts[]>(
        em,
        `SELECT id, status, description, address, landmark FROM cases WHERE id >= ? AND id < ?${this.tx.isMysql ? ' LOCK IN SHARE MODE' : ''}`,
        [start, end],
      );
      await this.insertPieces(em, blockPieces(rows));
      await directChanges(em, 'UPDATE case_text_index SET blocks = ? WHERE id = 1 AND blocks = ?', [blocks + 1, blocks]);
      return true;
    });
  }

  /** Reads again the listed cases of the indexed blocks (the others are read with their block); how many were listed. */
  drainChanges(): Promise<number> {
    return this.tx.run(async (em) => {
      const indexedBelow = (await this.watermark(em)) * CASE_TEXT_BLOCK;
      const listed = await directQuery<{ seq: number | string; caseId: number | string }[]>(
        em,
        `SELECT seq, caseId FROM case_text_changes ORDER BY seq LIMIT ${CHANGES_BATCH}`,
      );
      if (listed.length === 0) return 0;
      const ids = [...new Set(listed.map((r) => Number(r.caseId)).filter((id) => id < indexedBelow))];
      if (ids.length) {
        const rows = await directQuery<CaseTexts[]>(
          em,
          `SELECT id, status, description, address, landmark FROM cases WHERE id IN (${ids.map(() => '?').join(', ')})`,
          ids,
        );
        await this.insertPieces(em, blockPieces(rows));
      }
      const seqs = listed.map((r) => Number(r.seq));
      await directChanges(em, `DELETE FROM case_text_changes WHERE seq IN (${seqs.map(() => '?').join(', ')})`, seqs);
      return listed.length;
    });
  }

  /** The watermark, its row taken first (a write on SQLite, a row lock on MariaDB): instances take turns. */
  private async watermark(em: EntityManager): Promise<number> {
    await directChanges(em, 'UPDATE case_text_index SET blocks = blocks WHERE id = 1', []);
    const [row] = await directQuery<{ blocks: number | string }[]>(em, 'SELECT blocks FROM case_text_index WHERE id = 1');
    return Number(row.blocks);
  }

  private async insertPieces(em: EntityManager, rows: PieceRow[]): Promise<void> {
    // MariaDB: two pieces equal under its collation in one statement meet as a duplicate, their bits ORed too.
    const bits = ['statuses', ...RUN_COLUMNS];
    const merge = this.tx.isMysql
      ? ` ON DUPLICATE KEY UPDATE ${bits.map((c) => `${c} = ${c} | VALUES(${c})`).join(', ')}`
      : ` ON CONFLICT (gram, block) DO UPDATE SET ${bits.map((c) => `${c} = ${c} | excluded.${c}`).join(', ')}` +
        ` WHERE ${bits.map((c) => `${c} <> (${c} | excluded.${c})`).join(' OR ')}`;
    const values = `(${['gram', 'block', ...bits].map(() => '?').join(', ')})`;
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      const chunk = rows.slice(i, i + ROWS_PER_INSERT);
      await directQuery(
        em,
        `INSERT INTO case_text_grams (gram, block, ${bits.join(', ')}) VALUES ${chunk.map(() => values).join(', ')}${merge}`,
        chunk.flat(),
      );
    }
  }
}
