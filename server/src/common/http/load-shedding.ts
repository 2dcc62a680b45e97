import { Logger } from '@nestjs/common';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { ERROR_DEFINITIONS } from '@sansui/shared';

export interface LoadSheddingOptions {
  enabled: boolean;
  /** Shed while the event loop ran this late (ms) in the last 0.5–1 s; 0 turns this signal off. */
  maxEventLoopDelayMs: number;
  /** Shed while a database query has waited this long (ms) for a pooled connection; 0 turns this signal off. */
  maxDbWaitMs: number;
  retryAfterSeconds: number;
  /** How long a measure counts: the worst of the current and the previous window. */
  windowMs: number;
}

/** Something that can be too busy to take more work, measured in ms of waiting. */
export interface PressureSignal {
  name: string;
  limitMs: number;
  currentMs(): number;
  /** Forgets what was measured so far (tests start from a known state with it). */
  renew(): void;
}

/** Probes and simulators: orchestrators and load balancers must see the instance as it is, not as busy. */
export function isExemptFromShedding(path: string): boolean {
  return path === '/api/health' || path.startsWith('/api/health/') || path.startsWith('/sim/');
}

const SAMPLE_MS = 20;

/**
 * How late the event loop runs, sampled by a 20 ms timer (the way perf_hooks.monitorEventLoopDelay does it).
 * Not that histogram itself: its reset() drops the first delay measured after it, so a blocked loop that
 * straddles the end of a window was never seen. A window's worst delay counts until the next window ends,
 * and a timer overdue right now counts too (the loop was blocked until a moment ago).
 */
export class EventLoopLag {
  private last = performance.now();
  private windowStart = this.last;
  private current = 0;
  private previous = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly windowMs: number) {
    this.timer = setInterval(() => this.sample(), SAMPLE_MS).unref();
  }

  lagMs(): number {
    return Math.max(this.previous, this.current, performance.now() - this.last - SAMPLE_MS);
  }

  /** Starts a fresh measure (forgets the previous windows). */
  renew(): void {
    this.last = this.windowStart = performance.now();
    this.current = this.previous = 0;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private sample(): void {
    const now = performance.now();
    this.current = Math.max(this.current, now - this.last - SAMPLE_MS);
    this.last = now;
    if (now - this.windowStart >= this.windowMs) {
      this.previous = this.current;
      this.current = 0;
      this.windowStart = now;
    }
  }
}

/**
 * Decides per request, before routing, body parsing and any handler, whether this instance is too busy to take
 * it. A refused request answers 503 SERVICE_UNAVAILABLE with Retry-After at once: nothing of it ran, so the
 * client (or nginx, on the other instance) may send it again unchanged. An overloaded server that queued
 * everything answered nothing in time instead (the soak run: p50 60 s, the proxy's timeout).
 */
export class LoadShedder {
  private readonly logger = new Logger('LoadShedding');
  private shedSince: number | null = null;
  private shedCount = 0;
  private totalShed = 0;

  constructor(
    private readonly signals: PressureSignal[],
    private readonly retryAfterSeconds: number,
  ) {}

  /** The first signal over its limit, with its value, or null when the instance can take work. */
  overloaded(): { name: string; valueMs: number; limitMs: number } | null {
    for (const s of this.signals) {
      if (s.limitMs <= 0) continue;
      const valueMs = s.currentMs();
      if (valueMs > s.limitMs) return { name: s.name, valueMs, limitMs: s.limitMs };
    }
    return null;
  }

  /** Every signal starts a fresh measure. */
  renew(): void {
    for (const s of this.signals) s.renew();
  }

  /** Requests refused since the process started. */
  get shed(): number {
    return this.totalShed;
  }

  /** Connect-style middleware (Express, or a plain node:http handler in the tests). */
  readonly middleware = (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    if (isExemptFromShedding((req.url ?? '/').split('?')[0])) return next();
    const over = this.overloaded();
    if (!over) {
      if (this.shedSince !== null) {
        this.logger.warn(`load shedding ended: ${this.shedCount} request(s) refused in ${Date.now() - this.shedSince} ms`);
        this.shedSince = null;
      }
      return next();
    }
    if (this.shedSince === null) {
      this.shedSince = Date.now();
      this.shedCount = 0;
      this.logger.warn(`shedding load: ${over.name} ${Math.round(over.valueMs)} ms > ${over.limitMs} ms; refusing requests with 503`);
    }
    this.shedCount++;
    this.totalShed++;
    const { status, message } = ERROR_DEFINITIONS.SERVICE_UNAVAILABLE;
    res.statusCode = status;
    res.setHeader('Retry-After', String(this.retryAfterSeconds));
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.end(JSON.stringify({ code: 'SERVICE_UNAVAILABLE', message }));
  };
}

const shedders = new WeakMap<Server, LoadShedder>();

/**
 * Installs load shedding on the app's server (first middleware after the security headers) when enabled.
 * Extra signals (the database pool's wait) are added by the caller. The sampler stops when the server closes.
 */
export function installLoadShedding(
  use: (mw: LoadShedder['middleware']) => void,
  server: Server,
  options: LoadSheddingOptions,
  extraSignals: PressureSignal[] = [],
): LoadShedder | null {
  if (!options.enabled) return null;
  const loop = new EventLoopLag(options.windowMs);
  const shedder = new LoadShedder(
    [
      { name: 'event-loop delay', limitMs: options.maxEventLoopDelayMs, currentMs: () => loop.lagMs(), renew: () => loop.renew() },
      ...extraSignals,
    ],
    options.retryAfterSeconds,
  );
  use(shedder.middleware);
  server.once('close', () => loop.stop());
  shedders.set(server, shedder);
  return shedder;
}

/** The load shedder of a server, when enabled (tests drive its measures with `renew()`). */
export function loadShedderOf(server: Server): LoadShedder | undefined {
  return shedders.get(server);
}
