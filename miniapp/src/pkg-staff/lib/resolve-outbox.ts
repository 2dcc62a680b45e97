import type { LatLng, ResolveCaseRequest } from '@sansui/shared';
import type { CaptureFacts } from '../../lib/capture';
import type { DraftPhoto, SendError } from '../../lib/outbox';
import { retryDelayMs } from '../../lib/outbox';
import type { KeyValueStore } from '../../lib/storage';

/**
 * 处置的发件箱（纯逻辑，依赖注入；与居民上报的发件箱同一套规则）：
 * 点“提交处置”后先补传没传上去的照片（每传完一张就记下，重试不重复传），再 POST /cases/:id/resolve。
 * 网络、5xx、429 → 保留并按 3 s、10 s、30 s、1 分钟、2 分钟、之后每 5 分钟重试；
 * 服务端明确拒绝（4xx，例如离现场太远、照片重复使用）→ “需要处理”，不再自动重试。
 * 处置没有 clientRequestId：上一次请求可能已经成功、只是回答丢了，所以重试遇到 409 时先看案卷，
 * 已经是“待核查/已结案”且处置照片就是这几张 → 算发送成功。
 */

export interface ResolveJob {
  caseId: number;
  note?: string;
  photos: DraftPhoto[];
  /** 提交时屏幕上案卷的版本（服务端据此发现冲突） */
  expectedVersion?: number;
  createdAt: number;
}

export type ResolveItemState = 'pending' | 'sending' | 'blocked';

export interface ResolveItem {
  job: ResolveJob;
  state: ResolveItemState;
  attempts: number;
  nextAttemptAt: number;
  lastError?: string;
  errorCode?: string;
}

export type ResolveSendResult<R> =
  { status: 'sent'; result: R } | { status: 'queued'; message: string } | { status: 'blocked'; message: string; code?: string };

/** 服务端回答里发件箱需要看的部分 */
export interface ResolvedCaseView {
  status: string;
  photosByRole?: { resolution?: { id: number }[] };
}

export interface ResolveOutboxDeps<R extends ResolvedCaseView> {
  store: KeyValueStore;
  uploadPhoto(
    localPath: string,
    capture: CaptureFacts | undefined,
    onProgress: (percent: number) => void,
  ): Promise<{ id: number; thumbUrl?: string }>;
  resolve(caseId: number, body: ResolveCaseRequest & { expectedVersion?: number }): Promise<R>;
  fetchCase(caseId: number): Promise<R>;
  classifyError(err: unknown): SendError & { status?: number };
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

const STORE_KEY = 'staff:resolve-outbox';

/** 处置照片在哪里拍的：第一张带位置的现拍照片的位置（设备真实知道的，从不用案卷坐标代替） */
export function captureLocation(photos: readonly DraftPhoto[]): LatLng | undefined {
  const c = photos.map((p) => p.capture).find((x) => x && typeof x.lat === 'number' && typeof x.lng === 'number');
  return c ? { lat: c.lat!, lng: c.lng! } : undefined;
}

export function toResolveRequest(job: ResolveJob): ResolveCaseRequest & { expectedVersion?: number } {
  const photoIds = job.photos.map((p) => p.photoId).filter((x): x is number => typeof x === 'number');
  const body: ResolveCaseRequest & { expectedVersion?: number } = { photoIds };
  const note = job.note?.trim();
  if (note) body.note = note;
  const where = captureLocation(job.photos);
  if (where) body.location = where;
  if (job.expectedVersion !== undefined) body.expectedVersion = job.expectedVersion;
  return body;
}

export class ResolveOutbox<R extends ResolvedCaseView> {
  private list: ResolveItem[];
  private readonly listeners = new Set<(items: ResolveItem[]) => void>();
  private readonly progressListeners = new Set<(caseId: number, localPath: string, percent: number) => void>();
  private readonly sentListeners = new Set<(caseId: number, result: R) => void>();
  private readonly inFlight = new Map<number, Promise<ResolveSendResult<R>>>();
  private timer: unknown = null;
  private readonly now: () => number;

  constructor(private readonly deps: ResolveOutboxDeps<R>) {
    this.now = deps.now ?? (() => Date.now());
    this.list = (deps.store.get<ResolveItem[]>(STORE_KEY) ?? []).map((i) =>
      i.state === 'sending' ? { ...i, state: 'pending' as const } : i,
    );
  }

  items(): ResolveItem[] {
    return this.list.slice();
  }

  get(caseId: number): ResolveItem | undefined {
    return this.list.find((i) => i.job.caseId === caseId);
  }

  subscribe(listener: (items: ResolveItem[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** 每张照片的上传进度 */
  onProgress(listener: (caseId: number, localPath: string, percent: number) => void): () => void {
    this.progressListeners.add(listener);
    return () => this.progressListeners.delete(listener);
  }

  /** 自动重试成功后通知 */
  onSent(listener: (caseId: number, result: R) => void): () => void {
    this.sentListeners.add(listener);
    return () => this.sentListeners.delete(listener);
  }

  /** 提交一次处置：放进发件箱并立即发送（同一案卷正在发送时返回那一次） */
  submit(job: ResolveJob): Promise<ResolveSendResult<R>> {
    const running = this.inFlight.get(job.caseId);
    if (running) return running;
    const others = this.list.filter((i) => i.job.caseId !== job.caseId);
    this.list = [...others, { job, state: 'pending', attempts: 0, nextAttemptAt: this.now() }];
    this.persist();
    return this.send(job.caseId);
  }

  remove(caseId: number): void {
    this.list = this.list.filter((i) => i.job.caseId !== caseId);
    this.persist();
  }

  async flush(force = false): Promise<void> {
    const due = this.list.filter((i) => i.state === 'pending' && (force || i.nextAttemptAt <= this.now()));
    for (const item of due) await this.send(item.job.caseId);
    this.reschedule();
  }

  start(): void {
    this.reschedule();
  }

  private send(caseId: number): Promise<ResolveSendResult<R>> {
    const running = this.inFlight.get(caseId);
    if (running) return running;
    const p = this.doSend(caseId).finally(() => {
      this.inFlight.delete(caseId);
      this.reschedule();
    });
    this.inFlight.set(caseId, p);
    return p;
  }

  private async doSend(caseId: number): Promise<ResolveSendResult<R>> {
    const item = this.get(caseId);
    if (!item) return { status: 'blocked', message: '没有待发送的处置' };
    this.update(caseId, { state: 'sending' });
    let job = item.job;
    try {
      job = await this.uploadMissing(job);
      const result = await this.deps.resolve(caseId, toResolveRequest(job));
      return this.sent(caseId, result);
    } catch (err) {
      const e = this.deps.classifyError(err);
      const attempts = (this.get(caseId)?.attempts ?? 0) + 1;
      if (!e.retryable && e.status === 409 && attempts > 1) {
        const done = await this.alreadyResolved(job).catch(() => undefined);
        if (done) return this.sent(caseId, done);
      }
      if (e.retryable) {
        this.update(caseId, {
          state: 'pending',
          attempts,
          nextAttemptAt: this.now() + retryDelayMs(attempts),
          lastError: e.message,
          errorCode: e.code,
        });
        return { status: 'queued', message: e.message };
      }
      this.update(caseId, { state: 'blocked', attempts, lastError: e.message, errorCode: e.code });
      return { status: 'blocked', message: e.message, code: e.code };
    }
  }

  private sent(caseId: number, result: R): ResolveSendResult<R> {
    this.remove(caseId);
    this.sentListeners.forEach((l) => l(caseId, result));
    return { status: 'sent', result };
  }

  /** 上一次请求其实成功了吗：案卷已待核查/结案，处置照片里有这次的照片 */
  private async alreadyResolved(job: ResolveJob): Promise<R | undefined> {
    const ids = job.photos.map((p) => p.photoId).filter((x): x is number => typeof x === 'number');
    const c = await this.deps.fetchCase(job.caseId);
    const resolution = c.photosByRole?.resolution ?? [];
    const ours = ids.length > 0 && ids.every((id) => resolution.some((p) => p.id === id));
    return (c.status === 'resolved' || c.status === 'closed') && ours ? c : undefined;
  }

  private async uploadMissing(job: ResolveJob): Promise<ResolveJob> {
    let j = job;
    for (let i = 0; i < j.photos.length; i++) {
      const photo = j.photos[i];
      if (photo.photoId !== undefined) continue;
      const up = await this.deps.uploadPhoto(photo.localPath, photo.capture, (percent) =>
        this.progressListeners.forEach((l) => l(job.caseId, photo.localPath, percent)),
      );
      const photos = j.photos.slice();
      photos[i] = { ...photo, photoId: up.id, thumbUrl: up.thumbUrl };
      j = { ...j, photos };
      this.update(job.caseId, { job: j });
    }
    return j;
  }

  private update(caseId: number, patch: Partial<ResolveItem>): void {
    this.list = this.list.map((i) => (i.job.caseId === caseId ? { ...i, ...patch } : i));
    this.persist();
  }

  private persist(): void {
    this.deps.store.set(STORE_KEY, this.list);
    const snapshot = this.items();
    this.listeners.forEach((l) => l(snapshot));
  }

  private reschedule(): void {
    if (!this.deps.setTimer) return;
    if (this.timer !== null) this.deps.clearTimer?.(this.timer);
    this.timer = null;
    const pending = this.list.filter((i) => i.state === 'pending' && !this.inFlight.has(i.job.caseId));
    if (pending.length === 0) return;
    const next = Math.min(...pending.map((i) => i.nextAttemptAt));
    this.timer = this.deps.setTimer(
      () => {
        this.timer = null;
        void this.flush();
      },
      Math.max(0, next - this.now()),
    );
  }
}
