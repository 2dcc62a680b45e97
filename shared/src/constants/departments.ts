/** Department types; routing turns a type into a concrete department (docs/domain.md §4, §6). */
export const DEPARTMENT_TYPES = [
  'sanitation',
  'street_office',
  'urban_management',
  'river_office',
  'housing_construction',
  'market_regulation',
  'health_supervision',
  'disease_control',
  'health_commission',
  'patriotic_health',
  'unit',
] as const;
export type DepartmentType = (typeof DEPARTMENT_TYPES)[number];

export const DEPARTMENT_TYPE_LABELS: Record<DepartmentType, string> = {
  sanitation: '环卫',
  street_office: '属地街道',
  urban_management: '城管执法',
  river_office: '河道办',
  housing_construction: '住建',
  market_regulation: '市场监管',
  health_supervision: '卫生监督',
  disease_control: '疾控',
  health_commission: '卫健',
  patriotic_health: '爱卫办',
  unit: '责任单位',
};

/** Levels of the area tree (docs/domain.md §3). */
export const AREA_LEVELS = ['district', 'street', 'community', 'grid'] as const;
export type AreaLevel = (typeof AREA_LEVELS)[number];
export const AREA_LEVEL_LABELS: Record<AreaLevel, string> = {
  district: '区',
  street: '街道',
  community: '社区',
  grid: '网格',
};
