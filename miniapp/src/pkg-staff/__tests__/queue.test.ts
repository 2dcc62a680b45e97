import { distanceText, queueOrder, remainingText } from '../lib/queue';
import type { RoundSummaryDto } from '@sansui/shared';
import { staffFeatures } from '../lib/roles';
import { groupBySection, recordableRounds } from '../lib/rounds';

const item = (id: number, timeLeftMinutes: number | null) => ({
  id,
  timeLeftMinutes,
  overdue: timeLeftMinutes !== null && timeLeftMinutes < 0,
});

describe('部门待办的顺序', () => {
  it('超期的在最前（超得最久的第一），然后剩余时间少的在前，不计时的最后', () => {
    const list = [item(1, 300), item(2, null), item(3, -30), item(4, 20), item(5, -600), item(6, 300)];
    expect(queueOrder(list).map((c) => c.id)).toEqual([5, 3, 4, 1, 6, 2]);
  });

  it('不改动传入的列表', () => {
    const list = [item(1, 10), item(2, -10)];
    queueOrder(list);
    expect(list.map((c) => c.id)).toEqual([1, 2]);
  });
});

describe('剩余时间和距离的说法', () => {
  it('剩余、超期、不计时', () => {
    expect(remainingText(45)).toBe('剩 45 分钟');
    expect(remainingText(200)).toBe('剩 3 小时 20 分');
    expect(remainingText(-(2 * 1440 + 4 * 60))).toBe('超期 2 天 4 小时');
    expect(remainingText(-120)).toBe('超期 2 小时');
    expect(remainingText(null)).toBe('不计时');
  });

  it('距离按米或公里，不出现坐标', () => {
    expect(distanceText(347)).toBe('约 350 米');
    expect(distanceText(3)).toBe('约 10 米');
    expect(distanceText(2440)).toBe('约 2.4 公里');
  });
});

describe('工作台按角色给功能', () => {
  it('处置人员和部门负责人有部门待办；巡查员核查、上报、检查记录；调度员核查和检查记录；审计没有手机功能', () => {
    expect(staffFeatures(['handler'])).toEqual({ departmentQueue: true, verify: false, report: false, findings: false, monitoring: false });
    expect(staffFeatures(['dept_manager'])).toEqual({
      departmentQueue: true,
      verify: false,
      report: false,
      findings: false,
      monitoring: false,
    });
    expect(staffFeatures(['inspector'])).toEqual({ departmentQueue: false, verify: true, report: true, findings: true, monitoring: true });
    expect(staffFeatures(['dispatcher'])).toEqual({
      departmentQueue: false,
      verify: true,
      report: false,
      findings: true,
      monitoring: true,
    });
    expect(staffFeatures(['auditor'])).toEqual({
      departmentQueue: false,
      verify: false,
      report: false,
      findings: false,
      monitoring: false,
    });
  });
});

describe('能记录检查发现的轮次', () => {
  const round = (id: number, status: 'draft' | 'published', inspectorUserIds: number[]) =>
    ({ id, status, inspectorUserIds, kind: 'covert', name: `第${id}轮`, month: '2026-12' }) as unknown as RoundSummaryDto;
  const rounds = [round(1, 'draft', [7]), round(2, 'draft', [8]), round(3, 'published', [7])];

  it('巡查员只看安排给自己的、检查中的轮次；调度员看所有检查中的', () => {
    expect(recordableRounds(rounds, { id: 7, roles: ['inspector'] }).map((r) => r.id)).toEqual([1]);
    expect(recordableRounds(rounds, { id: 99, roles: ['dispatcher'] }).map((r) => r.id)).toEqual([1, 2]);
  });

  it('检查细则按分区分组，保持原顺序', () => {
    const items = [
      { code: 'a', section: '道路' },
      { code: 'b', section: '小区' },
      { code: 'c', section: '道路' },
    ];
    expect(groupBySection(items)).toEqual([
      { section: '道路', items: [items[0], items[2]] },
      { section: '小区', items: [items[1]] },
    ]);
  });
});
