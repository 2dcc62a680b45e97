/**
 * Streets and landmarks of the demo city (GCJ-02), one data file shared by the demo seed (demo reports
 * sit at landmarks) and the reverse-geocoder simulator (which names the nearest street, house number
 * and landmark). Streets run straight between two points; house numbers grow from `from` to `to`,
 * odd on the left-hand side, even on the right, one number per 20 m.
 */
export interface DemoStreet {
  name: string;
  from: { lat: number; lng: number };
  to: { lat: number; lng: number };
}

export interface DemoLandmark {
  id: string;
  title: string;
  /** Tencent POI category text (大类:小类). */
  category: string;
  lat: number;
  lng: number;
}

/** The lattice spans lat 30.2641–30.2841, lng 120.1371–120.1731 (see demo-city.ts). */
const SOUTH = 30.2635;
const NORTH = 30.2847;
const WEST = 120.1365;
const EAST = 120.1737;

const ns = (name: string, lng: number, south = SOUTH, north = NORTH): DemoStreet => ({
  name,
  from: { lat: south, lng },
  to: { lat: north, lng },
});
const ew = (name: string, lat: number, west = WEST, east = EAST): DemoStreet => ({
  name,
  from: { lat, lng: west },
  to: { lat, lng: east },
});

export const DEMO_STREETS: DemoStreet[] = [
  ns('北山街', 120.1392),
  ns('保俶路', 120.1438),
  ns('教工路', 120.1496),
  ns('环城西路', 120.1556),
  ns('东坡路', 120.1608),
  ns('延安路', 120.1652),
  ns('中山北路', 120.1698),
  ns('建国北路', 120.1728),
  ew('平海路', 30.2662),
  ew('庆春路', 30.2703),
  ew('凤起路', 30.2744),
  ew('体育场路', 30.2786),
  ew('曙光路', 30.2818, WEST, 120.1556),
  ew('环城北路', 30.2838, 120.1556, EAST),
];

export const DEMO_LANDMARKS: DemoLandmark[] = [
  { id: 'demo-poi-01', title: '保俶塔', category: '旅游景点:风景名胜', lat: 30.2668, lng: 120.1418 },
  { id: 'demo-poi-02', title: '曙光菜市场', category: '购物:农贸市场', lat: 30.2812, lng: 120.143 },
  { id: 'demo-poi-03', title: '少年宫广场', category: '旅游景点:广场', lat: 30.2656, lng: 120.1462 },
  { id: 'demo-poi-04', title: '浙江大学西溪校区', category: '教育学校:大学', lat: 30.2758, lng: 120.147 },
  { id: 'demo-poi-05', title: '黄龙体育中心', category: '运动健身:体育场馆', lat: 30.28, lng: 120.1402 },
  { id: 'demo-poi-06', title: '杭州图书馆（西溪分馆）', category: '文化场馆:图书馆', lat: 30.2712, lng: 120.1524 },
  { id: 'demo-poi-07', title: '花园亭公园', category: '旅游景点:公园', lat: 30.2792, lng: 120.153 },
  { id: 'demo-poi-08', title: '湖滨公园', category: '旅游景点:公园', lat: 30.265, lng: 120.1586 },
  { id: 'demo-poi-09', title: '东坡路步行街', category: '购物:商业街', lat: 30.269, lng: 120.1612 },
  { id: 'demo-poi-10', title: '凤起路地铁站', category: '交通设施:地铁站', lat: 30.2747, lng: 120.1655 },
  { id: 'demo-poi-11', title: '杭州百货大楼', category: '购物:商场', lat: 30.2728, lng: 120.1647 },
  { id: 'demo-poi-12', title: '岳王路农贸市场', category: '购物:农贸市场', lat: 30.2676, lng: 120.1634 },
  { id: 'demo-poi-13', title: '小营巷', category: '地名地址:街巷', lat: 30.2778, lng: 120.1702 },
  { id: 'demo-poi-14', title: '庆春广场', category: '旅游景点:广场', lat: 30.2708, lng: 120.169 },
  { id: 'demo-poi-15', title: '大学路农贸市场', category: '购物:农贸市场', lat: 30.2668, lng: 120.1712 },
  { id: 'demo-poi-16', title: '体育场路公厕', category: '生活服务:公共厕所', lat: 30.279, lng: 120.1662 },
  { id: 'demo-poi-17', title: '中河', category: '地名地址:河流', lat: 30.276, lng: 120.172 },
  { id: 'demo-poi-18', title: '环城北路工地', category: '房产小区:在建楼盘', lat: 30.2832, lng: 120.161 },
];
