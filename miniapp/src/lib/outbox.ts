import type { CreateReportRequest, LatLng, ReportKind } from '@sansui/shared';
import type { CaptureFacts } from './capture';
import { RetryQueue, retryDelayMs, type QueueEntry, type QueueItemState, type SendError } from './retry-queue';
import type { KeyValueStore } from './storage';

/**
 * 上报草稿与发件箱（纯逻辑，依赖全部注入，便于单测）。
 *
 * - 草稿（ReportDraft）：表单的当前内容，随改随存；clientRequestId 每份草稿只生成一次。
 * - 发件箱（Outbox）：点了“提交”的草稿。先上传还没传上去的照片，再 POST /reports。
 *   网络或服务端临时故障时保留并按退避时间自动重试（也在网络恢复、回到前台时重试）；
 *   服务端明确拒绝（4xx）时标记为“需要修改”，不再自动重试。
 *   同一个 clientRequestId 重发只会得到同一条上报，所以重试不会重复提交。
 */

export interface DraftPhoto {
  /** 本地路径（小程序临时文件 / H5 blob:） */
  localPath: string;
  /** 上传成功后服务端的照片 id */
  photoId?: number;
  thumbUrl?: string;
  /** 拍摄事实，上传（和重传）时随照片发送 */
  capture?: CaptureFacts;
}

export interface DraftLocation extends LatLng {
  accuracyM?: number;
  /** gps：设备定位；pin：用户拖动过图钉；demo：演示点 */
  source: 'gps' | 'pin' | 'demo';
}

export interface ReportDraft {
  clientRequestId: string;
  kind: ReportKind;
  categoryCode?: string;
  description?: string;
  location?: DraftLocation;
  /** 设备定位（图钉被拖动时与 location 不同） */
  deviceLocation?: LatLng;
  /** 随手拍的照片；随手捡的“清理前”照片 */
  photos: DraftPhoto[];
  /** 随手捡的“清理后”照片 */
  afterPhotos: DraftPhoto[];
  updatedAt: number;
}

export type OutboxItemState = QueueItemState;

export interface OutboxItem extends QueueEntry {
  draft: ReportDraft;
  enqueuedAt: number;
}

export type SendResult =
  { status: 'sent'; reportId: number } | { status: 'queued'; message: string } | { status: 'blocked'; message: string; code?: string };

export type { SendError };
export { retryDelayMs };

export interface OutboxDeps {
  store: KeyValueStore;
  uploadPhoto(localPath: string, capture?: CaptureFacts): Promise<{ id: number; thumbUrl?: string }>;
  createReport(req: CreateReportRequest): Promise<{ id: number }>;
  /** 把任意异常归类为可重试 / 不可重试 */
  classifyError(err: unknown): SendError;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

const STORE_KEY = 'outbox';

/** 草稿里还缺什么（空数组表示可以提交） */
export function missingFields(d: ReportDraft): string[] {
  const missing: string[] = [];
  if (d.kind === 'pickup') {
    if (d.photos.length === 0) missing.push('清理前照片');
    if (d.afterPhotos.length === 0) missing.push('清理后照片');
  } else if (d.photos.length === 0) {
    missing.push('照片');
  }
  if (!d.location) missing.push('位置');
  if (!d.categoryCode) missing.push('问题分类');
  return missing;
}

export function toCreateRequest(d: ReportDraft): CreateReportRequest {
  const ids = (ps: DraftPhoto[]) => ps.map((p) => p.photoId).filter((x): x is number => typeof x === 'number');
  if (!d.location || !d.categoryCode) throw new Error('草稿不完整');
  const req: CreateReportRequest = {
    kind: d.kind,
    categoryCode: d.categoryCode,
    location: { lat: d.location.lat, lng: d.location.lng },
    photoIds: ids(d.photos),
    clientRequestId: d.clientRequestId,
  };
  const description = d.description?.trim();
  if (description) req.description = description;
  if (d.kind === 'pickup') req.afterPhotoIds = ids(d.afterPhotos);
  if (d.deviceLocation) req.deviceLocation = { lat: d.deviceLocation.lat, lng: d.deviceLocation.lng };
  if (d.location.accuracyM !== undefined) req.locationAccuracyM = Math.round(d.location.accuracyM);
  return req;
}

export class Outbox {
  private readonly queue: RetryQueue<string, OutboxItem, { id: number }>;
  private readonly now: () => number;

  constructor(private readonly deps: OutboxDeps) {
    this.now = deps.now ?? (() => Date.now());
    this.queue = new RetryQueue({
      store: deps.store,
      storeKey: STORE_KEY,
      keyOf: (i) => i.draft.clientRequestId,
      missingMessage: '草稿不存在',
      attempt: async (item, save) => {
        const draft = await this.uploadMissing(item.draft, (d) => save({ draft: d }));
        return this.deps.createReport(toCreateRequest(draft));
      },
      classifyError: (err) => deps.classifyError(err),
      now: this.now,
      setTimer: deps.setTimer,
      clearTimer: deps.clearTimer,
    });
  }

  items(): OutboxItem[] {
    return this.queue.items();
  }

  get(clientRequestId: string): OutboxItem | undefined {
    return this.queue.get(clientRequestId);
  }

  subscribe(listener: (items: OutboxItem[]) => void): () => void {
    return this.queue.subscribe(listener);
  }

  /** 自动重试成功后通知（例如提示“草稿已提交”） */
  onSent(listener: (draft: ReportDraft, reportId: number) => void): () => void {
    return this.queue.onSent((item, report) => listener(item.draft, report.id));
  }

  /** 提交一份草稿：放进发件箱并立即发送一次 */
  async submit(draft: ReportDraft): Promise<SendResult> {
    const existing = this.get(draft.clientRequestId);
    const r = await this.queue.enqueue({
      draft: { ...draft, updatedAt: this.now() },
      state: 'pending',
      attempts: 0,
      nextAttemptAt: this.now(),
      enqueuedAt: existing?.enqueuedAt ?? this.now(),
    });
    return r.status === 'sent' ? { status: 'sent', reportId: r.result.id } : r;
  }

  remove(clientRequestId: string): void {
    this.queue.remove(clientRequestId);
  }

  /** 发送所有到期的待发送项（force：不管退避时间，例如网络刚恢复） */
  flush(force = false): Promise<void> {
    return this.queue.flush(force);
  }

  /** 启动自动重试（应用启动时调用一次） */
  start(): void {
    this.queue.start();
  }

  stop(): void {
    this.queue.stop();
  }

  /** 上传还没有 photoId 的照片；每传完一张就保存，重试时不重复上传 */
  private async uploadMissing(draft: ReportDraft, save: (d: ReportDraft) => void): Promise<ReportDraft> {
    let d = draft;
    for (const role of ['photos', 'afterPhotos'] as const) {
      for (let i = 0; i < d[role].length; i++) {
        const photo = d[role][i];
        if (photo.photoId !== undefined) continue;
        const up = await this.deps.uploadPhoto(photo.localPath, photo.capture);
        const photos = d[role].slice();
        photos[i] = { ...photo, photoId: up.id, thumbUrl: up.thumbUrl };
        d = { ...d, [role]: photos };
        save(d);
      }
    }
    return d;
  }
}

/** 草稿存储：每种上报一份，随改随存 */
export function draftKey(kind: ReportKind): string {
  return `draft:${kind}`;
}
