import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AuditVerifyResult } from '@sansui/shared';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager, In, MoreThan } from 'typeorm';
import { directQuery } from '../database/direct-sql';
import { insertRow } from '../database/insert-row';
import { Transactions } from '../database/transactions';
import { AuditChainHead } from './audit-chain-head.entity';
import { AuditLog } from './audit-log.entity';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntryInput {
  actorUserId: number | null;
  actorName?: string | null;
  action: string;
  targetType?: string | null;
  targetId?: string | number | null;
  data?: Record<string, unknown> | null;
}

/** Canonical JSON (sorted keys) so the hash does not depend on key order after a round trip through the database. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

export function hashEntry(
  prevHash: string,
  e: Pick<AuditLog, 'at' | 'actorUserId' | 'actorName' | 'action' | 'targetType' | 'targetId' | 'data'>,
): string {
  const body = canonical({
    at: e.at.toISOString(),
    actorUserId: e.actorUserId,
    actorName: e.actorName,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId,
    data: e.data,
  });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

/**
 * The append-only, hash-chained audit log (docs/domain.md §9). Appends are serialised: on MySQL by locking the
 * chain head row (`SELECT … FOR UPDATE` on audit_chain_head), on SQLite by the single-writer queue.
 * Call `record` with the EntityManager of the transaction that made the change, so the entry commits
 * with it or not at all.
 */
@Injectable()
export class AuditService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: Transactions,
  ) {}

  /**
   * The head row exists before the first append: creating it inside `record` (INSERT IGNORE, then
   * FOR UPDATE) makes concurrent appends take shared locks first and deadlock each other on MySQL.
   */
  async onModuleInit(): Promise<void> {
    await this.ensureHead(this.db.manager);
  }

  private async ensureHead(em: EntityManager): Promise<void> {
    await em
      .getRepository(AuditChainHead)
      .createQueryBuilder()
      .insert()
      .values({ id: 1, lastId: 0, hash: GENESIS_HASH })
      .orIgnore()
      .execute();
  }

  /**
   * Takes the chain lock now, for a transaction that will record an entry after locking other rows
   * that audited case actions lock after their own entry (campaigns, rewards): taking the chain first
   * keeps one lock order everywhere, so the two do not deadlock on MySQL. SQLite serialises anyway.
   */
  async lockChain(em: EntityManager): Promise<void> {
    if (this.tx.isMysql) await this.head(em);
  }

  /**
   * Appends one entry: the head read (locked on MariaDB), the entry's INSERT and the head's UPDATE, written out past
   * TypeORM's builders and `save`, whose read-back of the new row no caller uses (every case move and every staff
   * action records one, as does each move of the demo data at first start).
   */
  async record(em: EntityManager, input: AuditEntryInput): Promise<AuditLog> {
    let head = await this.head(em);
    if (!head) {
      await this.ensureHead(em);
      head = await this.head(em);
      if (!head) throw new Error('audit_chain_head has no row 1');
    }
    const entry = Object.assign(new AuditLog(), {
      at: new Date(),
      actorUserId: input.actorUserId,
      actorName: input.actorName ?? null,
      action: input.action,
      targetType: input.targetType ?? null,
      targetId: input.targetId === undefined || input.targetId === null ? null : String(input.targetId),
      data: input.data ?? null,
      prevHash: head.hash,
    });
    entry.hash = hashEntry(entry.prevHash, entry);
    entry.id = await insertRow(em, AuditLog, { ...entry });
    await directQuery(em, 'UPDATE audit_chain_head SET lastId = ?, hash = ? WHERE id = 1', [entry.id, entry.hash]);
    return entry;
  }

  private async head(em: EntityManager): Promise<{ hash: string } | undefined> {
    const sql = `SELECT hash FROM audit_chain_head WHERE id = 1${this.tx.isMysql ? ' FOR UPDATE' : ''}`;
    const [row] = await directQuery<{ hash: string }[]>(em, sql);
    return row;
  }

  /** Records in a transaction of its own (for events that change nothing else, such as a staff login). */
  recordAlone(input: AuditEntryInput): Promise<AuditLog> {
    return this.tx.run((em) => this.record(em, input));
  }

  /** Walks the chain in id order; reports the first row whose link or content does not match. */
  verify(): Promise<AuditVerifyResult> {
    return verifyChain(this.db);
  }
}

/** The chain head as committed now (id and hash of the newest entry). */
export async function chainHead(db: DataSource): Promise<{ lastId: number; hash: string }> {
  const head = await db.getRepository(AuditChainHead).findOne({ where: { id: 1 } });
  return { lastId: head?.lastId ?? 0, hash: head?.hash ?? GENESIS_HASH };
}

/** The stored hash of each of these entries, by id (an id with no entry is absent). */
export async function entryHashes(db: DataSource, ids: readonly number[]): Promise<Map<number, string>> {
  const found = new Map<number, string>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db.getRepository(AuditLog).find({ where: { id: In(ids.slice(i, i + 500)) }, select: { id: true, hash: true } });
    for (const r of rows) found.set(r.id, r.hash);
  }
  return found;
}

/** The chain walk behind `AuditService.verify`, on any DataSource (the anchor CLI has no Nest app). */
export async function verifyChain(db: DataSource): Promise<AuditVerifyResult> {
  const repo = db.getRepository(AuditLog);
  let prev = GENESIS_HASH;
  let checked = 0;
  let lastId = 0;
  for (;;) {
    const rows = await repo.find({ where: { id: MoreThan(lastId) }, order: { id: 'ASC' }, take: 1000 });
    if (rows.length === 0) {
      // Rows deleted from the end leave the head pointing past the last entry.
      const head = await db.getRepository(AuditChainHead).findOne({ where: { id: 1 } });
      if (head && head.hash !== prev) return { ok: false, checked, firstBrokenId: head.lastId };
      return { ok: true, checked };
    }
    for (const row of rows) {
      if (row.prevHash !== prev || hashEntry(prev, row) !== row.hash) return { ok: false, checked, firstBrokenId: row.id };
      prev = row.hash;
      checked++;
      lastId = row.id;
    }
  }
}
