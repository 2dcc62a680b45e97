import { AREA_LEVEL_LABELS, DEPARTMENT_TYPE_LABELS, type AreaLevel, type DepartmentType, type RoutingSuggestionDto } from '@sansui/shared';

/** What the decision needs, gathered by RoutingService (or made by hand in tests). */
export interface RouteContext {
  categoryCode: string;
  category: { code: string; name: string; defaultDepartmentType: DepartmentType } | null;
  /** The grid and its ancestors, nearest first (empty outside the service area). */
  chain: { id: number; name: string; level: AreaLevel }[];
  rules: { id: number; categoryCode: string | null; areaId: number | null; departmentId: number; priority: number; active: boolean }[];
  /** Active zones covering the point, most specific (smallest) first. */
  zones: { id: number; name: string; departmentId: number; categoryCodes: string[] | null }[];
  departments: { id: number; name: string; type: DepartmentType; areaId: number | null; active: boolean }[];
}

/**
 * docs/domain.md §6 step 5, as a pure function:
 * 1. a rule (category or any, on an area of the grid's chain or city-wide) overrides all — the most
 *    specific area first, then higher priority, then a rule naming the category before a catch-all;
 * 2. else a responsibility zone covering the point whose categories include this one (or all);
 * 3. else the category's department type: the active department of that type serving the grid,
 *    walking grid → community → street → district;
 * 4. else a city-wide department of that type (areaId null);
 * 5. else none.
 * Inactive departments never receive a suggestion.
 */
export function decideRoute(ctx: RouteContext): RoutingSuggestionDto {
  const departments = new Map(ctx.departments.filter((d) => d.active).map((d) => [d.id, d]));
  const categoryName = ctx.category?.name ?? ctx.categoryCode;
  const depth = new Map(ctx.chain.map((a, i) => [a.id, i]));
  const areaDepth = (areaId: number | null) => (areaId === null ? ctx.chain.length : (depth.get(areaId) ?? Infinity));
  const pick = (id: number) => departments.get(id);

  const rule = ctx.rules
    .filter(
      (r) =>
        r.active &&
        (r.categoryCode === null || r.categoryCode === ctx.categoryCode) &&
        areaDepth(r.areaId) !== Infinity &&
        pick(r.departmentId),
    )
    .sort(
      (a, b) =>
        areaDepth(a.areaId) - areaDepth(b.areaId) ||
        b.priority - a.priority ||
        Number(a.categoryCode === null) - Number(b.categoryCode === null) ||
        a.id - b.id,
    )[0];
  if (rule) {
    const dept = pick(rule.departmentId)!;
    const areaName = rule.areaId === null ? '全市' : ctx.chain[depth.get(rule.areaId)!].name;
    const what = rule.categoryCode === null ? '所有分类' : categoryName;
    return {
      departmentId: dept.id,
      departmentName: dept.name,
      rule: 'rule',
      explanation: `按规则：${areaName} 的 ${what} 派遣至 ${dept.name}`,
    };
  }

  const zone = ctx.zones.find((z) => (z.categoryCodes === null || z.categoryCodes.includes(ctx.categoryCode)) && pick(z.departmentId));
  if (zone) {
    const dept = pick(zone.departmentId)!;
    return { departmentId: dept.id, departmentName: dept.name, rule: 'zone', explanation: `位于责任区 ${zone.name}，派遣至 ${dept.name}` };
  }

  if (!ctx.category) return none(`分类 ${ctx.categoryCode} 不存在，无法匹配责任部门，请手动选择`);
  const type = ctx.category.defaultDepartmentType;
  const ofType = [...departments.values()].filter((d) => d.type === type).sort((a, b) => a.id - b.id);
  const grid = ctx.chain[0];
  for (const area of ctx.chain) {
    const dept = ofType.find((d) => d.areaId === area.id);
    if (!dept) continue;
    const via = area === grid ? `按网格 ${grid.name}` : `按网格 ${grid.name} 所属${AREA_LEVEL_LABELS[area.level]} ${area.name}`;
    return { departmentId: dept.id, departmentName: dept.name, rule: 'area', explanation: `${via} 派遣至 ${dept.name}` };
  }
  const cityWide = ofType.find((d) => d.areaId === null);
  if (cityWide) {
    return {
      departmentId: cityWide.id,
      departmentName: cityWide.name,
      rule: 'fallback',
      explanation: `${categoryName} 由${DEPARTMENT_TYPE_LABELS[type]}部门负责，${grid ? `网格 ${grid.name} 所在区域未设该类部门，` : '位置不在任何网格内，'}派遣至全市统管的 ${cityWide.name}`,
    };
  }
  return none(`没有找到负责 ${categoryName} 的${DEPARTMENT_TYPE_LABELS[type]}部门，请手动选择`);
}

function none(explanation: string): RoutingSuggestionDto {
  return { departmentId: null, departmentName: null, rule: 'none', explanation };
}
