import {
  DEFAULT_FRAUD_SETTINGS,
  rewardBurstSignal,
  sharedPhoneSignal,
  spotClusterSignal,
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

describe('fraud signals: what the auditor sees as evidence', () => {
  it('reused photo: the matches within the distance (up to 10), the threshold included', () => {
    const many = Array.from({ length: 12 }, (_, i) => match(i % 2 ? 6 : 7, 100 + i));
    const signal = reusedPhotoSignal(10, many);
    expect(signal?.signal).toBe('REUSED_PHOTO');
    expect(signal?.evidence.matches).toEqual(many.filter((m) => m.distance === 6));
    const eleven = Array.from({ length: 11 }, (_, i) => match(0, 100 + i));
    expect(reusedPhotoSignal(10, eleven)?.evidence.matches).toEqual(eleven.slice(0, 10));
  });

  it('same spot: count, the first 20 report ids, radius and window', () => {
    const ids = Array.from({ length: 25 }, (_, i) => i + 1);
    expect(sameSpotSignal(ids)).toEqual({
      signal: 'SAME_SPOT',
      evidence: { count: 25, reportIds: ids.slice(0, 20), radiusM: 50, days: 7 },
    });
  });

  it('device far: needs both coordinates; the distance in metres and the limit; at the limit is not far', () => {
    expect(deviceFarSignal({ lat: 31.23, lng: 121.47, deviceLat: 31.248, deviceLng: null })).toBeNull();
    expect(deviceFarSignal({ lat: 31.23, lng: 121.47, deviceLat: null, deviceLng: 121.49 })).toBeNull();
    expect(deviceFarSignal({ lat: 31.23, lng: 121.47, deviceLat: 31.248, deviceLng: 121.47 })).toEqual({
      signal: 'DEVICE_FAR',
      evidence: { distanceM: 2002, maxM: 1000 },
    });
    const d = haversineM(31.23, 121.47, 31.248, 121.47);
    expect(deviceFarSignal({ lat: 31.23, lng: 121.47, deviceLat: 31.248, deviceLng: 121.47 }, d)).toBeNull();
  });

  it('burst: how many and the limit', () => {
    expect(burstSignal(9)).toEqual({ signal: 'BURST', evidence: { reportsLastHour: 9, maxPerHour: 6 } });
  });

  it('linked to handler: staff, or the staff sharing the phone (+86 and separators ignored; short numbers never match)', () => {
    expect(linkedToHandlerSignal({ reporterKind: 'staff', reporterPhone: null, handlers: [] })).toEqual({
      signal: 'LINKED_TO_HANDLER',
      evidence: { reporterIsStaff: true },
    });
    const handlers = [
      { userId: 5, phone: '138 0000 1111' },
      { userId: 6, phone: '13900002222' },
      { userId: 7, phone: '8613800001111' },
    ];
    expect(linkedToHandlerSignal({ reporterKind: 'resident', reporterPhone: '+86 138-0000-1111', handlers })).toEqual({
      signal: 'LINKED_TO_HANDLER',
      evidence: { samePhoneAsStaffUserIds: [5, 7] },
    });
    // "86" is a country code only in front of a full mobile number.
    expect(
      linkedToHandlerSignal({ reporterKind: 'resident', reporterPhone: '8612345', handlers: [{ userId: 8, phone: '12345' }] }),
    ).toBeNull();
    expect(
      linkedToHandlerSignal({
        reporterKind: 'resident',
        reporterPhone: '861380000111122',
        handlers: [{ userId: 8, phone: '1380000111122' }],
      }),
    ).toBeNull();
    expect(
      linkedToHandlerSignal({ reporterKind: 'resident', reporterPhone: '1234567', handlers: [{ userId: 9, phone: '1234567' }] }),
    ).toEqual({
      signal: 'LINKED_TO_HANDLER',
      evidence: { samePhoneAsStaffUserIds: [9] },
    });
    expect(
      linkedToHandlerSignal({ reporterKind: 'resident', reporterPhone: '123456', handlers: [{ userId: 9, phone: '123456' }] }),
    ).toBeNull();
  });

  it('new account: age to a tenth of a day, reports and rejections; the age and report limits are exclusive / inclusive', () => {
    const at = new Date('2026-06-10T00:00:00Z');
    const created = (days: number) => new Date(at.getTime() - days * 86_400_000);
    expect(newAccountRejectedSignal({ accountCreatedAt: created(2.37), at, reports: 3, rejected: 2 })).toEqual({
      signal: 'NEW_ACCOUNT_REJECTED',
      evidence: { ageDays: 2.3, reports: 3, rejected: 2 },
    });
    expect(newAccountRejectedSignal({ accountCreatedAt: created(7), at, reports: 4, rejected: 4 })).toBeNull();
    expect(newAccountRejectedSignal({ accountCreatedAt: created(6.9), at, reports: 4, rejected: 4 })).not.toBeNull();
  });

  it('haversine across longitude and latitude: Shanghai to Beijing ≈ 1 067 km; one degree of longitude at 60° N ≈ 55.6 km', () => {
    expect(Math.round(haversineM(31.2304, 121.4737, 39.9042, 116.4074))).toBe(1_067_310);
    expect(Math.round(haversineM(60, 10, 60, 11))).toBe(55_597);
  });
});

describe('fraud signals with editable thresholds', () => {
  const s = { ...DEFAULT_FRAUD_SETTINGS, rewardBurstMax: 4, sharedPhoneMaxAccounts: 1, spotClusterResidents: 3 };
  it.each([
    [3, false],
    [4, true],
  ])('reward burst: %i earlier rewards in the window → held %s', (earlier, fires) => {
    expect(rewardBurstSignal(earlier, s)?.signal === 'REWARD_BURST').toBe(fires);
  });
  it('reward burst follows the admin threshold', () => {
    expect(rewardBurstSignal(4, { ...s, rewardBurstMax: 10 })).toBeNull();
    expect(rewardBurstSignal(4, s)?.evidence).toEqual({ rewards: 5, minutes: s.rewardBurstMinutes, max: 4 });
  });
  it('shared phone: another account with the same number', () => {
    expect(sharedPhoneSignal([], s)).toBeNull();
    expect(sharedPhoneSignal([7], s)).toEqual({ signal: 'SHARED_PHONE', evidence: { accounts: 2, otherUserIds: [7], max: 1 } });
    expect(sharedPhoneSignal([7], { ...s, sharedPhoneMaxAccounts: 2 })).toBeNull();
  });
  it('spot cluster: counts distinct other residents', () => {
    expect(spotClusterSignal([5, 5], s)).toBeNull();
    expect(spotClusterSignal([5, 6, 6], s)).toMatchObject({ signal: 'SPOT_CLUSTER', evidence: { residents: 3, otherUserIds: [5, 6] } });
  });
});
