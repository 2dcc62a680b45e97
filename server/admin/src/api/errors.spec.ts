import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, errorMessage, reportError, setErrorSinks, toApiError } from './errors';
import { api, setUnauthorizedHandler, tokenStore } from './client';

describe('error adapter', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('uses the server message and code of the envelope', () => {
    const e = toApiError(409, { code: 'CASE_STATE_CONFLICT', message: '案卷状态已变化' });
    expect(e).toMatchObject({ status: 409, code: 'CASE_STATE_CONFLICT', message: '案卷状态已变化' });
  });

  it('falls back to a Chinese sentence when the body is not the envelope', () => {
    expect(toApiError(403, '<html>').message).toBe('没有权限执行此操作');
    expect(toApiError(502, null).message).toBe('服务器暂时不可用，请稍后再试');
    expect(toApiError(418, {}).code).toBe('HTTP_418');
    expect(errorMessage(new TypeError('Failed to fetch'))).toBe('无法连接服务器，请检查网络');
  });

  it('sends 401 to the login page and shows everything else', () => {
    const toast = vi.fn();
    const toLogin = vi.fn();
    setErrorSinks({ toast, toLogin });
    reportError(new ApiError(403, 'FORBIDDEN', '只有审计员可以审批'));
    expect(toast).toHaveBeenLastCalledWith('只有审计员可以审批');
    expect(toLogin).not.toHaveBeenCalled();
    reportError(new ApiError(401, 'UNAUTHORIZED', '请先登录'));
    expect(toLogin).toHaveBeenCalledOnce();
  });

  it('the data provider sends the bearer token and turns a 401 into a logout', async () => {
    tokenStore.set('tok-1', { id: 1 });
    const fetchMock = vi.fn(async () => new Response(JSON.stringify({ code: 'TOKEN_INVALID', message: '登录已失效' }), { status: 401 }));
    vi.stubGlobal('fetch', fetchMock);
    const onUnauth = vi.fn();
    setUnauthorizedHandler(onUnauth);
    await expect(api.get('/cases', { status: 'submitted', page: 1 })).rejects.toMatchObject({ status: 401, message: '登录已失效' });
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/v1/cases?page=1&status=submitted');
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer tok-1');
    expect(onUnauth).toHaveBeenCalledOnce();
    expect(tokenStore.get()).toBeNull();
  });

  it('parses JSON bodies and sends JSON', async () => {
    const fetchMock = vi.fn(async () => new Response(JSON.stringify({ ok: true }), { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    await expect(api.post('/cases/1/verify', { passed: true })).resolves.toEqual({ ok: true });
    const init = (fetchMock.mock.calls[0] as unknown as [string, RequestInit])[1];
    expect(init.method).toBe('POST');
    expect(init.body).toBe('{"passed":true}');
  });
});
