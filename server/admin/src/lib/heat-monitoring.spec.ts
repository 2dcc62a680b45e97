import type { MonitoringPointDto } from '@sansui/shared';
import { describe, expect, it } from 'vitest';
import { monitoringHtml, monitoringLines, pointsOnHeatMap } from './heat-monitoring';

const point = (over: Partial<MonitoringPointDto>): MonitoringPointDto => ({
  key: 'k',
  categoryCode: 'garbage',
  categoryName: '垃圾乱堆',
  lat: 30.27,
  lng: 120.15,
  areaId: 1,
  areaName: '西湖区',
  gridId: 11,
  gridName: '文三路01网格',
  address: '文三路 100 号',
  reason: 'repeated_cases',
  reasonText: '90 天内同类问题 3 件以上',
  since: '2026-11-01T00:00:00.000Z',
  lastEventAt: '2026-11-20T00:00:00.000Z',
  cleanDays: 12,
  clearsOn: '2027-01-20',
  caseCount: 3,
  findingCount: 0,
  events: [],
  ...over,
});

describe('monitoring points on the heat map', () => {
  it('draws the points inside the map’s grids, of its category when one is chosen', () => {
    const items = [
      point({ key: 'a' }),
      point({ key: 'b', gridId: 99 }),
      point({ key: 'c', gridId: null }),
      point({ key: 'd', categoryCode: 'ads' }),
    ];
    expect(pointsOnHeatMap(items, new Set([11])).map((p) => p.key)).toEqual(['a', 'd']);
    expect(pointsOnHeatMap(items, new Set([11]), 'garbage').map((p) => p.key)).toEqual(['a']);
  });

  it('says where, what, why and how long it has been clean — in words, escaped', () => {
    expect(monitoringLines(point({}))).toEqual([
      '重点监控点位：文三路 100 号（文三路01网格）',
      '问题分类：垃圾乱堆',
      '列入原因：90 天内同类问题 3 件以上',
      '已连续 12 天无新问题，如无新问题 2027-01-20 移出',
    ]);
    expect(monitoringLines(point({ address: null, gridName: null }))[0]).toBe('重点监控点位：西湖区');
    expect(monitoringHtml(point({ address: '<b>x</b>' }))).toContain('&#60;b&#62;x&#60;/b&#62;');
  });
});
