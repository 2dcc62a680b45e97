import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';

const CHANNEL = 'sansui:invalidate';

type Listener = (key: string) => void;

/**
 * Tells the other instances that a cached entry changed (a user's status, later the catalogues). With
 * REDIS_URL: Redis publish/subscribe, so every instance drops the entry within milliseconds; without it
 * there is one instance and nothing to tell. Callers drop their own entry themselves, then `publish`.
 * A message lost while Redis reconnects is covered by the caches' own short lifetimes.
 */
@Injectable()
export class InvalidationBus implements OnModuleDestroy {
  private readonly logger = new Logger('InvalidationBus');
  private readonly origin = randomUUID();
  private readonly listeners = new Map<string, Listener[]>();
  private readonly pub: Redis | null;
  private readonly sub: Redis | null;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    if (!config.redisUrl) {
      this.pub = this.sub = null;
      return;
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only with REDIS_URL: ~3 % of a boot's module loading
    const RedisClient = require('ioredis') as typeof Redis;
    this.pub = new RedisClient(config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 2 });
    this.sub = new RedisClient(config.redisUrl, { lazyConnect: false });
    for (const c of [this.pub, this.sub]) c.on('error', (e: Error) => this.logger.warn(`redis: ${e.message}`));
    void this.sub.subscribe(CHANNEL).catch((e: Error) => this.logger.error(`subscribe failed: ${e.message}`));
    this.sub.on('message', (_channel: string, raw: string) => this.deliver(raw));
  }

  /** `fn` runs with the key whenever another instance invalidates an entry of `topic`. */
  on(topic: string, fn: Listener): void {
    this.listeners.set(topic, [...(this.listeners.get(topic) ?? []), fn]);
  }

  /** Tells the other instances; never throws (the caches' lifetimes bound the staleness if Redis is down). */
  publish(topic: string, key: string | number): void {
    if (!this.pub) return;
    this.pub.publish(CHANNEL, JSON.stringify({ topic, key: String(key), origin: this.origin })).catch((e: Error) => {
      this.logger.warn(`publish failed (${topic} ${key}): ${e.message}`);
    });
  }

  onModuleDestroy(): void {
    this.pub?.disconnect();
    this.sub?.disconnect();
  }

  private deliver(raw: string): void {
    let msg: { topic?: unknown; key?: unknown; origin?: unknown };
    try {
      msg = JSON.parse(raw) as typeof msg;
    } catch {
      return;
    }
    if (msg.origin === this.origin || typeof msg.topic !== 'string' || typeof msg.key !== 'string') return;
    for (const fn of this.listeners.get(msg.topic) ?? []) fn(msg.key);
  }
}
