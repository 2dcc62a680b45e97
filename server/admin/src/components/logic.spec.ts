import type { DepartmentKpiDto } from '@sansui/shared';
import { describe, expect, it } from 'vitest';
import { heatByGrid, rankDepartments } from '../pages/stats/StatsPages';
import { parseGeoJsonFile } from '../pages/admin/AreasPage';
import { campaignMismatch } from '../pages/audit/LedgerPage';
import { toBody, toFormValues, type FieldDef } from './CrudPage';
import { caseTotalText } from './CaseTable';
import { reassignChoices } from './ReassignButton';
import { bboxOf, contains, type GeoFeature } from '../lib/geo';

const kpi = (id: number, onTimeRate: number | null, reworkRate: number | null): DepartmentKpiDto =>
  ({ departmentId: id, departmentName: `d${id}`, onTimeRate, reworkRate, satisfactionRate: null }) as DepartmentKpiDto;

describe('statistics', () => {
  it('ranks by on-time rate, then lower rework rate; no data last', () => {
    const r = rankDepartments([kpi(1, 0.5, 0), kpi(2, null, null), kpi(3, 0.9, 0.2), kpi(4, 0.9, 0.1)]);
    expect(r.map((k) => k.departmentId)).toEqual([4, 3, 1, 2]);
  });
  it('sums the heat map per grid, optionally for one category', () => {
    const rows = [
      { gridId: 1, gridName: 'a', categoryCode: 'x', count: 2 },
      { gridId: 1, gridName: 'a', categoryCode: 'y', count: 3 },
      { gridId: null, gridName: null, categoryCode: 'x', count: 9 },
    ];
    expect([...heatByGrid(rows)]).toEqual([[1, 5]]);
    expect([...heatByGrid(rows, 'y')]).toEqual([[1, 3]]);
  });
});

describe('reconciliation', () => {
  it('flags a campaign whose paid sum differs from the WeChat Pay bills', () => {
    const base = {
      campaignId: 1,
      name: 'c',
      budgetFen: 1000,
      reservedFen: 400,
      remainingFen: 600,
      grantedFen: 400,
      paidFen: 200,
      billsSuccessFen: 200,
    };
    expect(campaignMismatch(base)).toBe(false);
    expect(campaignMismatch({ ...base, billsSuccessFen: 190 })).toBe(true);
    expect(campaignMismatch({ ...base, remainingFen: 500 })).toBe(true);
  });
});

describe('GeoJSON import file', () => {
  it('accepts a FeatureCollection or a Feature and refuses the rest in Chinese', () => {
    expect(parseGeoJsonFile('{"type":"FeatureCollection","features":[{}]}').features).toHaveLength(1);
    expect(parseGeoJsonFile('{"type":"Feature","properties":{}}').features).toHaveLength(1);
    expect(() => parseGeoJsonFile('nope')).toThrow('文件不是有效的 JSON');
    expect(() => parseGeoJsonFile('{"type":"Point"}')).toThrow('文件应为 GeoJSON FeatureCollection');
  });
});

describe('config forms', () => {
  const fields: FieldDef[] = [
    { name: 'code', label: '编码', type: 'text', createOnly: true },
    { name: 'rewardFen', label: '红包金额', type: 'fen' },
    { name: 'geometry', label: '边界', type: 'json' },
    { name: 'areaId', label: '区域', type: 'select' },
    { name: 'password', label: '密码', type: 'password', writeOnly: true },
  ];
  it('turns form values into a body: yuan → fen, JSON parsed, codes only on create', () => {
    expect(toBody(fields, { code: 'a', rewardFen: '2.5', geometry: '{"type":"Polygon"}', areaId: 3, password: 'x' }, false)).toEqual({
      code: 'a',
      rewardFen: 250,
      geometry: { type: 'Polygon' },
      areaId: 3,
      password: 'x',
    });
    expect(toBody(fields, { code: 'a', rewardFen: '1', geometry: '', areaId: undefined, password: '' }, true)).toEqual({
      rewardFen: 100,
      geometry: null,
      areaId: null,
    });
    expect(() => toBody(fields, { rewardFen: '1.234' }, false)).toThrow('红包金额应为金额');
    expect(() => toBody(fields, { geometry: '{' }, false)).toThrow('边界不是有效的 JSON');
  });
  it('fills the edit form from a row without write-only fields', () => {
    expect(toFormValues(fields, { code: 'a', rewardFen: 200, geometry: { a: 1 }, password: 'hash' })).toEqual({
      code: 'a',
      rewardFen: '2.00',
      geometry: '{\n  "a": 1\n}',
      areaId: undefined,
    });
  });
});

describe('offline map geometry', () => {
  const sq: GeoFeature = {
    type: 'Feature',
    properties: { id: 1, code: 'g', name: 'g' },
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [2, 0],
          [2, 2],
          [0, 2],
          [0, 0],
        ],
      ],
    },
  };
  it('finds the grid a point is in, and its bounds', () => {
    expect(contains(sq, [1, 1])).toBe(true);
    expect(contains(sq, [3, 1])).toBe(false);
    expect(bboxOf([sq], [[5, -1]])).toEqual({ minX: 0, minY: -1, maxX: 5, maxY: 2 });
  });
});

describe('reassign (改派)', () => {
  const handlers = [
    { id: 3, displayName: '张三' },
    { id: 4, displayName: '李四' },
  ];
  it('offers the department handlers except the one holding the case', () => {
    expect(reassignChoices(handlers, 3)).toEqual([{ value: 4, label: '李四' }]);
  });
  it('offers everyone when nobody holds the case yet', () => {
    expect(reassignChoices(handlers, null)).toEqual([
      { value: 3, label: '张三' },
      { value: 4, label: '李四' },
    ]);
  });
});

describe('case list total', () => {
  it('says the count, or "more than" once the server stopped counting at its cap', () => {
    expect(caseTotalText({ total: 37, totalCapped: false })).toBe('共 37 条');
    expect(caseTotalText({ total: 10000, totalCapped: true })).toBe('超过 10,000 条');
  });
});
