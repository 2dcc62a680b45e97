import { api, ApiError } from '../api';
import { errorMessage } from '../api/errors';
import { Outbox, type SendError } from '../lib/outbox';
import { storage } from '../lib/storage';
import { platform } from '../platform';

export function classifyError(err: unknown): SendError {
  if (err instanceof ApiError) return { retryable: err.retryable, message: err.message, code: err.code };
  // 不是服务端的明确答复（例如网络层异常）：都当作可重试
  return { retryable: true, message: errorMessage(err) };
}

/** 应用里唯一的发件箱 */
export const outbox = new Outbox({
  store: storage,
  uploadPhoto: (path, capture) => api.uploadPhoto(path, undefined, capture),
  createReport: (req) => api.createReport(req),
  classifyError,
  setTimer: (fn, ms) => setTimeout(fn, ms),
  clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
});

let started = false;

/** 应用启动时调用：开始自动重试，网络恢复时立即重试 */
export function startOutbox(): void {
  if (started) return;
  started = true;
  outbox.start();
  platform.onOnline(() => void outbox.flush(true));
  void outbox.flush();
}
