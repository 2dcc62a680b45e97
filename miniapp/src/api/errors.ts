import Taro from '@tarojs/taro';

/**
 * 唯一的错误适配：服务端错误是 {code, message}（中文），网络错误统一成 NETWORK。
 * 页面只 catch ApiError 并调用 showError。
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** 网络断开、超时、5xx、429：可以稍后自动重试 */
  get retryable(): boolean {
    return this.status === 0 || this.status >= 500 || this.status === 429 || this.status === 408;
  }
}

export const NETWORK_MESSAGE = '网络不太好，请稍后再试';

const STATUS_FALLBACK: Record<number, string> = {
  400: '提交的内容不符合要求',
  401: '登录已失效，请重新进入',
  403: '没有权限执行此操作',
  404: '内容不存在或已删除',
  409: '状态已变化，请刷新后再试',
  413: '文件太大了',
  422: '提交的内容不符合要求',
  429: '操作太频繁，请稍后再试',
};

/** 把服务端响应（状态码 + 已解析或原始的 body）变成 ApiError */
export function toApiError(status: number, body: unknown): ApiError {
  let parsed = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      parsed = undefined;
    }
  }
  const obj = (parsed ?? {}) as { code?: unknown; message?: unknown };
  const code = typeof obj.code === 'string' ? obj.code : `HTTP_${status}`;
  // NestJS 的校验错误 message 可能是数组
  const rawMsg = Array.isArray(obj.message) ? obj.message[0] : obj.message;
  const message =
    typeof rawMsg === 'string' && /[\u4e00-\u9fa5]/.test(rawMsg)
      ? rawMsg
      : (STATUS_FALLBACK[status] ?? (status >= 500 ? '服务器开小差了，请稍后再试' : '操作失败，请稍后再试'));
  return new ApiError(status, code, message);
}

export function networkError(): ApiError {
  return new ApiError(0, 'NETWORK', NETWORK_MESSAGE);
}

export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error && /[\u4e00-\u9fa5]/.test(err.message)) return err.message;
  return '出了点问题，请稍后再试';
}

/** 用轻提示显示错误（微信 toast 标题最多约 7 个汉字带图标，用 none 图标可显示两行） */
export function showError(err: unknown): void {
  void Taro.showToast({ title: errorMessage(err), icon: 'none', duration: 2500 });
}
