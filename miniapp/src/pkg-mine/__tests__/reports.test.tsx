import { act, render, screen, waitFor } from '@testing-library/react';

jest.mock('../../platform', () => jest.requireActual('../../../jest/mock-platform').platformModule);

const mockApi = {
  myReports: jest.fn(),
  categories: jest.fn(async () => [{ code: 'exposed_garbage', name: '暴露垃圾 / 积存垃圾', hint: '', enabled: true, sortOrder: 1 }]),
  uploadPhoto: jest.fn(),
  createReport: jest.fn(),
};
jest.mock('../../api', () => jest.requireActual('../../../jest/mock-api').apiModule(() => mockApi));

import MyReports from '../reports/index';

const HOUR = 3600_000;
const report = (id: number, hoursAgo: number, status = 'dispatched') => ({
  id,
  kind: 'snap',
  categoryCode: 'exposed_garbage',
  status,
  createdAt: new Date(Date.now() - hoursAgo * HOUR).toISOString(),
  photos: [],
  description: null,
});
const page = (ids: number[], total: number, p: number) => ({ items: ids.map((id) => report(id, id)), total, page: p, pageSize: 20 });
/** jest/taro.ts 记下的页面回调（真实 Taro 的类型里没有，所以不用 import） */
const hooks = (jest.requireActual('@tarojs/taro') as { __pageHooks: { pullDownRefresh?: () => void; reachBottom?: () => void } })
  .__pageHooks;

describe('我的上报', () => {
  beforeEach(() => jest.clearAllMocks());

  it('显示状态和提交了多久；触底加载下一页，全部加载完显示总数', async () => {
    const first = Array.from({ length: 20 }, (_, i) => i + 1);
    mockApi.myReports.mockResolvedValueOnce(page(first, 22, 1)).mockResolvedValueOnce(page([21, 22], 22, 2));
    render(<MyReports />);
    await waitFor(() => expect(screen.getAllByTestId('report-item')).toHaveLength(20));
    expect(mockApi.myReports).toHaveBeenLastCalledWith(1, 20);
    expect(screen.getAllByTestId('report-item')[2].textContent).toContain('处理中');
    expect(screen.getAllByTestId('report-item')[2].textContent).toContain('随手拍 · 3 小时前');
    expect(screen.queryByText('共 22 条')).toBeNull();

    await act(async () => hooks.reachBottom?.());
    await waitFor(() => expect(screen.getAllByTestId('report-item')).toHaveLength(22));
    expect(mockApi.myReports).toHaveBeenLastCalledWith(2, 20);
    expect(screen.getByText('共 22 条')).toBeTruthy();

    // 已经全部加载：再触底不再请求
    await act(async () => hooks.reachBottom?.());
    expect(mockApi.myReports).toHaveBeenCalledTimes(2);
  });

  it('下拉刷新从第一页重新加载，显示最新状态', async () => {
    mockApi.myReports.mockResolvedValueOnce({ items: [report(1, 30)], total: 1, page: 1, pageSize: 20 });
    render(<MyReports />);
    await waitFor(() => expect(screen.getByTestId('report-item').textContent).toContain('1 天前'));
    mockApi.myReports.mockResolvedValueOnce({ items: [report(1, 30, 'closed')], total: 1, page: 1, pageSize: 20 });
    await act(async () => hooks.pullDownRefresh?.());
    await waitFor(() => expect(screen.getByTestId('report-item').textContent).toContain('已解决'));
    expect(mockApi.myReports).toHaveBeenLastCalledWith(1, 20);
  });
});
