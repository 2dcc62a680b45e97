import type { Platform } from '../types';

function load(env: string): Platform {
  return loadWithRequest(env).platform;
}

/** 同一个隔离模块表里的平台实现和 Taro.request 替身（HTTP 层） */
function loadWithRequest(env: string): { platform: Platform; request: jest.Mock } {
  process.env.TARO_ENV = env;
  let out!: { platform: Platform; request: jest.Mock };
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh module per TARO_ENV
    out = { platform: require('../index').platform, request: require('@tarojs/taro').default.request };
  });
  return out;
}

afterEach(() => {
  process.env.TARO_ENV = 'h5';
  delete (globalThis as { wx?: unknown }).wx;
  localStorage.clear();
});

describe('平台层按构建目标选择实现', () => {
  it('TARO_ENV=weapp 用微信实现', () => {
    expect(load('weapp').name).toBe('weapp');
  });

  it('TARO_ENV=h5 用浏览器实现', () => {
    expect(load('h5').name).toBe('h5');
  });
});

describe('H5 实现', () => {
  it('登录 code 是 sim:<名字>，同一浏览器始终同一个名字', async () => {
    const p = load('h5');
    const a = await p.login();
    const b = await load('h5').login();
    expect(a).toMatch(/^sim:h5-[a-z0-9]{12}$/);
    expect(b).toBe(a);
    localStorage.clear();
    expect(await p.login()).not.toBe(a);
  });

  it('定位不可用时返回演示城市中心点', async () => {
    const p = load('h5');
    const loc = await p.getLocation();
    expect(loc).toMatchObject({ lat: 30.2741, lng: 120.1551, source: 'demo', coordSystem: 'gcj02' });
  });

  it('订阅消息：在微信模拟器里替本浏览器的居民点“允许”，返回与 wx 相同形状的结果', async () => {
    const { platform: p, request } = loadWithRequest('h5');
    request.mockImplementationOnce(() =>
      Promise.resolve({
        statusCode: 200,
        header: {},
        data: { errMsg: 'requestSubscribeMessage:ok', t1: 'accept', t2: 'accept', t3: 'accept' },
      }),
    );
    const name = (await p.login()).slice('sim:'.length);
    expect(await p.requestSubscribe(['t1', 't2', 't3', 't4'])).toEqual({ t1: 'accept', t2: 'accept', t3: 'accept' });
    expect(request).toHaveBeenCalledTimes(1);
    expect(request.mock.calls[0][0]).toMatchObject({
      url: '/sim/wechat/_control/subscribe',
      method: 'POST',
      data: { name, templateIds: ['t1', 't2', 't3'] },
    });
  });

  it('订阅消息：模拟器不可用（404）或断网时当作没订阅，没有模板时不发请求', async () => {
    const { platform: p, request } = loadWithRequest('h5');
    request.mockImplementationOnce(() =>
      Promise.resolve({ statusCode: 404, header: {}, data: { code: 'ROUTE_NOT_FOUND', message: '接口不存在' } }),
    );
    expect(await p.requestSubscribe(['t1'])).toEqual({});
    request.mockImplementationOnce(() => Promise.reject(new Error('request:fail')));
    expect(await p.requestSubscribe(['t1'])).toEqual({});
    expect(await p.requestSubscribe([])).toEqual({});
    expect(request).toHaveBeenCalledTimes(2);
  });

  it('隐私同意只问一次', async () => {
    const p = load('h5');
    const seen: boolean[] = [];
    p.privacy.onRequest((open) => seen.push(open));
    const first = p.privacy.ensure();
    expect(seen).toEqual([false, true]);
    p.privacy.agree();
    expect(await first).toBe(true);
    expect(await p.privacy.ensure()).toBe(true);
    expect(seen).toEqual([false, true, false]);
  });
});

describe('微信实现：商家转账确认', () => {
  const bill = { mchId: '1900000001', appId: 'wx123', package: 'pkg-info', outBillNo: 'R1A1' };

  it('基础库不支持 requestMerchantTransfer 时返回 unsupported', async () => {
    (globalThis as { wx?: unknown }).wx = { canIUse: () => false };
    expect(await load('weapp').requestMerchantTransfer(bill)).toBe('unsupported');
  });

  it('以回调方式调用，传 mchId/appId/package', async () => {
    const requestMerchantTransfer = jest.fn((o: { success: () => void }) => o.success());
    (globalThis as { wx?: unknown }).wx = { canIUse: (n: string) => n === 'requestMerchantTransfer', requestMerchantTransfer };
    expect(await load('weapp').requestMerchantTransfer(bill)).toBe('confirmed');
    expect(requestMerchantTransfer).toHaveBeenCalledWith(
      expect.objectContaining({ mchId: '1900000001', appId: 'wx123', package: 'pkg-info' }),
    );
  });

  it('用户取消时返回 cancelled', async () => {
    (globalThis as { wx?: unknown }).wx = {
      canIUse: () => true,
      requestMerchantTransfer: (o: { fail: (e: unknown) => void }) => o.fail({ errMsg: 'requestMerchantTransfer:fail cancel' }),
    };
    expect(await load('weapp').requestMerchantTransfer(bill)).toBe('cancelled');
  });

  it('订阅消息同步发起（调用返回前 wx 已被调用）', () => {
    const requestSubscribeMessage = jest.fn();
    (globalThis as { wx?: unknown }).wx = { requestSubscribeMessage };
    void load('weapp').requestSubscribe(['a', 'b', 'c', 'd']);
    expect(requestSubscribeMessage).toHaveBeenCalledTimes(1);
    expect(requestSubscribeMessage.mock.calls[0][0].tmplIds).toEqual(['a', 'b', 'c']);
  });
});
