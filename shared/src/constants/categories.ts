import type { DepartmentType } from './departments';

export interface CategoryDefinition {
  /** Stable identifier. */
  code: string;
  name: string;
  /** One-line hint shown to residents when choosing. */
  hint: string;
  defaultDepartmentType: DepartmentType;
  slaHours: number;
  rewardFen: number;
  /** Radius for duplicate detection in metres (docs/domain.md §6). */
  duplicateRadiusM: number;
  sortOrder: number;
}

/** The starter catalogue of docs/domain.md §4. Admin-editable at run time; codes never change. */
export const CATEGORY_CATALOGUE: readonly CategoryDefinition[] = [
  {
    code: 'exposed_garbage',
    name: '暴露垃圾 / 积存垃圾',
    hint: '路边、绿地里成堆或散落的垃圾',
    defaultDepartmentType: 'sanitation',
    slaHours: 4,
    rewardFen: 200,
  },
  {
    code: 'overflowing_bin',
    name: '垃圾桶满溢、破损',
    hint: '垃圾桶装满溢出、桶身破损或缺盖',
    defaultDepartmentType: 'sanitation',
    slaHours: 4,
    rewardFen: 100,
  },
  {
    code: 'back_alley',
    name: '背街小巷、卫生死角',
    hint: '小巷、楼道口、角落长期无人清扫',
    defaultDepartmentType: 'street_office',
    slaHours: 24,
    rewardFen: 200,
  },
  {
    code: 'street_vending',
    name: '占道经营、流动摊贩、跨门经营',
    hint: '摊点占用人行道或车道',
    defaultDepartmentType: 'urban_management',
    slaHours: 24,
    rewardFen: 200,
  },
  {
    code: 'piling',
    name: '乱堆乱放',
    hint: '杂物、建材、废品堆在公共区域',
    defaultDepartmentType: 'street_office',
    slaHours: 24,
    rewardFen: 200,
  },
  {
    code: 'illegal_structure',
    name: '乱搭乱建',
    hint: '违规搭建的棚子、围墙、构筑物',
    defaultDepartmentType: 'urban_management',
    slaHours: 168,
    rewardFen: 300,
  },
  {
    code: 'illegal_ads',
    name: '小广告、"牛皮癣"、乱涂乱画',
    hint: '墙面、电线杆上的小广告和涂鸦',
    defaultDepartmentType: 'urban_management',
    slaHours: 24,
    rewardFen: 100,
  },
  {
    code: 'public_toilet',
    name: '公厕卫生',
    hint: '公厕脏污、异味、设施损坏',
    defaultDepartmentType: 'sanitation',
    slaHours: 8,
    rewardFen: 200,
  },
  {
    code: 'river_litter',
    name: '河道漂浮物、岸坡垃圾、污水',
    hint: '河面漂浮物、岸边垃圾、排污',
    defaultDepartmentType: 'river_office',
    slaHours: 24,
    rewardFen: 300,
  },
  {
    code: 'construction_site',
    name: '工地扬尘、抛撒滴漏、围挡',
    hint: '工地扬尘、渣土撒路、围挡破损',
    defaultDepartmentType: 'housing_construction',
    slaHours: 48,
    rewardFen: 300,
  },
  {
    code: 'market_hygiene',
    name: '农贸市场及周边卫生',
    hint: '菜场内外脏乱、污水横流',
    defaultDepartmentType: 'market_regulation',
    slaHours: 24,
    rewardFen: 200,
  },
  {
    code: 'small_business',
    name: '"五小"行业卫生',
    hint: '小餐饮、小旅馆、理发、浴室、小食品店卫生差',
    defaultDepartmentType: 'health_supervision',
    slaHours: 72,
    rewardFen: 300,
  },
  {
    code: 'vector_breeding',
    name: '病媒孳生地',
    hint: '积水、鼠迹、蚊蝇孳生',
    defaultDepartmentType: 'disease_control',
    slaHours: 48,
    rewardFen: 300,
  },
  { code: 'livestock', name: '散养禽畜', hint: '城区散养鸡鸭等禽畜', defaultDepartmentType: 'street_office', slaHours: 72, rewardFen: 200 },
  {
    code: 'open_burning',
    name: '露天烧烤、焚烧',
    hint: '露天烧烤、焚烧垃圾或树叶',
    defaultDepartmentType: 'urban_management',
    slaHours: 24,
    rewardFen: 200,
  },
  {
    code: 'smoking',
    name: '公共场所吸烟',
    hint: '室内公共场所、公交站台吸烟',
    defaultDepartmentType: 'health_commission',
    slaHours: 72,
    rewardFen: 100,
  },
  {
    code: 'other',
    name: '其他',
    hint: '不属于以上分类的环境卫生问题',
    defaultDepartmentType: 'patriotic_health',
    slaHours: 72,
    rewardFen: 100,
  },
].map((c, i) => ({ ...c, defaultDepartmentType: c.defaultDepartmentType as DepartmentType, duplicateRadiusM: 50, sortOrder: i + 1 }));

export const CATEGORY_CODES = CATEGORY_CATALOGUE.map((c) => c.code);

export function findCategory(code: string): CategoryDefinition | undefined {
  return CATEGORY_CATALOGUE.find((c) => c.code === code);
}
