import { GeocodeError, type GeocodeFailure, type PlaceDescription } from '../reverse-geocoder';

/**
 * Tencent WebService `status` values (non-zero = refused) and what they mean for us. Quota: 120 per-second
 * limit (worth a retry), 121 daily limit (not until tomorrow). Key problems are our configuration.
 */
const STATUS_KIND: Record<number, GeocodeFailure> = {
  110: 'config', // request source not authorised (domain whitelist)
  111: 'config', // signature check failed
  112: 'config', // IP not authorised
  113: 'config', // this feature is not enabled for the key
  120: 'quota', // per-second limit
  121: 'quota', // daily limit
  160: 'quota', // concurrency limit
  161: 'quota',
  190: 'config', // invalid key
  199: 'config', // WebService not enabled for the key
  300: 'input',
  301: 'input', // parameter missing
  306: 'input',
  310: 'input', // parameter format error
  311: 'config', // key format error
  347: 'input', // no result
  348: 'input',
};

export function tencentStatusKind(status: number): GeocodeFailure {
  return STATUS_KIND[status] ?? 'unavailable';
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/**
 * The POI page the client asks for (`poi_options=page_size=1;page_index=1`): the reader below takes only the first POI,
 * and only where the answer names no landmark; Tencent's default page is ten, each with its address and area.
 */
export const TENCENT_POI_PAGE = { size: 1, index: 1 } as const;

/**
 * Reads a `/ws/geocoder/v1` answer: `result.address_component` (district, street_number),
 * `result.address_reference` (town = 街道, landmark_l2 / landmark_l1), `result.formatted_addresses.recommend`,
 * `result.address` and `result.pois`. The address reads "区街道 门牌附近", falling back to what Tencent recommends.
 */
export function parseTencentReverse(body: unknown): PlaceDescription {
  const json = obj(body);
  const status = typeof json.status === 'number' ? json.status : Number.NaN;
  if (!Number.isFinite(status)) throw new GeocodeError('unavailable', 'answer has no status');
  if (status !== 0) throw new GeocodeError(tencentStatusKind(status), `status ${status}: ${str(json.message)}`, status);
  const result = obj(json.result);
  const component = obj(result.address_component);
  const reference = obj(result.address_reference);
  const town = str(obj(reference.town).title);
  const district = str(component.district);
  const place = str(component.street_number) || str(component.street);
  const pois = Array.isArray(result.pois) ? result.pois.map(obj) : [];
  const landmark = str(obj(reference.landmark_l2).title) || str(obj(reference.landmark_l1).title) || str(pois[0]?.title) || null;
  let address: string;
  if (place) address = `${district}${town} ${place}附近`.trim();
  else if (landmark) address = `${district}${town} ${landmark}附近`.trim();
  else address = str(obj(result.formatted_addresses).recommend) || str(result.address);
  if (!address) throw new GeocodeError('input', 'answer has no address');
  return { address: address.slice(0, 200), landmark: landmark ? landmark.slice(0, 100) : null };
}
