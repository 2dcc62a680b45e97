import { GeocodeError } from '../reverse-geocoder';
import { parseTencentReverse, tencentStatusKind } from './tencent-answer';
import { tencentSig } from './tencent-signature';

/** An answer in the documented shape of /ws/geocoder/v1 with get_poi=1 (abridged: two POIs). */
const HANGZHOU_ANSWER = {
  status: 0,
  message: 'query ok',
  request_id: '4d1e0a3e-7c1b-11ef-9f0a-5254007a2a1c',
  result: {
    location: { lat: 30.27412, lng: 120.16081 },
    address: '浙江省杭州市上城区东坡路12号',
    formatted_addresses: { recommend: '上城区东坡路步行街(平海路北)', rough: '上城区东坡路步行街(平海路北)' },
    address_component: {
      nation: '中国',
      province: '浙江省',
      city: '杭州市',
      district: '上城区',
      street: '东坡路',
      street_number: '东坡路12号',
    },
    ad_info: { nation_code: '156', adcode: '330102', city_code: '156330100', name: '中国,浙江省,杭州市,上城区' },
    address_reference: {
      street_number: { id: '', title: '东坡路12号', location: { lat: 30.27409, lng: 120.16079 }, _distance: 4.1, _dir_desc: '' },
      town: { id: '330102004', title: '湖滨街道', location: { lat: 30.25787, lng: 120.16551 }, _distance: 0, _dir_desc: '内' },
      street: { id: '', title: '东坡路', location: { lat: 30.2741, lng: 120.1607 }, _distance: 8.8, _dir_desc: '西' },
      landmark_l2: {
        id: '4395583316129810434',
        title: '东坡路步行街',
        location: { lat: 30.2737, lng: 120.1609 },
        _distance: 20.5,
        _dir_desc: '北',
      },
    },
    poi_count: 2,
    pois: [
      {
        id: '4395583316129810434',
        title: '东坡路步行街',
        address: '浙江省杭州市上城区东坡路',
        category: '购物:商业街',
        location: { lat: 30.2737, lng: 120.1609 },
        ad_info: { adcode: 330102, province: '浙江省', city: '杭州市', district: '上城区' },
        _distance: 20.5,
        _dir_desc: '北',
      },
      {
        id: '1283950214523123432',
        title: '杭州百货大楼',
        address: '浙江省杭州市上城区延安路546号',
        category: '购物:商场',
        location: { lat: 30.2728, lng: 120.164 },
        ad_info: { adcode: 330102, province: '浙江省', city: '杭州市', district: '上城区' },
        _distance: 350.2,
        _dir_desc: '西北',
      },
    ],
  },
};

describe('parseTencentReverse', () => {
  it('reads district, 街道 and house number as the address, and the landmark', () => {
    expect(parseTencentReverse(HANGZHOU_ANSWER)).toEqual({ address: '上城区湖滨街道 东坡路12号附近', landmark: '东坡路步行街' });
  });

  it('falls back to the street, then a landmark, then what Tencent recommends', () => {
    const noNumber = structuredClone(HANGZHOU_ANSWER);
    noNumber.result.address_component.street_number = '';
    expect(parseTencentReverse(noNumber).address).toBe('上城区湖滨街道 东坡路附近');

    const noStreet = structuredClone(noNumber);
    noStreet.result.address_component.street = '';
    expect(parseTencentReverse(noStreet).address).toBe('上城区湖滨街道 东坡路步行街附近');

    const bare = {
      status: 0,
      result: { address: '浙江省杭州市', formatted_addresses: { recommend: '杭州市' }, address_component: { district: '' } },
    };
    expect(parseTencentReverse(bare)).toEqual({ address: '杭州市', landmark: null });
  });

  it('takes the first POI as the landmark when the answer has no landmark reference', () => {
    const a = structuredClone(HANGZHOU_ANSWER);
    delete (a.result.address_reference as Partial<typeof a.result.address_reference>).landmark_l2;
    expect(parseTencentReverse(a).landmark).toBe('东坡路步行街');
  });

  it('turns refusals into errors that say whether retrying can help', () => {
    const refused = (status: number, message: string) => {
      try {
        parseTencentReverse({ status, message, request_id: 'x' });
      } catch (e) {
        return { kind: (e as GeocodeError).kind, status: (e as GeocodeError).status };
      }
      throw new Error('no error');
    };
    expect(refused(120, '此key每秒请求量已达到上限')).toEqual({ kind: 'quota', status: 120 });
    expect(refused(121, '此key每日调用量已达到上限')).toEqual({ kind: 'quota', status: 121 });
    expect(refused(111, '签名验证失败')).toEqual({ kind: 'config', status: 111 });
    expect(refused(190, '无效的key')).toEqual({ kind: 'config', status: 190 });
    expect(refused(310, '请求参数信息有误')).toEqual({ kind: 'input', status: 310 });
    expect(refused(500, '内部错误')).toEqual({ kind: 'unavailable', status: 500 });
    expect(() => parseTencentReverse('<html>')).toThrow(GeocodeError);
    expect(tencentStatusKind(112)).toBe('config');
  });
});

describe('tencentSig', () => {
  it('is md5 of the path, the parameters sorted by name with raw values, and the secret key', () => {
    const params = { location: '30.2741,120.1551', key: 'OB4BZ-D4W3U-B7VVO-4PJWW-6TKDJ-WPB77', get_poi: '1' };
    // md5('/ws/geocoder/v1/?get_poi=1&key=OB4BZ-…&location=30.2741,120.1551SWvT…') computed independently.
    expect(tencentSig('/ws/geocoder/v1/', params, 'SWvT26ypwq5Nwb5RvS8cLi6NSoH8HlJX')).toBe('84572030cfa78230d135d6fca64a271b');
    expect(tencentSig('/ws/geocoder/v1/', { ...params, sig: 'ignored' }, 'SWvT26ypwq5Nwb5RvS8cLi6NSoH8HlJX')).toBe(
      '84572030cfa78230d135d6fca64a271b',
    );
  });
});
