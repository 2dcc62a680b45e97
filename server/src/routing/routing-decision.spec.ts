import { decideRoute, type RouteContext } from './routing-decision';

const chain: RouteContext['chain'] = [
  { id: 4, name: '曙光01网格', level: 'grid' },
  { id: 3, name: '曙光社区', level: 'community' },
  { id: 2, name: '北山街道', level: 'street' },
  { id: 1, name: '西湖区', level: 'district' },
];
const garbage = { code: 'exposed_garbage', name: '暴露垃圾', defaultDepartmentType: 'sanitation' as const };
const dept = (id: number, name: string, type: RouteContext['departments'][number]['type'], areaId: number | null, active = true) => ({
  id,
  name,
  type,
  areaId,
  active,
});

function ctx(over: Partial<RouteContext> = {}): RouteContext {
  return {
    categoryCode: 'exposed_garbage',
    category: garbage,
    chain,
    rules: [],
    zones: [],
    departments: [
      dept(10, '西湖区环卫所', 'sanitation', 1),
      dept(11, '市环卫处', 'sanitation', null),
      dept(12, '北山街道办事处', 'street_office', 2),
      dept(13, '浙一医院', 'unit', null),
      dept(14, '西湖区河道办', 'river_office', 1),
    ],
    ...over,
  };
}
const rule = (id: number, areaId: number | null, departmentId: number, over: Partial<RouteContext['rules'][number]> = {}) => ({
  id,
  categoryCode: 'exposed_garbage',
  areaId,
  departmentId,
  priority: 0,
  active: true,
  ...over,
});
const zone = { id: 1, name: '浙一医院门前四包', departmentId: 13, categoryCodes: null };

describe('decideRoute (docs/domain.md §6 step 5)', () => {
  it('walks grid → community → street → district to the department of the category’s type', () => {
    expect(decideRoute(ctx())).toEqual({
      departmentId: 10,
      departmentName: '西湖区环卫所',
      rule: 'area',
      explanation: '按网格 曙光01网格 所属区 西湖区 派遣至 西湖区环卫所',
    });
  });

  it('stops at the street when the grid and community have no department of that type', () => {
    const s = decideRoute(
      ctx({ categoryCode: 'back_alley', category: { code: 'back_alley', name: '背街小巷', defaultDepartmentType: 'street_office' } }),
    );
    expect(s).toEqual({
      departmentId: 12,
      departmentName: '北山街道办事处',
      rule: 'area',
      explanation: '按网格 曙光01网格 所属街道 北山街道 派遣至 北山街道办事处',
    });
  });

  it('prefers the nearest level: a grid-level department beats the district’s', () => {
    const s = decideRoute(ctx({ departments: [...ctx().departments, dept(20, '网格保洁队', 'sanitation', 4)] }));
    expect(s).toMatchObject({ departmentId: 20, rule: 'area', explanation: '按网格 曙光01网格 派遣至 网格保洁队' });
  });

  it('falls back to a city-wide department, then to none', () => {
    expect(decideRoute(ctx({ departments: [dept(11, '市环卫处', 'sanitation', null)] }))).toEqual({
      departmentId: 11,
      departmentName: '市环卫处',
      rule: 'fallback',
      explanation: '暴露垃圾 由环卫部门负责，网格 曙光01网格 所在区域未设该类部门，派遣至全市统管的 市环卫处',
    });
    const none = decideRoute(ctx({ departments: [] }));
    expect(none).toMatchObject({ departmentId: null, departmentName: null, rule: 'none' });
    expect(none.explanation).toContain('请手动选择');
  });

  it('skips inactive departments', () => {
    expect(
      decideRoute(ctx({ departments: [dept(10, '西湖区环卫所', 'sanitation', 1, false), dept(11, '市环卫处', 'sanitation', null)] })),
    ).toMatchObject({ departmentId: 11, rule: 'fallback' });
  });

  it('a covering zone beats the area walk, when it handles the category', () => {
    expect(decideRoute(ctx({ zones: [zone] }))).toEqual({
      departmentId: 13,
      departmentName: '浙一医院',
      rule: 'zone',
      explanation: '位于责任区 浙一医院门前四包，派遣至 浙一医院',
    });
    expect(decideRoute(ctx({ zones: [{ ...zone, categoryCodes: ['piling'] }] }))).toMatchObject({ departmentId: 10, rule: 'area' });
  });

  it('a rule beats a zone and the walk; the most specific area wins, then priority', () => {
    const rules = [rule(1, 1, 14), rule(2, 2, 12)];
    expect(decideRoute(ctx({ zones: [zone], rules }))).toEqual({
      departmentId: 12,
      departmentName: '北山街道办事处',
      rule: 'rule',
      explanation: '按规则：北山街道 的 暴露垃圾 派遣至 北山街道办事处',
    });
    expect(decideRoute(ctx({ rules: [rule(1, 2, 14, { priority: 5 }), rule(2, 2, 12)] }))).toMatchObject({ departmentId: 14 });
    expect(decideRoute(ctx({ rules: [rule(1, null, 14, { categoryCode: null })] })).explanation).toBe(
      '按规则：全市 的 所有分类 派遣至 西湖区河道办',
    );
  });

  it('ignores rules for other categories, other areas, inactive rules and rules to inactive departments', () => {
    const rules = [rule(1, 1, 14, { categoryCode: 'piling' }), rule(2, 99, 14), rule(3, 1, 14, { active: false }), rule(4, 1, 15)];
    expect(decideRoute(ctx({ rules, departments: [...ctx().departments, dept(15, '停用部门', 'unit', null, false)] }))).toMatchObject({
      departmentId: 10,
      rule: 'area',
    });
  });

  it('outside every grid, only city-wide rules and departments apply', () => {
    expect(decideRoute(ctx({ chain: [] }))).toMatchObject({ departmentId: 11, rule: 'fallback' });
  });

  it('an unknown category gets no suggestion', () => {
    expect(decideRoute(ctx({ categoryCode: 'nope', category: null }))).toMatchObject({ departmentId: null, rule: 'none' });
  });
});

describe('routing decision: ties and explanations', () => {
  it('among rules on the same area: higher priority, then the rule naming the category, then the older rule', () => {
    const pick = (rules: RouteContext['rules']) => decideRoute(ctx({ rules })).departmentId;
    expect(pick([rule(1, 3, 10, { priority: 1 }), rule(2, 3, 12, { priority: 5 }), rule(3, 3, 14, { priority: 3 })])).toBe(12);
    expect(pick([rule(1, 3, 10, { categoryCode: null }), rule(2, 3, 12)])).toBe(12);
    expect(pick([rule(2, 3, 12), rule(1, 3, 10, { categoryCode: null })])).toBe(12);
    expect(pick([rule(7, 3, 12), rule(5, 3, 10), rule(6, 3, 14)])).toBe(10);
  });

  it('picks the oldest department of the category’s type serving the area, never one of another type', () => {
    const departments = [dept(20, '西湖区河道办', 'river_office', 4), dept(19, '二所', 'sanitation', 3), dept(18, '一所', 'sanitation', 3)];
    expect(decideRoute(ctx({ departments }))).toMatchObject({ departmentId: 18, rule: 'area' });
  });

  it('explains an unknown category and a location outside every grid', () => {
    expect(decideRoute(ctx({ category: null, categoryCode: 'nope' }))).toEqual({
      departmentId: null,
      departmentName: null,
      rule: 'none',
      explanation: '分类 nope 不存在，无法匹配责任部门，请手动选择',
    });
    expect(decideRoute(ctx({ chain: [] }))).toEqual({
      departmentId: 11,
      departmentName: '市环卫处',
      rule: 'fallback',
      explanation: '暴露垃圾 由环卫部门负责，位置不在任何网格内，派遣至全市统管的 市环卫处',
    });
  });
});
