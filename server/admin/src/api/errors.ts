/** The one place that turns failures into what staff see (docs/domain.md §13 error envelope {code, message}). */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const STATUS_FALLBACK: Record<number, string> = {
  400: '请求内容有误',
  401: '登录已过期，请重新登录',
  403: '没有权限执行此操作',
  404: '内容不存在或无权查看',
  409: '状态已变化，请刷新后重试',
  413: '文件太大',
  422: '请求内容有误',
  429: '操作太频繁，请稍后再试',
};

/** Builds an ApiError from a response status and its (possibly non-JSON) body. */
export function toApiError(status: number, body: unknown): ApiError {
  const env = (body && typeof body === 'object' ? body : {}) as { code?: unknown; message?: unknown };
  const code = typeof env.code === 'string' ? env.code : `HTTP_${status}`;
  const message =
    typeof env.message === 'string' && env.message
      ? env.message
      : (STATUS_FALLBACK[status] ?? (status >= 500 ? '服务器暂时不可用，请稍后再试' : `请求失败（${status}）`));
  return new ApiError(status, code, message);
}

/** The Chinese sentence to show for any thrown value. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof TypeError) return '无法连接服务器，请检查网络';
  if (err instanceof Error && err.message) return err.message;
  return '操作失败';
}

export interface ErrorSinks {
  toast(text: string): void;
  toLogin(): void;
}

let sinks: ErrorSinks = { toast: () => undefined, toLogin: () => undefined };

/** Wired once by the app shell (antd message + router). */
export function setErrorSinks(next: ErrorSinks): void {
  sinks = next;
}

/** Reports an error to the user: 401 goes to the login page, everything else shows the server's message. */
export function reportError(err: unknown): void {
  if (err instanceof ApiError && err.status === 401) {
    sinks.toLogin();
    sinks.toast(err.message);
    return;
  }
  sinks.toast(errorMessage(err));
}
