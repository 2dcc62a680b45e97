import type { LatLng, ResolveCaseRequest } from '@sansui/shared';
import type { CaptureFacts } from '../../lib/capture';
import type { DraftPhoto } from '../../lib/outbox';
import { RetryQueue, type QueueEntry, type QueueItemState, type QueueSendResult, type SendError } from '../../lib/retry-queue';
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

export type ResolveItemState = QueueItemState;

export interface ResolveItem extends QueueEntry {
  job: ResolveJob;
}

export type ResolveSendResult<R> = QueueSendResult<R>;

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
  private readonly queue: RetryQueue<number, ResolveItem, R, SendError & { status?: number }>;
  private readonly progressListeners = new Set<(caseId: number, localPath: string, percent: number) => void>();
  private readonly now: () => number;

  constructor(private readonly deps: ResolveOutboxDeps<R>) {
    this.now = deps.now ?? (() => Date.now());
    this.queue = new RetryQueue({
      store: deps.store,
      storeKey: STORE_KEY,
      keyOf: (i) => i.job.caseId,
      missingMessage: '没有待发送的处置',
      attempt: async (item, save) => {
        const job = await this.uploadMissing(item.job, (j) => save({ job: j }));
        return this.deps.resolve(job.caseId, toResolveRequest(job));
      },
      classifyError: (err) => deps.classifyError(err),
      // 409 on a retry: the earlier request may have succeeded and only its answer was lost.
      recover: (item, e, attempts) => (e.status === 409 && attempts > 1 ? this.alreadyResolved(item.job) : Promise.resolve(undefined)),
      now: this.now,
      setTimer: deps.setTimer,
      clearTimer: deps.clearTimer,
    });
  }

  items(): ResolveItem[] {
    return this.queue.items();
  }

  get(caseId: number): ResolveItem | undefined {
    return this.queue.get(caseId);
  }

  subscribe(listener: (items: ResolveItem[]) => void): () => void {
    return this.queue.subscribe(listener);
  }

  /** 每张照片的上传进度 */
  onProgress(listener: (caseId: number, localPath: string, percent: number) => void): () => void {
    this.progressListeners.add(listener);
    return () => this.progressListeners.delete(listener);
  }

  /** 自动重试成功后通知 */
  onSent(listener: (caseId: number, result: R) => void): () => void {
    return this.queue.onSent((item, result) => listener(item.job.caseId, result));
  }

  /** 提交一次处置：放进发件箱并立即发送（同一案卷正在发送时返回那一次） */
  submit(job: ResolveJob): Promise<ResolveSendResult<R>> {
    return this.queue.enqueue({ job, state: 'pending', attempts: 0, nextAttemptAt: this.now() });
  }

  remove(caseId: number): void {
    this.queue.remove(caseId);
  }

  flush(force = false): Promise<void> {
    return this.queue.flush(force);
  }

  start(): void {
    this.queue.start();
  }

  /** 上一次请求其实成功了吗：案卷已待核查/结案，处置照片里有这次的照片 */
  private async alreadyResolved(job: ResolveJob): Promise<R | undefined> {
    const ids = job.photos.map((p) => p.photoId).filter((x): x is number => typeof x === 'number');
    const c = await this.deps.fetchCase(job.caseId);
    const resolution = c.photosByRole?.resolution ?? [];
    const ours = ids.length > 0 && ids.every((id) => resolution.some((p) => p.id === id));
    return (c.status === 'resolved' || c.status === 'closed') && ours ? c : undefined;
  }

  private async uploadMissing(job: ResolveJob, save: (j: ResolveJob) => void): Promise<ResolveJob> {
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
      save(j);
    }
    return j;
  }
}
