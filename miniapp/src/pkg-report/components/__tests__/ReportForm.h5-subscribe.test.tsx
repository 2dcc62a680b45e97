/**
 * H5 构建里的订阅消息：没有 wx.requestSubscribeMessage，平台层在服务端的微信模拟器里代点“允许”，
 * 表单再像小程序一样向服务端登记授权。这里用真实的 api 层和 H5 平台层，只在 HTTP 层（Taro.request）替换回答。
 */
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { setToken } from '../../../api/token';
import { platform } from '../../../platform';
import { ReportForm } from '../ReportForm';

type Req = { url: string; method: string; header: Record<string, string>; data?: Record<string, unknown> };
const request = Taro.request as unknown as jest.Mock;
const calls: Req[] = [];

function serve(simulator: 'accept' | 'missing') {
  request.mockImplementation((o: Req) => {
    calls.push(o);
    const reply = (statusCode: number, data: unknown) => Promise.resolve({ statusCode, data, header: {} });
    const key = `${o.method} ${o.url}`;
    if (key === 'POST /api/v1/auth/wechat')
      return reply(201, {
        token: 'tok-h5',
        user: { id: 7, kind: 'resident', displayName: '居民', roles: ['resident'], departmentId: null },
      });
    if (key === 'GET /api/v1/categories')
      return reply(200, [{ code: 'exposed_garbage', name: '暴露垃圾 / 积存垃圾', hint: '路边成堆的垃圾', enabled: true, sortOrder: 1 }]);
    if (key === 'GET /api/v1/grids') return reply(200, { type: 'FeatureCollection', features: [] });
    if (key === 'GET /api/v1/subscriptions/templates')
      return reply(200, [{ key: 'progress', templateId: 'tmpl-progress', title: '处理进度' }]);
    if (key === 'POST /sim/wechat/_control/subscribe')
      return simulator === 'accept'
        ? reply(200, { errMsg: 'requestSubscribeMessage:ok', 'tmpl-progress': 'accept' })
        : reply(404, { code: 'ROUTE_NOT_FOUND', message: '接口不存在' });
    if (key === 'POST /api/v1/subscriptions') return reply(200, { granted: { 'tmpl-progress': 1 } });
    if (key === 'POST /api/v1/reports') return reply(201, { id: 900, status: 'submitted' });
    return reply(404, { code: 'ROUTE_NOT_FOUND', message: '接口不存在' });
  });
}

async function fillAndSubmit() {
  render(<ReportForm kind="snap" />);
  await screen.findByTestId('category-exposed_garbage');
  fireEvent.click(screen.getByTestId('photos-add'));
  await waitFor(() => expect(screen.getAllByTestId('photo-thumb')[0].getAttribute('data-uploaded')).toBe('1'));
  fireEvent.click(screen.getByTestId('category-exposed_garbage'));
  await waitFor(() => expect(calls.some((c) => c.url === '/api/v1/subscriptions/templates')).toBe(true));
  fireEvent.click(screen.getByTestId('submit-report'));
  await waitFor(() => expect(calls.some((c) => c.url === '/api/v1/reports')).toBe(true));
  await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/pkg-mine/detail/index?id=900&fresh=1' }), { timeout: 2000 });
}

describe('H5 随手拍：订阅消息走微信模拟器', () => {
  beforeEach(() => {
    calls.length = 0;
    request.mockReset();
    setToken(null);
    Taro.clearStorageSync();
    localStorage.clear();
    localStorage.setItem('sansui:privacy-agreed', '1');
    jest.spyOn(platform, 'chooseImages').mockResolvedValue([{ path: 'blob:photo-1', size: 1000 }]);
    jest.spyOn(platform, 'uploadFile').mockResolvedValue({
      statusCode: 201,
      body: JSON.stringify({ id: 31, url: '/p/31', thumbUrl: '/p/31/thumb', width: 10, height: 10 }),
    });
  });

  it('提交时在模拟器里代点“允许”（同一个模拟居民），再向服务端登记授权', async () => {
    expect(platform.name).toBe('h5');
    serve('accept');
    await fillAndSubmit();

    const login = calls.find((c) => c.url === '/api/v1/auth/wechat')!;
    const sim = calls.find((c) => c.url === '/sim/wechat/_control/subscribe')!;
    expect(sim).toMatchObject({
      method: 'POST',
      data: { name: String(login.data!.code).slice('sim:'.length), templateIds: ['tmpl-progress'] },
    });
    await waitFor(() => expect(calls.some((c) => c.url === '/api/v1/subscriptions')).toBe(true));
    const grant = calls.find((c) => c.url === '/api/v1/subscriptions')!;
    expect(grant).toMatchObject({ method: 'POST', data: { templateIds: ['tmpl-progress'] } });
    expect(grant.header.Authorization).toBe('Bearer tok-h5');
    // 与小程序一致：用户点了“允许”之后才登记
    expect(calls.indexOf(sim)).toBeLessThan(calls.indexOf(grant));
  });

  it('模拟器不可用时不登记授权，上报照常提交', async () => {
    serve('missing');
    await fillAndSubmit();
    expect(calls.some((c) => c.url === '/sim/wechat/_control/subscribe')).toBe(true);
    expect(calls.some((c) => c.url === '/api/v1/subscriptions')).toBe(false);
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '提交成功，感谢你！' }));
  });
});
