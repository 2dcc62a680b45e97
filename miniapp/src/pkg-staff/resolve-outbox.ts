import { classifyError } from '../services/outbox';
import { ApiError } from '../api/errors';
import { storage } from '../lib/storage';
import { platform } from '../platform';
import { staffApi, type StaffCase } from './api';
import { ResolveOutbox } from './lib/resolve-outbox';

/** 工作台唯一的处置发件箱 */
export const resolveOutbox = new ResolveOutbox<StaffCase>({
  store: storage,
  uploadPhoto: (path, capture, onProgress) => staffApi.uploadPhoto(path, capture, onProgress),
  resolve: (id, body) => staffApi.resolve(id, body),
  fetchCase: (id) => staffApi.case(id),
  classifyError: (err) => ({ ...classifyError(err), status: err instanceof ApiError ? err.status : undefined }),
  setTimer: (fn, ms) => setTimeout(fn, ms),
  clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
});

let started = false;

/** 打开工作台时调用：开始自动重试，网络恢复时立即重试 */
export function startResolveOutbox(): void {
  if (started) return;
  started = true;
  resolveOutbox.start();
  platform.onOnline(() => void resolveOutbox.flush(true));
  void resolveOutbox.flush(true);
}
