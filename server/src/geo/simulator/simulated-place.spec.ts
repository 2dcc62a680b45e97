import { DEMO_LANDMARKS } from '../../demo/demo-streets';
import { parseTencentReverse, TENCENT_POI_PAGE } from '../tencent/tencent-answer';
import { simulatedReverseResult } from './simulated-place';

describe('simulatedReverseResult: the POI page', () => {
  // 少年宫广场: 保俶塔 and other demo landmarks are within the POI reach, so Tencent's default page lists several.
  const { lat, lng } = DEMO_LANDMARKS[2];
  const titles = (result: Record<string, unknown> | null) => ((result?.pois ?? []) as { title: string }[]).map((p) => p.title);

  it('lists the nearest POIs first by default and the one asked for with a page of one', () => {
    const tencentDefault = simulatedReverseResult(lat, lng);
    const one = simulatedReverseResult(lat, lng, TENCENT_POI_PAGE);
    expect(titles(tencentDefault).length).toBeGreaterThan(1);
    expect(titles(tencentDefault)[0]).toBe('少年宫广场');
    expect(titles(one)).toEqual(['少年宫广场']);
    expect(titles(simulatedReverseResult(lat, lng, { size: 1, index: 2 }))).toEqual([titles(tencentDefault)[1]]);
    expect(one?.poi_count).toBe(tencentDefault?.poi_count);
  });

  it('gives the same place whatever the page, and no POI list without get_poi', () => {
    const none = simulatedReverseResult(lat, lng, null);
    expect(none).not.toHaveProperty('pois');
    const place = parseTencentReverse({ status: 0, result: simulatedReverseResult(lat, lng) });
    expect(place.landmark).toBe('少年宫广场');
    expect(parseTencentReverse({ status: 0, result: simulatedReverseResult(lat, lng, TENCENT_POI_PAGE) })).toEqual(place);
    expect(parseTencentReverse({ status: 0, result: none })).toEqual(place);
  });
});
