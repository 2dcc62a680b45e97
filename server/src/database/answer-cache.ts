import { Inject, Injectable } from '@nestjs/common';
import etag from 'etag';
import type { FastifyReply } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DataVersion } from './data-version';
import { ANY_WRITE, type ReadScope } from './read-scopes';
import { TableCache } from './table-cache';

/** An answer and the instant it stops being true with no write (a deadline, a minute left, a photo link's hour). */
export interface Answer<T = unknown> {
  value: T;
  validUntil: number;
}

/** The JSON bytes of a `T` (what a route returns when its answer comes from the AnswerCache). */
export type JsonOf<T> = Buffer & { readonly answerOf?: T };

interface Entry {
  token: string;
  /** When it was read: a clock set back (tests, a corrected host clock) does not get answers of a later time. */
  from: number;
  validUntil: number;
  body: Buffer;
  tag: string;
  bytes: number;
}

/** Fastify's own type for a JSON answer: a kept answer goes out with the headers a fresh one gets. */
const JSON_TYPE = 'application/json; charset=utf-8';
/** Whether the answer was kept or read now, for operators (the browser's network panel) and the mixed bench's hit rate. */
const KEPT = 'answer;desc="kept"';
const READ = 'answer;desc="read"';

/**
 * Read answers kept across requests as the bytes sent (JSON and its ETag), for the hottest reads (my reports, the
 * staff case lists). An answer is served again only while
 * - the database's data version of the scopes it shows (DataVersion; on MariaDB per scope, read-scopes.ts, on SQLite
 *   one for all) and the reference tables' generations it read names from (TableCache: departments, categories) are
 *   what they were when it was read: any write that can change it, by any instance, through any path, moves one of
 *   them, and a rolled-back or uncommitted write is never kept;
 * - and the clock has not passed its `validUntil` (the overdue flag and minutes left, signed photo links).
 * The key names the caller (user, roles, department) and the URL: no answer is handed to another caller. Bounded in
 * entries and bytes (least recently used dropped first), in memory only, off with READ_CACHE=false.
 */
@Injectable()
export class AnswerCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  private readonly enabled: boolean;
  private readonly maxBytes: number;
  private readonly maxEntries: number;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly version: DataVersion,
    private readonly tables: TableCache,
  ) {
    ({ enabled: this.enabled, maxBytes: this.maxBytes, maxEntries: this.maxEntries } = config.readCache);
  }

  /**
   * The answer of `key` as JSON bytes with its ETag set on `reply`: kept, or built by `build` (and kept when it may be).
   * `scopes` are those of every row the answer can show (a key always names the same scopes).
   */
  async send<T>(
    reply: FastifyReply,
    key: string,
    build: (now: Date) => Promise<Answer<T>>,
    scopes: readonly ReadScope[] = [ANY_WRITE],
  ): Promise<JsonOf<T>> {
    const data = this.enabled ? await this.version.current(scopes) : null;
    const token = data === null ? null : `${data}.${this.tables.generation('departments')}.${this.tables.generation('categories')}`;
    const now = Date.now();
    let entry = token === null ? undefined : this.entries.get(key);
    if (entry && (entry.token !== token || now >= entry.validUntil || now < entry.from)) {
      this.drop(key, entry);
      entry = undefined;
    } else if (entry) {
      // Most recently used last: the first key is the one dropped when full.
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    reply.header('server-timing', entry ? KEPT : READ);
    if (!entry) {
      const answer = await build(new Date(now));
      const body = Buffer.from(JSON.stringify(answer.value));
      entry = {
        token: token ?? '',
        from: now,
        validUntil: answer.validUntil,
        body,
        tag: etag(body, { weak: true }),
        bytes: body.length + key.length * 2,
      };
      if (data !== null && answer.validUntil > now && this.version.stillAt(data)) this.keep(key, entry);
    }
    reply.header('content-type', JSON_TYPE);
    reply.header('ETag', entry.tag);
    return entry.body;
  }

  private keep(key: string, entry: Entry): void {
    if (entry.bytes > this.maxBytes) return;
    const old = this.entries.get(key);
    if (old) this.drop(key, old);
    this.entries.set(key, entry);
    this.bytes += entry.bytes;
    for (const [k, e] of this.entries) {
      if (this.bytes <= this.maxBytes && this.entries.size <= this.maxEntries) break;
      this.drop(k, e);
    }
  }

  private drop(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }
}

/** The part of a cache key that names the caller: what an answer may depend on of who asks. */
export function callerKey(user: { id: number; kind: string; roles: readonly string[]; departmentId: number | null }): string {
  return `${user.kind}:${user.id}:${user.roles.join(',')}:${user.departmentId ?? ''}`;
}
