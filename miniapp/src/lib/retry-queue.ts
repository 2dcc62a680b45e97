import type { KeyValueStore } from './storage';

/**
 * 按键排队、持久化、自动重试的发送队列（纯逻辑，依赖全部注入）。居民上报的发件箱和处置的发件箱共用它：
 * - 每个键最多一项；同一个键正在发送时再提交，返回正在进行的那一次；
 * - 可重试的失败（网络、5xx、429）按退避时间自动重试；明确拒绝（4xx）标记为 blocked，不再自动重试；
 * - 上次发送中被杀掉的项，启动时按待发送处理。
 */

export type QueueItemState = 'pending' | 'sending' | 'blocked';

/** 队列项里队列自己管的字段；其余字段（草稿、处置内容）由使用者定义。 */
export interface QueueEntry {
  state: QueueItemState;
  attempts: number;
  nextAttemptAt: number;
  lastError?: string;
  errorCode?: string;
}

export interface SendError {
  retryable: boolean;
  message: string;
  code?: string;
}

export type QueueSendResult<R> =
  { status: 'sent'; result: R } | { status: 'queued'; message: string } | { status: 'blocked'; message: string; code?: string };

export interface RetryQueueOptions<K, I extends QueueEntry, R, E extends SendError> {
  store: KeyValueStore;
  storeKey: string;
  keyOf(item: I): K;
  /** 找不到要发送的项时的提示 */
  missingMessage: string;
  /** 发送一项；中途的进展（例如已上传的照片）用 save 存下，重试时不重做。抛出即失败。 */
  attempt(item: I, save: (patch: Partial<I>) => void): Promise<R>;
  /** 把任意异常归类为可重试 / 不可重试 */
  classifyError(err: unknown): E;
  /** 不可重试的失败后：上一次其实已经成功了吗（是则返回结果，算发送成功） */
  recover?(item: I, error: E, attempts: number): Promise<R | undefined>;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/** 第 n 次失败后的等待：3s、10s、30s、1 分钟、2 分钟，之后每 5 分钟 */
export function retryDelayMs(attempts: number): number {
  const steps = [3000, 10000, 30000, 60000, 120000];
  return attempts <= 0 ? 0 : (steps[attempts - 1] ?? 300000);
}

export class RetryQueue<K, I extends QueueEntry, R, E extends SendError = SendError> {
  private list: I[];
  private readonly listeners = new Set<(items: I[]) => void>();
  private readonly sentListeners = new Set<(item: I, result: R) => void>();
  private readonly inFlight = new Map<K, Promise<QueueSendResult<R>>>();
  private timer: unknown = null;
  private readonly now: () => number;

  constructor(private readonly opts: RetryQueueOptions<K, I, R, E>) {
    this.now = opts.now ?? (() => Date.now());
    this.list = (opts.store.get<I[]>(opts.storeKey) ?? []).map((i) => (i.state === 'sending' ? { ...i, state: 'pending' as const } : i));
  }

  items(): I[] {
    return this.list.slice();
  }

  get(key: K): I | undefined {
    return this.list.find((i) => this.opts.keyOf(i) === key);
  }

  subscribe(listener: (items: I[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** 发送成功后通知，带发送时的项（含途中存下的进展） */
  onSent(listener: (item: I, result: R) => void): () => void {
    this.sentListeners.add(listener);
    return () => this.sentListeners.delete(listener);
  }

  /** 放进队列（替换同键的旧项）并立即发送一次；同键正在发送时返回那一次 */
  enqueue(item: I): Promise<QueueSendResult<R>> {
    const key = this.opts.keyOf(item);
    const running = this.inFlight.get(key);
    if (running) return running;
    this.list = [...this.list.filter((i) => this.opts.keyOf(i) !== key), item];
    this.persist();
    return this.send(key);
  }

  remove(key: K): void {
    this.list = this.list.filter((i) => this.opts.keyOf(i) !== key);
    this.persist();
  }

  /** 发送所有到期的待发送项（force：不管退避时间，例如网络刚恢复） */
  async flush(force = false): Promise<void> {
    const due = this.list.filter((i) => i.state === 'pending' && (force || i.nextAttemptAt <= this.now()));
    for (const item of due) await this.send(this.opts.keyOf(item));
    this.reschedule();
  }

  /** 启动自动重试（应用启动时调用一次） */
  start(): void {
    this.reschedule();
  }

  stop(): void {
    if (this.timer !== null) this.opts.clearTimer?.(this.timer);
    this.timer = null;
  }

  private send(key: K): Promise<QueueSendResult<R>> {
    const running = this.inFlight.get(key);
    if (running) return running;
    const p = this.doSend(key).finally(() => {
      this.inFlight.delete(key);
      this.reschedule();
    });
    this.inFlight.set(key, p);
    return p;
  }

  private async doSend(key: K): Promise<QueueSendResult<R>> {
    const item = this.get(key);
    if (!item) return { status: 'blocked', message: this.opts.missingMessage };
    this.update(key, { state: 'sending' } as Partial<I>);
    let current = item;
    const save = (patch: Partial<I>) => {
      current = { ...current, ...patch };
      this.update(key, patch);
    };
    try {
      return this.sent(key, current, await this.opts.attempt(item, save));
    } catch (err) {
      const e = this.opts.classifyError(err);
      const attempts = (this.get(key)?.attempts ?? 0) + 1;
      if (!e.retryable && this.opts.recover) {
        const done = await this.opts.recover(current, e, attempts).catch(() => undefined);
        if (done !== undefined) return this.sent(key, current, done);
      }
      if (e.retryable) {
        this.update(key, {
          state: 'pending',
          attempts,
          nextAttemptAt: this.now() + retryDelayMs(attempts),
          lastError: e.message,
          errorCode: e.code,
        } as Partial<I>);
        return { status: 'queued', message: e.message };
      }
      this.update(key, { state: 'blocked', attempts, lastError: e.message, errorCode: e.code } as Partial<I>);
      return { status: 'blocked', message: e.message, code: e.code };
    }
  }

  private sent(key: K, item: I, result: R): QueueSendResult<R> {
    this.remove(key);
    this.sentListeners.forEach((l) => l(item, result));
    return { status: 'sent', result };
  }

  private update(key: K, patch: Partial<I>): void {
    this.list = this.list.map((i) => (this.opts.keyOf(i) === key ? { ...i, ...patch } : i));
    this.persist();
  }

  private persist(): void {
    this.opts.store.set(this.opts.storeKey, this.list);
    const snapshot = this.items();
    this.listeners.forEach((l) => l(snapshot));
  }

  private reschedule(): void {
    if (!this.opts.setTimer) return;
    if (this.timer !== null) this.opts.clearTimer?.(this.timer);
    this.timer = null;
    const pending = this.list.filter((i) => i.state === 'pending' && !this.inFlight.has(this.opts.keyOf(i)));
    if (pending.length === 0) return;
    const next = Math.min(...pending.map((i) => i.nextAttemptAt));
    this.timer = this.opts.setTimer(
      () => {
        this.timer = null;
        void this.flush();
      },
      Math.max(0, next - this.now()),
    );
  }
}
