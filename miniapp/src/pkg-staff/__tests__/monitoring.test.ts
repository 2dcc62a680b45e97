import type { ChecklistItemDto } from '@sansui/shared';
import { byDistance, cleanText, itemForCategory, monitoringPlace } from '../lib/monitoring';

describe('重点监控点位在工作台', () => {
  it('写地址（带网格），没有地址时写区域和网格，从不写坐标', () => {
    expect(monitoringPlace({ address: '保俶路197号附近', gridName: '曙光02网格', areaName: '西湖区' })).toBe(
      '保俶路197号附近（曙光02网格）',
    );
    expect(monitoringPlace({ address: null, gridName: '曙光02网格', areaName: '西湖区' })).toBe('西湖区曙光02网格（地址待识别）');
    expect(cleanText({ cleanDays: 3, clearsOn: '2027-02-05' })).toBe('已连续 3 天无新问题，如无新问题 2027-02-05 移出');
  });

  it('知道我在哪时近的在前，否则保持原来的顺序', () => {
    const far = { key: 'far', lat: 30.3, lng: 120.15 };
    const near = { key: 'near', lat: 30.2745, lng: 120.155 };
    expect(byDistance([far, near], { lat: 30.274, lng: 120.155 }).map((p) => p.key)).toEqual(['near', 'far']);
    expect(byDistance([far, near], null).map((p) => p.key)).toEqual(['far', 'near']);
  });

  it('记录检查发现时先选好同一问题分类的第一条细则', () => {
    const items = [
      { code: 'A01', categoryCode: 'exposed_garbage' },
      { code: 'A02', categoryCode: 'overflowing_bin' },
      { code: 'A03', categoryCode: 'overflowing_bin' },
    ] as ChecklistItemDto[];
    expect(itemForCategory(items, 'overflowing_bin')).toBe('A02');
    expect(itemForCategory(items, 'street_vending')).toBeUndefined();
    expect(itemForCategory(items, undefined)).toBeUndefined();
  });
});
