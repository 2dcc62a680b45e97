import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';

/** What the guard reads back from a store (the library does not export this type from its index). */
type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** One client's window on one throttler: its hits' expiry times, oldest first, from `head` on. */
interface ClientWindow {
  hits: number[];
  head: number;
  expiresAt: number;
  isBlocked: boolean;
  blockExpiresAt: number;
}

const SWEEP_INTERVAL_MS = 60_000;

/**
 * The rate-limit counters of one instance (no REDIS_URL): the same answers as @nestjs/throttler's
 * ThrottlerStorageService (limits, blocks, Retry-After, the headers' figures), with each request's cost independent
 * of how many hits the client has in its window. The library's store filters every hit of the client's last minute
 * on each request, which costs ~0.2 ms at 15,000 hits (one busy address, e.g. a carrier's NAT) and grows with them.
 * A client's hits all carry the same ttl, so they expire in the order they came: expired ones are dropped from the
 * front of the queue. (If the clock steps back, a hit may be dropped a little late: a count briefly too high.)
 */
@Injectable()
export class RateLimitStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly windows = new Map<string, ClientWindow>();
  private sweep?: NodeJS.Timeout;

  get size(): number {
    return this.windows.size;
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    return this.count(key, ttl, limit, blockDuration, throttlerName, Date.now());
  }

  onApplicationShutdown(): void {
    if (this.sweep) clearInterval(this.sweep);
    this.sweep = undefined;
    this.windows.clear();
  }

  private count(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
    now: number,
  ): ThrottlerStorageRecord {
    this.sweep ??= setInterval(() => this.evictIdle(Date.now()), SWEEP_INTERVAL_MS).unref();
    const id = `${throttlerName}\n${key}`;
    let window = this.windows.get(id);
    if (!window) {
      window = { hits: [], head: 0, expiresAt: now + ttl, isBlocked: false, blockExpiresAt: 0 };
      this.windows.set(id, window);
    }
    dropExpired(window, now);
    let timeToExpire = seconds(window.expiresAt - now);
    if (timeToExpire <= 0) {
      window.expiresAt = now + ttl;
      timeToExpire = seconds(ttl);
    }
    if (blockDuration <= 0) return countWithoutBlock(window, ttl, limit, now, timeToExpire);

    if (!window.isBlocked) window.hits.push(now + ttl);
    if (live(window) > limit && !window.isBlocked) {
      window.isBlocked = true;
      window.blockExpiresAt = now + blockDuration;
    }
    const timeToBlockExpire = seconds(window.blockExpiresAt - now);
    if (timeToBlockExpire <= 0 && window.isBlocked) {
      window.isBlocked = false;
      window.hits = [now + ttl];
      window.head = 0;
    }
    return { totalHits: live(window), timeToExpire, isBlocked: window.isBlocked, timeToBlockExpire };
  }

  private evictIdle(now: number): void {
    for (const [id, window] of this.windows) {
      if (window.isBlocked && window.blockExpiresAt > now) continue;
      if (window.expiresAt > now) continue;
      dropExpired(window, now);
      if (live(window) === 0) this.windows.delete(id);
    }
  }
}

/** The library's path for a throttler without a block duration: a request over the limit is refused, not counted. */
function countWithoutBlock(window: ClientWindow, ttl: number, limit: number, now: number, timeToExpire: number): ThrottlerStorageRecord {
  const before = live(window);
  const isBlocked = before >= limit;
  if (!isBlocked) window.hits.push(now + ttl);
  const oldest = live(window) > 0 ? seconds(window.hits[window.head] - now) : timeToExpire;
  return { totalHits: before + 1, timeToExpire, isBlocked, timeToBlockExpire: isBlocked ? oldest : 0 };
}

function dropExpired(window: ClientWindow, now: number): void {
  const { hits } = window;
  let head = window.head;
  while (head < hits.length && hits[head] <= now) head++;
  if (head > 1024 && head * 2 > hits.length) {
    window.hits = hits.slice(head);
    head = 0;
  }
  window.head = head;
}

const live = (window: ClientWindow): number => window.hits.length - window.head;
const seconds = (ms: number): number => Math.ceil(ms / 1000);
