import {
  burstSignal,
  deviceFarSignal,
  haversineM,
  linkedToHandlerSignal,
  newAccountRejectedSignal,
  reusedPhotoSignal,
  sameSpotSignal,
} from './fraud-signals';

const match = (distance: number, matchedReportId: number | null, matchedCaseId: number | null = null) => ({
  photoId: 1,
  matchedPhotoId: 2,
  distance,
  matchedOwnerUserId: 9,
  matchedReportId,
  matchedCaseId,
  matchedRole: matchedReportId ? 'report' : 'after',
});

describe('fraud signals (docs/domain.md §8)', () => {
  it.each([
    ['no similar photo', [], false],
    ['same picture in another report', [match(0, 77)], true],
    ['near-identical picture (distance 5)', [match(5, 77)], true],
    ['a merely similar picture (distance 12)', [match(12, 77)], false],
    ["another case's after-photo", [match(2, null, 40)], true],
    ['own report (pickup before/after) does not count', [match(0, 10)], false],
  ])('reused photo: %s', (_n, matches, fires) => {
    expect(reusedPhotoSignal(10, matches) !== null).toBe(fires);
  });

  it.each([
    [[1, 2, 3], false],
    [[1, 2, 3, 4], true],
  ])('same spot: %j reports nearby', (ids, fires) => expect(sameSpotSignal(ids) !== null).toBe(fires));

  it.each([
    ['no device location', { lat: 31.23, lng: 121.47, deviceLat: null, deviceLng: null }, false],
    ['phone 300 m away', { lat: 31.23, lng: 121.47, deviceLat: 31.2327, deviceLng: 121.47 }, false],
    ['phone 2 km away', { lat: 31.23, lng: 121.47, deviceLat: 31.248, deviceLng: 121.47 }, true],
  ])('device far: %s', (_n, report, fires) => expect(deviceFarSignal(report) !== null).toBe(fires));

  it.each([
    [6, false],
    [7, true],
  ])('burst: %d reports in the last hour', (n, fires) => expect(burstSignal(n) !== null).toBe(fires));

  it.each([
    ['reporter is staff', { reporterKind: 'staff' as const, reporterPhone: null, handlers: [] }, true],
    [
      'same phone as a handler',
      { reporterKind: 'resident' as const, reporterPhone: '+86 138-0000-1111', handlers: [{ userId: 5, phone: '13800001111' }] },
      true,
    ],
    [
      'different phone',
      { reporterKind: 'resident' as const, reporterPhone: '13800001111', handlers: [{ userId: 5, phone: '13900002222' }] },
      false,
    ],
    ['no phone', { reporterKind: 'resident' as const, reporterPhone: null, handlers: [{ userId: 5, phone: null }] }, false],
  ])('linked to handler: %s', (_n, input, fires) => expect(linkedToHandlerSignal(input) !== null).toBe(fires));

  const at = new Date('2026-06-10T00:00:00Z');
  it.each([
    ['new, mostly rejected', { accountCreatedAt: new Date('2026-06-08T00:00:00Z'), at, reports: 4, rejected: 3 }, true],
    ['new, half rejected', { accountCreatedAt: new Date('2026-06-08T00:00:00Z'), at, reports: 4, rejected: 2 }, false],
    ['new, too few reports to judge', { accountCreatedAt: new Date('2026-06-08T00:00:00Z'), at, reports: 2, rejected: 2 }, false],
    ['old account, mostly rejected', { accountCreatedAt: new Date('2026-05-01T00:00:00Z'), at, reports: 4, rejected: 4 }, false],
  ])('new account: %s', (_n, input, fires) => expect(newAccountRejectedSignal(input) !== null).toBe(fires));

  it('haversine', () => {
    expect(Math.round(haversineM(31.23, 121.47, 31.24, 121.47))).toBe(1112);
  });
});
