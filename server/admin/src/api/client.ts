import type { Page } from '@sansui/shared';
import { API_PREFIX } from '@sansui/shared';
import { ApiError, toApiError } from './errors';
import { toQueryString, type QueryParams } from './query';

/** The one data provider: every call to the server goes through here. */

const TOKEN_KEY = 'sansui.admin.token';
const USER_KEY = 'sansui.admin.user';

export const tokenStore = {
  get: (): string | null => localStorage.getItem(TOKEN_KEY),
  set(token: string, user: unknown) {
    localStorage.setItem(TOKEN_KEY, token);
    localStorage.setItem(USER_KEY, JSON.stringify(user));
  },
  user<T>(): T | null {
    const raw = localStorage.getItem(USER_KEY);
    try {
      return raw ? (JSON.parse(raw) as T) : null;
    } catch {
      return null;
    }
  },
  clear() {
    localStorage.removeItem(TOKEN_KEY);
    localStorage.removeItem(USER_KEY);
  },
};

let onUnauthorized: () => void = () => undefined;
export function setUnauthorizedHandler(fn: () => void) {
  onUnauthorized = fn;
}

export interface RequestOptions {
  method?: string;
  query?: QueryParams;
  body?: unknown;
  signal?: AbortSignal;
}

export function apiUrl(path: string, query?: QueryParams): string {
  return `${API_PREFIX}${path}${query ? toQueryString(query) : ''}`;
}

async function send(path: string, opts: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = tokenStore.get();
  if (token) headers.Authorization = `Bearer ${token}`;
  let body: BodyInit | undefined;
  if (opts.body instanceof FormData) body = opts.body;
  else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  const res = await fetch(apiUrl(path, opts.query), { method: opts.method ?? (body ? 'POST' : 'GET'), headers, body, signal: opts.signal });
  if (!res.ok) {
    let payload: unknown = null;
    try {
      payload = await res.json();
    } catch {
      /* not JSON */
    }
    const err = toApiError(res.status, payload);
    if (res.status === 401 && path !== '/auth/staff') {
      tokenStore.clear();
      onUnauthorized();
    }
    throw err;
  }
  return res;
}

export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const res = await send(path, opts);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  request,
  get: <T>(path: string, query?: QueryParams, signal?: AbortSignal) => request<T>(path, { query, signal }),
  list: <T>(path: string, query?: QueryParams, signal?: AbortSignal) => request<Page<T>>(path, { query, signal }),
  post: <T>(path: string, body: unknown = {}) => request<T>(path, { method: 'POST', body }),
  patch: <T>(path: string, body: unknown) => request<T>(path, { method: 'PATCH', body }),
  put: <T>(path: string, body: unknown) => request<T>(path, { method: 'PUT', body }),
  del: <T>(path: string) => request<T>(path, { method: 'DELETE' }),
  upload<T>(file: File | Blob, name = 'photo.jpg') {
    const fd = new FormData();
    fd.append('file', file, file instanceof File ? file.name : name);
    return request<T>('/uploads', { method: 'POST', body: fd });
  },
  /** Downloads a file with the bearer token (fetch → blob → a temporary link). */
  async download(path: string, query: QueryParams | undefined, fallbackName: string): Promise<void> {
    const res = await send(path, { query });
    const blob = await res.blob();
    const cd = res.headers.get('Content-Disposition') ?? '';
    const m = /filename\*=UTF-8''([^;]+)|filename="?([^";]+)"?/i.exec(cd);
    const name = m ? decodeURIComponent(m[1] ?? m[2]) : fallbackName;
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  },
};

export { ApiError };
