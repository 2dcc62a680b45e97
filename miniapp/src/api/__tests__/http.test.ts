import Taro from '@tarojs/taro';
import { api } from '../index';
import { ApiError, toApiError } from '../errors';
import { request as req } from '../http';
import { setToken } from '../token';

const request = Taro.request as unknown as jest.Mock;

function reply(statusCode: number, data: unknown) {
  return Promise.resolve({ statusCode, data, header: {} });
}

describe('错误适配', () => {
  it('服务端 {code, message} 原样使用中文提示', () => {
    const e = toApiError(422, { code: 'OUTSIDE_SERVICE_AREA', message: '该位置不在服务区域内，暂不受理' });
    expect(e).toMatchObject({ status: 422, code: 'OUTSIDE_SERVICE_AREA', message: '该位置不在服务区域内，暂不受理' });
    expect(e.retryable).toBe(false);
  });

  it('英文或缺失的 message 换成中文兜底', () => {
    expect(toApiError(500, 'Internal Server Error').message).toBe('服务器开小差了，请稍后再试');
    expect(toApiError(404, { message: 'Cannot GET /x' })).toMatchObject({ code: 'HTTP_404', message: '内容不存在或已删除' });
    expect(toApiError(503, {}).retryable).toBe(true);
    expect(toApiError(429, {}).retryable).toBe(true);
  });
});

describe('请求与登录', () => {
  beforeEach(() => {
    request.mockReset();
    setToken(null);
    Taro.clearStorageSync();
    localStorage.clear();
  });

  it('首次请求先用 sim 码登录，带 Bearer token；401 时重新登录并重试一次', async () => {
    request
      .mockImplementationOnce((o: { url: string; data: { code: string } }) => {
        expect(o.url).toBe('/api/v1/auth/wechat');
        expect(o.data.code).toMatch(/^sim:/);
        return reply(201, { token: 't1', user: {} });
      })
      .mockImplementationOnce((o: { header: Record<string, string> }) => {
        expect(o.header.Authorization).toBe('Bearer t1');
        return reply(401, { code: 'TOKEN_INVALID', message: '登录已失效，请重新登录' });
      })
      .mockImplementationOnce(() => reply(201, { token: 't2', user: {} }))
      .mockImplementationOnce((o: { header: Record<string, string>; url: string }) => {
        expect(o.header.Authorization).toBe('Bearer t2');
        expect(o.url).toBe('/api/v1/reports/mine?page=1');
        return reply(200, { items: [], total: 0, page: 1, pageSize: 20 });
      });
    await expect(req('GET', '/reports/mine', { query: { page: 1, pageSize: undefined } })).resolves.toEqual({
      items: [],
      total: 0,
      page: 1,
      pageSize: 20,
    });
    expect(request).toHaveBeenCalledTimes(4);
  });

  it('网络断开变成可重试的 NETWORK 错误', async () => {
    request.mockImplementation(() => Promise.reject(new Error('request:fail')));
    const err = await req('GET', '/stats/campaign', { auth: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'NETWORK', retryable: true });
  });

  it('附近接口 404（服务端还没有）时返回空列表', async () => {
    setToken('t1');
    request.mockImplementation(() => reply(404, { code: 'ROUTE_NOT_FOUND', message: '接口不存在' }));
    await expect(api.nearby(30.27, 120.15)).resolves.toEqual([]);
  });
});

it('ApiError 是 Error', () => {
  expect(new ApiError(0, 'NETWORK', 'x')).toBeInstanceOf(Error);
});
