import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  DataSource,
  EntitySubscriberInterface,
  InsertEvent,
  QueryRunner,
  RemoveEvent,
  SoftRemoveEvent,
  TransactionCommitEvent,
  TransactionRollbackEvent,
  UpdateEvent,
} from 'typeorm';
import { InvalidationBus } from '../common/redis/invalidation-bus';

const TOPIC = 'table';

/**
 * The tables that may be cached. Fixed, so that an instance that never read one still tells the others
 * when it writes it; writes to any other table cost nothing here.
 */
export const CACHEABLE_TABLES = ['categories', 'areas', 'responsibility_zones', 'routing_rules', 'departments'] as const;
export type CacheableTable = (typeof CACHEABLE_TABLES)[number];
const cacheable = new Set<string>(CACHEABLE_TABLES);
/**
 * Backstop only: a write made outside this process's TypeORM (SQL by hand, another program) or an
 * invalidation lost while Redis reconnects is seen after this long. Writes through the app invalidate at once.
 */
const BACKSTOP_MS = 10 * 60_000;

interface Entry {
  tables: readonly CacheableTable[];
  value: Promise<unknown>;
  until: number;
}

/** Tables written by a still-open transaction, to be invalidated again when it commits. */
const pendingByRunner = new WeakMap<QueryRunner, Set<string>>();

/**
 * Whole-table snapshots of rarely changing reference data (categories, areas, zones, routing rules,
 * departments), read by the hot paths (report intake, routing) instead of querying each time.
 *
 * Invalidation is by write, not by timer: every insert/update/delete that goes through TypeORM on a
 * cached table (repositories, query builders, the demo seed, admin edits) drops the entries built from
 * it, once when the statement runs and again when its transaction ends (a read between the two could
 * otherwise cache the old rows, or on SQLite, whose one connection is shared, rows later rolled back), and tells the other instances through the InvalidationBus (Redis
 * publish/subscribe, the channel of the user-status cache). A load that raced with a write is not stored.
 */
@Injectable()
export class TableCache implements EntitySubscriberInterface, OnModuleInit {
  private readonly entries = new Map<string, Entry>();
  /** Per table, bumped by every invalidation: a load started before it is not stored. */
  private readonly generations = new Map<string, number>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly bus: InvalidationBus,
  ) {
    bus.on(TOPIC, (table) => this.drop(table));
  }

  onModuleInit(): void {
    this.db.subscribers.push(this);
  }

  /**
   * The cached value of `key`, built by `load` from `tables` when absent. `load` must read only those
   * tables (through this data source) and return something callers do not mutate.
   */
  get<T>(key: string, tables: readonly CacheableTable[], load: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && hit.until > Date.now()) return hit.value as Promise<T>;
    const before = tables.map((t) => this.generations.get(t) ?? 0);
    const value = load();
    const entry: Entry = { tables, value, until: Date.now() + BACKSTOP_MS };
    this.entries.set(key, entry);
    value.then(
      () => {
        // A write during the load: the loaded rows may predate it; the next caller loads again.
        if (tables.some((t, i) => (this.generations.get(t) ?? 0) !== before[i]) && this.entries.get(key) === entry)
          this.entries.delete(key);
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return value;
  }

  /** Moves with every invalidation of `table` seen here: what was built from it before is stale once this moved. */
  generation(table: CacheableTable): number {
    return this.generations.get(table) ?? 0;
  }

  /** Drops every entry built from `table`, here and (with REDIS_URL) in the other instances. */
  invalidate(table: CacheableTable): void {
    this.drop(table);
    this.bus.publish(TOPIC, table);
  }

  afterInsert(event: InsertEvent<unknown>): void {
    this.written(event.metadata.tableName, event.queryRunner);
  }

  afterUpdate(event: UpdateEvent<unknown>): void {
    this.written(event.metadata.tableName, event.queryRunner);
  }

  afterRemove(event: RemoveEvent<unknown>): void {
    this.written(event.metadata.tableName, event.queryRunner);
  }

  afterSoftRemove(event: SoftRemoveEvent<unknown>): void {
    this.written(event.metadata.tableName, event.queryRunner);
  }

  afterTransactionCommit(event: TransactionCommitEvent | TransactionRollbackEvent): void {
    const tables = pendingByRunner.get(event.queryRunner);
    if (!tables) return;
    pendingByRunner.delete(event.queryRunner);
    for (const t of tables) this.invalidate(t as CacheableTable);
  }

  /** On SQLite a read outside the transaction shares its connection and may have cached rows now rolled back. */
  afterTransactionRollback(event: TransactionRollbackEvent): void {
    this.afterTransactionCommit(event);
  }

  private written(table: string | undefined, runner: QueryRunner | undefined): void {
    if (!table || !cacheable.has(table)) return;
    this.invalidate(table as CacheableTable);
    if (runner?.isTransactionActive) {
      const pending = pendingByRunner.get(runner) ?? new Set<string>();
      pending.add(table);
      pendingByRunner.set(runner, pending);
    }
  }

  private drop(table: string): void {
    if (!cacheable.has(table)) return;
    this.generations.set(table, (this.generations.get(table) ?? 0) + 1);
    for (const [key, e] of this.entries) if (e.tables.includes(table as CacheableTable)) this.entries.delete(key);
  }
}
