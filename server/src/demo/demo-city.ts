import type { AreaLevel, DepartmentType, Role } from '@sansui/shared';
import type { LineString, Polygon } from 'geojson';

/**
 * The demo city: a believable slice of central Hangzhou north of West Lake, in GCJ-02 (the system
 * WeChat's map and getLocation use). 2 districts → 4 streets → 8 communities → 40 rectangular grids
 * on one lattice (8 columns × 5 rows, each cell ≈ 433 m × 445 m, ≈ 7.7 km² in all), so neighbouring
 * grids share their edges exactly and no community has gaps. Pure data: the demo seed writes it.
 */
export const DEMO_CENTRE = { lat: 30.2741, lng: 120.1551 };

const COLS = 8;
const ROWS = 5;
const D_LAT = 0.004;
const D_LNG = 0.0045;
const LAT0 = round6(DEMO_CENTRE.lat - (ROWS / 2) * D_LAT);
const LNG0 = round6(DEMO_CENTRE.lng - (COLS / 2) * D_LNG);

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

const latAt = (row: number) => round6(LAT0 + row * D_LAT);
const lngAt = (col: number) => round6(LNG0 + col * D_LNG);

/** Rectangle over lattice columns [c0, c1) and rows [r0, r1), counter-clockwise from the south-west corner. */
function rect(c0: number, c1: number, r0: number, r1: number): Polygon {
  const [w, e, s, n] = [lngAt(c0), lngAt(c1), latAt(r0), latAt(r1)];
  return {
    type: 'Polygon',
    coordinates: [
      [
        [w, s],
        [e, s],
        [e, n],
        [w, n],
        [w, s],
      ],
    ],
  };
}

export interface DemoArea {
  code: string;
  name: string;
  level: AreaLevel;
  parentCode: string | null;
  geometry: Polygon;
}

interface CommunitySpec {
  code: string;
  name: string;
  /** North (rows 2–4, 6 grids) or south (rows 0–1, 4 grids) half of its street's two columns. */
  half: 'north' | 'south';
}

interface StreetSpec {
  code: string;
  name: string;
  col: number;
  communities: [CommunitySpec, CommunitySpec];
}

const CITY: { code: string; name: string; col: number; streets: [StreetSpec, StreetSpec] }[] = [
  {
    code: 'xh',
    name: '西湖区',
    col: 0,
    streets: [
      {
        code: 'xh-bs',
        name: '北山街道',
        col: 0,
        communities: [
          { code: 'xh-bs-sg', name: '曙光社区', half: 'north' },
          { code: 'xh-bs-xh', name: '西湖社区', half: 'south' },
        ],
      },
      {
        code: 'xh-xx',
        name: '西溪街道',
        col: 2,
        communities: [
          { code: 'xh-xx-hyt', name: '花园亭社区', half: 'north' },
          { code: 'xh-xx-qz', name: '求智社区', half: 'south' },
        ],
      },
    ],
  },
  {
    code: 'sc',
    name: '上城区',
    col: 4,
    streets: [
      {
        code: 'sc-hb',
        name: '湖滨街道',
        col: 4,
        communities: [
          { code: 'sc-hb-dpl', name: '东坡路社区', half: 'north' },
          { code: 'sc-hb-ywl', name: '岳王路社区', half: 'south' },
        ],
      },
      {
        code: 'sc-xy',
        name: '小营街道',
        col: 6,
        communities: [
          { code: 'sc-xy-xyx', name: '小营巷社区', half: 'north' },
          { code: 'sc-xy-dxl', name: '大学路社区', half: 'south' },
        ],
      },
    ],
  },
];

/** Every demo area, parents before children. */
export function demoAreas(): DemoArea[] {
  const out: DemoArea[] = [];
  for (const d of CITY) {
    out.push({ code: d.code, name: d.name, level: 'district', parentCode: null, geometry: rect(d.col, d.col + 4, 0, ROWS) });
    for (const s of d.streets) {
      out.push({ code: s.code, name: s.name, level: 'street', parentCode: d.code, geometry: rect(s.col, s.col + 2, 0, ROWS) });
      for (const c of s.communities) {
        const [r0, r1] = c.half === 'north' ? [2, ROWS] : [0, 2];
        out.push({ code: c.code, name: c.name, level: 'community', parentCode: s.code, geometry: rect(s.col, s.col + 2, r0, r1) });
        let n = 0;
        for (let row = r1 - 1; row >= r0; row--) {
          for (let col = s.col; col < s.col + 2; col++) {
            n++;
            const nn = String(n).padStart(2, '0');
            out.push({
              code: `${c.code}-${nn}`,
              name: `${c.name.replace(/社区$/, '')}${nn}网格`,
              level: 'grid',
              parentCode: c.code,
              geometry: rect(col, col + 1, row, row + 1),
            });
          }
        }
      }
    }
  }
  return out;
}

/** The centre of a rectangular demo polygon. */
export function centreOf(geometry: Polygon): { lat: number; lng: number } {
  const ring = geometry.coordinates[0];
  const lats = ring.map((p) => p[1]);
  const lngs = ring.map((p) => p[0]);
  return { lat: (Math.min(...lats) + Math.max(...lats)) / 2, lng: (Math.min(...lngs) + Math.max(...lngs)) / 2 };
}

export interface DemoDepartment {
  code: string;
  name: string;
  type: DepartmentType;
  /** Area code it serves; null = the whole city. */
  areaCode: string | null;
  contactPhone?: string;
}

/** One department of each type docs/domain.md §4 names, street offices per street, and four zone-owning units. */
export const DEMO_DEPARTMENTS: DemoDepartment[] = [
  { code: 'sanitation-xihu', name: '西湖区环境卫生管理所', type: 'sanitation', areaCode: 'xh', contactPhone: '0571-87960001' },
  { code: 'sanitation-shangcheng', name: '上城区环境卫生管理所', type: 'sanitation', areaCode: 'sc', contactPhone: '0571-87960002' },
  { code: 'urban-xihu', name: '西湖区城管执法大队', type: 'urban_management', areaCode: 'xh', contactPhone: '0571-87960003' },
  { code: 'urban-shangcheng', name: '上城区城管执法大队', type: 'urban_management', areaCode: 'sc', contactPhone: '0571-87960004' },
  { code: 'housing', name: '市住房和城乡建设局', type: 'housing_construction', areaCode: null },
  { code: 'market', name: '市市场监督管理局', type: 'market_regulation', areaCode: null },
  { code: 'river', name: '市河道监管中心', type: 'river_office', areaCode: null },
  { code: 'river-xihu', name: '西湖区河道办', type: 'river_office', areaCode: 'xh' },
  { code: 'health-supervision', name: '市卫生监督所', type: 'health_supervision', areaCode: null },
  { code: 'cdc', name: '市疾病预防控制中心', type: 'disease_control', areaCode: null },
  { code: 'health-commission', name: '市卫生健康委员会', type: 'health_commission', areaCode: null },
  { code: 'aiweiban', name: '市爱国卫生运动委员会办公室', type: 'patriotic_health', areaCode: null, contactPhone: '0571-12345' },
  { code: 'street-beishan', name: '北山街道办事处', type: 'street_office', areaCode: 'xh-bs' },
  { code: 'street-xixi', name: '西溪街道办事处', type: 'street_office', areaCode: 'xh-xx' },
  { code: 'street-hubin', name: '湖滨街道办事处', type: 'street_office', areaCode: 'sc-hb' },
  { code: 'street-xiaoying', name: '小营街道办事处', type: 'street_office', areaCode: 'sc-xy' },
  { code: 'unit-zdyy', name: '浙大一院', type: 'unit', areaCode: null },
  { code: 'unit-icbc', name: '工商银行西溪支行', type: 'unit', areaCode: null },
  { code: 'unit-wensan-market', name: '文三农贸市场', type: 'unit', areaCode: null },
  { code: 'unit-yanan-road', name: '杭州百货大楼', type: 'unit', areaCode: null },
];

/** 门前四包: the frontage problems a unit keeps clear itself. */
const FRONTAGE = ['exposed_garbage', 'overflowing_bin', 'piling', 'illegal_ads', 'back_alley'];

export interface DemoZone {
  name: string;
  departmentCode: string;
  geometry?: Polygon;
  line?: LineString;
  bufferM?: number;
  categoryCodes: string[] | null;
}

/** A small rectangle given by its south-west corner and size in degrees. */
function box(lat: number, lng: number, dLat: number, dLng: number): Polygon {
  const [s, w, n, e] = [round6(lat), round6(lng), round6(lat + dLat), round6(lng + dLng)];
  return {
    type: 'Polygon',
    coordinates: [
      [
        [w, s],
        [e, s],
        [e, n],
        [w, n],
        [w, s],
      ],
    ],
  };
}

/** 中河: a river running north–south through 小营街道 (its line is also the river office's zone). */
export const DEMO_RIVER: LineString = {
  type: 'LineString',
  coordinates: [
    [120.169, 30.2641],
    [120.1683, 30.2672],
    [120.1697, 30.2711],
    [120.1689, 30.2752],
    [120.1694, 30.2795],
    [120.1688, 30.2841],
  ],
};

/** Zones sit off the grid centres, so a grid's centre routes by the area walk. */
export const DEMO_ZONES: DemoZone[] = [
  { name: '浙大一院门前四包责任区', departmentCode: 'unit-zdyy', geometry: box(30.2725, 120.16, 0.0008, 0.0012), categoryCodes: FRONTAGE },
  {
    name: '工商银行西溪支行门前四包责任区',
    departmentCode: 'unit-icbc',
    geometry: box(30.2772, 120.1465, 0.0005, 0.0008),
    categoryCodes: FRONTAGE,
  },
  {
    name: '文三农贸市场及周边责任区',
    departmentCode: 'unit-wensan-market',
    geometry: box(30.2808, 120.1515, 0.001, 0.0012),
    categoryCodes: ['market_hygiene', ...FRONTAGE],
  },
  {
    name: '延安路（杭州百货大楼段）包干路段',
    departmentCode: 'unit-yanan-road',
    // The west pavement of 延安路 (demo-streets.ts) from 庆春路 to 凤起路, where the store fronts the road:
    // 20 m each side holds the pavement and the store's door, not the far side of the road.
    line: {
      type: 'LineString',
      coordinates: [
        [120.1648, 30.2706],
        [120.1648, 30.2741],
      ],
    },
    bufferM: 20,
    categoryCodes: ['exposed_garbage', 'illegal_ads', 'piling', 'street_vending'],
  },
  { name: '中河（小营段）河道保洁责任区', departmentCode: 'river', line: DEMO_RIVER, bufferM: 30, categoryCodes: ['river_litter'] },
];

export interface DemoRule {
  categoryCode: string | null;
  areaCode: string | null;
  departmentCode: string;
  priority: number;
  note: string;
}

export const DEMO_RULES: DemoRule[] = [
  { categoryCode: 'river_litter', areaCode: 'xh', departmentCode: 'river-xihu', priority: 0, note: '西湖区内河道由区河道办负责' },
  {
    categoryCode: 'public_toilet',
    areaCode: 'sc-hb',
    departmentCode: 'street-hubin',
    priority: 0,
    note: '湖滨景区沿线公厕由湖滨街道统一保洁',
  },
];

export const DEMO_PASSWORD = 'demo-pass-2026';
/**
 * bcrypt (cost 10, BCRYPT_ROUNDS) of DEMO_PASSWORD, computed once here instead of once per demo account
 * at every first boot (~1.7 s of the 4.9 s first start, issue 12). demo.int-spec logs in with the password.
 */
export const DEMO_PASSWORD_HASH = '$2b$10$LIMKVgBVcmYu67n575dPcO3FU50QxDnDNSt7hGzZDDNA1Zk5czslK';

export interface DemoStaff {
  username: string;
  displayName: string;
  roles: Role[];
  departmentCode: string | null;
  /** WeCom UserID (企业微信): the login name, so the pushes in /sim/wecom/_control/messages?touser=… are easy to find. */
  wecomUserId: string;
}

/** The demo logins of docs/domain.md §13, plus managers for sanitation and street offices and an inspector. */
export function demoStaff(): DemoStaff[] {
  const staff: Omit<DemoStaff, 'wecomUserId'>[] = [
    { username: 'demo-admin', displayName: '系统管理员', roles: ['admin'], departmentCode: null },
    { username: 'demo-dispatcher', displayName: '调度员 周敏', roles: ['dispatcher'], departmentCode: null },
    { username: 'demo-dispatcher2', displayName: '调度员 吴涛', roles: ['dispatcher'], departmentCode: null },
    { username: 'demo-auditor', displayName: '审计员 郑洁', roles: ['auditor'], departmentCode: null },
    { username: 'demo-auditor2', displayName: '审计员 孙磊', roles: ['auditor'], departmentCode: null },
    { username: 'demo-inspector', displayName: '巡查员 钱峰', roles: ['inspector'], departmentCode: null },
  ];
  for (const d of DEMO_DEPARTMENTS) {
    staff.push({ username: `demo-handler-${d.code}`, displayName: `${d.name} 处置员`, roles: ['handler'], departmentCode: d.code });
    if (d.type === 'sanitation' || d.type === 'street_office')
      staff.push({ username: `demo-manager-${d.code}`, displayName: `${d.name} 负责人`, roles: ['dept_manager'], departmentCode: d.code });
  }
  return staff.map((s) => ({ ...s, wecomUserId: s.username }));
}

/** Simulator login names of the demo residents (`sim:demo-resident-1` logs in as the first). */
export const DEMO_RESIDENT_NAMES = ['demo-resident-1', 'demo-resident-2', 'demo-resident-3', 'demo-resident-4', 'demo-resident-5'];
