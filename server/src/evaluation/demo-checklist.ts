import type { ChecklistItemDto } from '@sansui/shared';

type Row = [code: string, text: string, deduction: number, maxDeduction: number, categoryCode: string];

/** The "十大规范" of the seeds, 100 points each: a realistic 考评细则 whose maxima add up to 1,000. */
const SECTIONS: [section: string, rows: Row[]][] = [
  [
    '道路清扫与垃圾收运',
    [
      ['A01', '主次干道路面有明显垃圾、积存杂物，未做到随脏随扫', 5, 40, 'exposed_garbage'],
      ['A02', '垃圾桶（箱）满溢、破损，周边散落垃圾', 5, 30, 'overflowing_bin'],
      ['A03', '道路两侧乱堆建筑垃圾、大件垃圾', 10, 30, 'piling'],
    ],
  ],
  [
    '居住小区',
    [
      ['B01', '小区内生活垃圾未日产日清，存在暴露垃圾', 5, 40, 'exposed_garbage'],
      ['B02', '楼道、墙面乱贴乱画小广告', 2, 20, 'illegal_ads'],
      ['B03', '私搭乱建、侵占公共绿地或通道', 10, 20, 'illegal_structure'],
      ['B04', '积水容器、卫生死角孳生蚊蝇', 5, 20, 'vector_breeding'],
    ],
  ],
  [
    '占道经营与店外销售',
    [
      ['C01', '流动摊贩占道经营', 5, 50, 'street_vending'],
      ['C02', '沿街店铺跨门经营、店外销售', 5, 50, 'street_vending'],
    ],
  ],
  [
    '农贸市场',
    [
      ['D01', '市场内地面污水横流、垃圾未及时清理', 5, 40, 'market_hygiene'],
      ['D02', '活禽宰杀区、水产区卫生不达标', 10, 30, 'market_hygiene'],
      ['D03', '市场周边马路市场、乱摆乱卖', 5, 30, 'street_vending'],
    ],
  ],
  [
    '夜市',
    [
      ['E01', '夜市收市后垃圾未清理干净', 5, 50, 'exposed_garbage'],
      ['E02', '露天烧烤、油烟直排', 10, 50, 'open_burning'],
    ],
  ],
  [
    '建筑工地',
    [
      ['F01', '工地围挡破损、未封闭施工', 10, 40, 'construction_site'],
      ['F02', '车辆带泥上路、抛撒滴漏', 10, 30, 'construction_site'],
      ['F03', '裸土未覆盖、扬尘明显', 10, 30, 'construction_site'],
    ],
  ],
  [
    '河湖渠',
    [
      ['G01', '水面漂浮垃圾、岸坡堆积垃圾', 5, 60, 'river_litter'],
      ['G02', '污水直排入河、水体发黑发臭', 20, 40, 'river_litter'],
    ],
  ],
  [
    '公厕',
    [
      ['H01', '公厕地面不洁、有异味，保洁不及时', 5, 50, 'public_toilet'],
      ['H02', '公厕设施损坏未及时维修', 5, 30, 'public_toilet'],
      ['H03', '未按规定开放或无人管理', 10, 20, 'public_toilet'],
    ],
  ],
  [
    '背街小巷',
    [
      ['I01', '背街小巷存在卫生死角、积存垃圾', 5, 50, 'back_alley'],
      ['I02', '乱贴乱画、“牛皮癣”未及时清除', 2, 20, 'illegal_ads'],
      ['I03', '乱堆乱放杂物', 5, 30, 'piling'],
    ],
  ],
  [
    '门前四包',
    [
      ['J01', '门前卫生不洁，责任单位未履行“门前四包”', 5, 50, 'small_business'],
      ['J02', '“五小”门店卫生、证照、防蝇设施不达标', 5, 50, 'small_business'],
    ],
  ],
];

export const DEMO_CHECKLIST: ChecklistItemDto[] = SECTIONS.flatMap(([section, rows]) =>
  rows.map(([code, text, deduction, maxDeduction, categoryCode]) => ({ code, section, text, deduction, maxDeduction, categoryCode })),
);
