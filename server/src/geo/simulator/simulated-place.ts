import { containsPoint } from '../../areas/geometry';
import { demoAreas, type DemoArea } from '../../demo/demo-city';
import { DEMO_LANDMARKS, DEMO_STREETS, type DemoStreet } from '../../demo/demo-streets';
import type { PlaceDescription } from '../reverse-geocoder';
import { parseTencentReverse, TENCENT_POI_PAGE } from '../tencent/tencent-answer';
import { distanceM } from '@sansui/shared';

/** A street counts as "the" street of a point within this distance; farther points get no house number. */
const STREET_REACH_M = 400;
const POI_REACH_M = 600;
const HOUSE_SPACING_M = 20;

const M_PER_DEG_LAT = 111_320;

let divisions: DemoArea[] | undefined;
/** The districts and 街道 of the demo area tree, built once: rebuilding the whole tree took a share of each lookup. */
function demoDivisions(): DemoArea[] {
  return (divisions ??= demoAreas().filter((a) => a.level === 'district' || a.level === 'street'));
}

/** Position of a point relative to a street: distance to it, metres along it from `from`, and the side. */
function along(street: DemoStreet, p: { lat: number; lng: number }) {
  const kx = M_PER_DEG_LAT * Math.cos((p.lat * Math.PI) / 180);
  const ax = 0;
  const ay = 0;
  const bx = (street.to.lng - street.from.lng) * kx;
  const by = (street.to.lat - street.from.lat) * M_PER_DEG_LAT;
  const px = (p.lng - street.from.lng) * kx;
  const py = (p.lat - street.from.lat) * M_PER_DEG_LAT;
  const len2 = bx * bx + by * by;
  const t = Math.max(0, Math.min(1, (px * bx + py * by) / len2));
  const dx = px - (ax + t * bx);
  const dy = py - (ay + t * by);
  const cross = bx * py - by * px;
  return { distance: Math.hypot(dx, dy), metres: t * Math.sqrt(len2), left: cross > 0 };
}

function direction(from: { lat: number; lng: number }, to: { lat: number; lng: number }): string {
  const north = to.lat - from.lat;
  const east = (to.lng - from.lng) * Math.cos((from.lat * Math.PI) / 180);
  const deg = ((Math.atan2(east, north) * 180) / Math.PI + 360) % 360;
  return ['北', '东北', '东', '东南', '南', '西南', '西', '西北'][Math.round(deg / 45) % 8];
}

/** A page of the POI list (Tencent's `get_poi=1` with `poi_options=page_size=…;page_index=…`); null: `get_poi=0`. */
export interface PoiPage {
  size: number;
  index: number;
}

/** Tencent's page when `poi_options` names none. */
export const DEFAULT_POI_PAGE: PoiPage = { size: 10, index: 1 };

/**
 * The simulator's answer to `/ws/geocoder/v1/?location=…[&get_poi=1[&poi_options=…]]`, built like Tencent's: district
 * and 街道 from the demo area tree, the nearest demo street with a house number, the nearest landmark as landmark_l2,
 * the landmarks nearest first as POIs (the page asked for; none without get_poi). null for points outside the demo city
 * (the simulator knows nothing there).
 */
export function simulatedReverseResult(
  lat: number,
  lng: number,
  poiPage: PoiPage | null = DEFAULT_POI_PAGE,
): Record<string, unknown> | null {
  const p = { lat, lng };
  const areas = demoDivisions();
  const district = areas.find((a) => a.level === 'district' && containsPoint(a.geometry, lat, lng))?.name ?? '';
  const town = areas.find((a) => a.level === 'street' && containsPoint(a.geometry, lat, lng))?.name ?? '';
  if (!district) return null;
  const streets = DEMO_STREETS.map((s) => ({ s, ...along(s, p) })).sort((a, b) => a.distance - b.distance);
  const nearest = streets[0] && streets[0].distance <= STREET_REACH_M ? streets[0] : null;
  const number = nearest ? Math.floor(nearest.metres / HOUSE_SPACING_M) * 2 + (nearest.left ? 1 : 2) : null;
  const streetNumber = nearest ? `${nearest.s.name}${number}号` : '';
  const near = DEMO_LANDMARKS.map((l) => ({ l, d: distanceM(p, l) }))
    .filter((x) => x.d <= POI_REACH_M)
    .sort((a, b) => a.d - b.d);
  const poi = ({ l, d }: (typeof near)[number]) => ({
    id: l.id,
    title: l.title,
    address: `浙江省杭州市${district}`,
    category: l.category,
    location: { lat: l.lat, lng: l.lng },
    ad_info: { adcode: district === '上城区' ? 330102 : 330106, province: '浙江省', city: '杭州市', district },
    _distance: Math.round(d * 10) / 10,
    _dir_desc: d < 15 ? '内' : direction(l, p),
  });
  const first = near[0] ? poi(near[0]) : undefined;
  const pois = poiPage ? near.slice((poiPage.index - 1) * poiPage.size, poiPage.index * poiPage.size).map(poi) : [];
  return {
    location: { lat, lng },
    address: `浙江省杭州市${district}${streetNumber}`,
    formatted_addresses: {
      recommend: `${district}${first ? first.title : streetNumber}`,
      rough: `${district}${nearest ? nearest.s.name : ''}`,
    },
    address_component: {
      nation: '中国',
      province: '浙江省',
      city: '杭州市',
      district,
      street: nearest ? nearest.s.name : '',
      street_number: streetNumber,
    },
    ad_info: {
      nation_code: '156',
      adcode: district === '上城区' ? '330102' : district ? '330106' : '330100',
      name: `中国,浙江省,杭州市,${district}`,
    },
    address_reference: {
      ...(town ? { town: { id: town, title: town, location: { lat, lng }, _distance: 0, _dir_desc: '内' } } : {}),
      ...(nearest
        ? { street: { id: nearest.s.name, title: nearest.s.name, _distance: Math.round(nearest.distance * 10) / 10, _dir_desc: '' } }
        : {}),
      ...(first
        ? {
            landmark_l2: {
              id: first.id,
              title: first.title,
              location: first.location,
              _distance: first._distance,
              _dir_desc: first._dir_desc,
            },
          }
        : {}),
    },
    ...(poiPage ? { poi_count: near.length, pois } : {}),
  };
}

/**
 * What a lookup at the simulator gives for a point, read as the Tencent client reads it; null outside the demo city.
 * For the demo seed, which runs before the server (and so the simulator) listens.
 */
export function simulatedPlace(lat: number, lng: number): PlaceDescription | null {
  const result = simulatedReverseResult(lat, lng, TENCENT_POI_PAGE);
  return result ? parseTencentReverse({ status: 0, result }) : null;
}
