import type { AppConfig } from '../../config/app-config';
import { WechatApiError, WechatTransportError, type WechatHttp } from '../wechat-http';
import { AccessTokenService } from './access-token.service';

const config = { wechat: { appId: 'wx1', secret: 's1' } } as AppConfig;

/** A strict fake of WechatHttp: only stable_token is expected. */
function fakeHttp(answers: (() => Record<string, unknown>)[]) {
  const calls: unknown[] = [];
  const http = {
    post: jest.fn(async (path: string, _q: unknown, body: unknown) => {
      if (path !== '/cgi-bin/stable_token') throw new Error(`unexpected call ${path}`);
      calls.push(body);
      const next = answers.shift();
      if (!next) throw new Error('no more answers');
      return next();
    }),
    get: jest.fn(() => {
      throw new Error('unexpected GET');
    }),
  };
  return { http: http as unknown as WechatHttp, calls };
}

describe('AccessTokenService', () => {
  let now = 1_000_000;
  beforeEach(() => {
    now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
  });
  afterEach(() => jest.restoreAllMocks());

  it('asks with client_credential and no force refresh, then serves the cache until 80 % of the lifetime', async () => {
    const { http, calls } = fakeHttp([() => ({ access_token: 'A', expires_in: 7200 }), () => ({ access_token: 'B', expires_in: 7200 })]);
    const sut = new AccessTokenService(http, config);
    expect(await sut.token()).toBe('A');
    expect(calls[0]).toEqual({ grant_type: 'client_credential', appid: 'wx1', secret: 's1', force_refresh: false });
    now += 5_700_000; // 79 %
    expect(await sut.token()).toBe('A');
    now += 200_000; // past 80 %
    expect(await sut.token()).toBe('B');
    expect(calls).toHaveLength(2);
  });

  it('keeps using a still-valid token when the early refresh fails, and fails once it has expired', async () => {
    const down = () => {
      throw new WechatTransportError('/cgi-bin/stable_token', 'down');
    };
    const { http } = fakeHttp([() => ({ access_token: 'A', expires_in: 7200 }), down, down]);
    const sut = new AccessTokenService(http, config);
    await sut.token();
    now += 6_000_000;
    expect(await sut.token()).toBe('A');
    now += 2_000_000;
    await expect(sut.token()).rejects.toBeInstanceOf(WechatTransportError);
  });

  it('retries a call once with a fresh token on 40001/42001, not on other errors', async () => {
    const { http } = fakeHttp([() => ({ access_token: 'A', expires_in: 7200 }), () => ({ access_token: 'B', expires_in: 7200 })]);
    const sut = new AccessTokenService(http, config);
    const seen: string[] = [];
    const result = await sut.call(async (tok) => {
      seen.push(tok);
      if (tok === 'A') throw new WechatApiError(42001, 'access_token expired', '/x');
      return 'ok';
    });
    expect([result, seen]).toEqual(['ok', ['A', 'B']]);
    await expect(
      sut.call(async () => {
        throw new WechatApiError(47001, 'bad data', '/x');
      }),
    ).rejects.toMatchObject({ errcode: 47001 });
  });
});
