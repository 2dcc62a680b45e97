import Taro from '@tarojs/taro';
import type { LoginResponse } from '@sansui/shared';
import { platform } from '../platform';
import { apiUrl } from './config';
import { ApiError, networkError, toApiError } from './errors';
import { setSessionUser } from './session';
import { getToken, setToken } from './token';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** 默认需要登录；公开接口传 false */
  auth?: boolean;
}

let loginInFlight: Promise<string> | null = null;

/** 确保已登录；并发调用共用一次登录 */
export function ensureLogin(): Promise<string> {
  const token = getToken();
  if (token) return Promise.resolve(token);
  if (!loginInFlight) {
    loginInFlight = (async () => {
      const code = await platform.login();
      const res = await rawRequest<LoginResponse>('POST', '/auth/wechat', { body: { code }, auth: false });
      setToken(res.token);
      setSessionUser(res.user ?? null);
      return res.token;
    })().finally(() => {
      loginInFlight = null;
    });
  }
  return loginInFlight;
}

export function logout(): void {
  setToken(null);
  setSessionUser(null);
}

/**
 * 绑定工作人员账号（docs/domain.md §14）：用这次微信登录的 code 和管理员给的一次性绑定码换工作人员的 token。
 * 之后这个微信用户每次登录都是工作人员身份。
 */
export async function bindStaff(bindCode: string): Promise<LoginResponse> {
  const code = await platform.login();
  const res = await rawRequest<LoginResponse>('POST', '/auth/wechat', { body: { code, bindCode }, auth: false });
  setToken(res.token);
  setSessionUser(res.user);
  return res;
}

function buildQuery(query?: RequestOptions['query']): string {
  if (!query) return '';
  const parts = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

async function rawRequest<T>(method: Method, path: string, opts: RequestOptions, token?: string): Promise<T> {
  const header: Record<string, string> = { 'Content-Type': 'application/json' };
  if (token) header.Authorization = `Bearer ${token}`;
  let res: Taro.request.SuccessCallbackResult<string | Record<string, unknown>>;
  try {
    res = await Taro.request({
      url: apiUrl(path) + buildQuery(opts.query),
      method,
      header,
      data: opts.body === undefined ? undefined : (opts.body as Record<string, unknown>),
      dataType: 'json',
      timeout: 20000,
    });
  } catch {
    throw networkError();
  }
  if (res.statusCode >= 200 && res.statusCode < 300) return res.data as T;
  throw toApiError(res.statusCode, res.data);
}

/** 带登录的请求：401 时清掉 token，重新登录后重试一次 */
export async function request<T>(method: Method, path: string, opts: RequestOptions = {}): Promise<T> {
  if (opts.auth === false) return rawRequest<T>(method, path, opts);
  const token = await ensureLogin();
  try {
    return await rawRequest<T>(method, path, opts, token);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      setToken(null);
      const fresh = await ensureLogin();
      return rawRequest<T>(method, path, opts, fresh);
    }
    throw err;
  }
}

/** 上传一张照片（multipart 字段 file），带进度；401 时重新登录后重试一次 */
export async function upload<T>(
  path: string,
  filePath: string,
  onProgress?: (p: number) => void,
  formData?: Record<string, string>,
): Promise<T> {
  const attempt = async (token: string): Promise<T> => {
    let res;
    try {
      res = await platform.uploadFile({
        url: apiUrl(path),
        filePath,
        name: 'file',
        headers: { Authorization: `Bearer ${token}` },
        formData,
        onProgress,
      });
    } catch (err) {
      if ((err as { lost?: boolean })?.lost) throw new ApiError(410, 'PHOTO_LOST', '照片已失效，请重新选择');
      throw networkError();
    }
    if (res.statusCode >= 200 && res.statusCode < 300) return JSON.parse(res.body) as T;
    throw toApiError(res.statusCode, res.body);
  };
  const token = await ensureLogin();
  try {
    return await attempt(token);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      setToken(null);
      return attempt(await ensureLogin());
    }
    throw err;
  }
}
