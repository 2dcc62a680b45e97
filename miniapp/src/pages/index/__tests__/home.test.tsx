import { render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import Home from '../index';

const request = Taro.request as unknown as jest.Mock;

/** GET /api/v1/stats/campaign 的回答（在 HTTP 层替换，页面走真实的 api 层） */
function serveStats(currentCampaign: unknown) {
  request.mockImplementation((o: { url: string; method: string }) => {
    expect(o).toMatchObject({ url: '/api/v1/stats/campaign', method: 'GET' });
    return Promise.resolve({
      statusCode: 200,
      header: {},
      data: { residents: 2018, photos: 2430, reports: 2430, casesClosed: 2410, rewardsPaidFen: 477800, currentCampaign },
    });
  });
}

describe('首页活动信息', () => {
  beforeEach(() => request.mockReset());

  it('显示当前活动的名称和起止日期（北京时间）', async () => {
    serveStats({ id: 3, name: '2026 年冬季三随行动', startsAt: '2026-11-30T16:00:00.000Z', endsAt: '2027-02-28T15:59:59.000Z' });
    render(<Home />);
    expect((await screen.findByTestId('current-campaign')).textContent).toBe(
      '当前活动：2026 年冬季三随行动（2026年12月1日—2027年2月28日）',
    );
    expect(screen.getByText('¥4778.00')).toBeTruthy();
  });

  it('活动规则两行说完：怎么参与；按当前活动说什么时候发红包、每天最多几个', async () => {
    const rules = async (campaign: unknown) => {
      serveStats(campaign);
      const view = render(<Home />);
      await screen.findByTestId('current-campaign');
      const lines = Array.from(screen.getByTestId('campaign-rules').children).map((el) => el.textContent ?? '');
      view.unmount();
      return lines;
    };
    const base = { id: 3, name: '冬季行动', startsAt: '2026-11-30T16:00:00.000Z', endsAt: '2027-02-28T15:59:59.000Z' };
    const capped = await rules({ ...base, snapTrigger: 'accepted', dailyCountCap: 5 });
    expect(capped).toEqual(['看到脏乱差就随手拍，自己清理了就随手捡。', '受理后发红包，每人每天最多 5 个。']);
    expect((await rules({ ...base, snapTrigger: 'closed', dailyCountCap: null }))[1]).toBe('办结后发微信红包，在“我的红包”领取。');
    expect((await rules(null))[1]).toBe('有红包活动时，核实后发微信红包。');
    // 手机上一行放得下（375 宽的屏幕约 22 个字）
    for (const line of capped) expect(line.length).toBeLessThanOrEqual(22);
  });

  it('没有进行中的活动时如实说明', async () => {
    serveStats(null);
    render(<Home />);
    expect((await screen.findByTestId('current-campaign')).textContent).toBe('暂无进行中的活动');
  });

  it('数据没加载出来时不显示活动行，提示下拉刷新', async () => {
    request.mockImplementation(() => Promise.resolve({ statusCode: 503, header: {}, data: {} }));
    render(<Home />);
    await screen.findByText('数据暂时没加载出来，下拉可刷新');
    expect(screen.queryByTestId('current-campaign')).toBeNull();
  });
});
