import { runEvidenceChecks, type EvidenceCheckInput, type EvidencePhotoFacts } from './evidence-checks';
import { distanceMeters, wgs84ToGcj02 } from './geo';

const site = { lat: 31.2304, lng: 121.4737 };
const claim = new Date('2026-12-05T01:00:00Z');
const now = new Date('2026-12-05T03:00:00Z');
/** A point `m` metres north of the site. */
const north = (m: number) => ({ lat: site.lat + m / 111_195, lng: site.lng });

const photo = (
  over: Partial<EvidencePhotoFacts['capture']> = {},
  exif: Partial<EvidencePhotoFacts['exif']> = {},
  id = 1,
): EvidencePhotoFacts => ({
  photoId: id,
  capture: { lat: north(30).lat, lng: site.lng, at: new Date('2026-12-05T02:30:00Z'), accuracyM: 15, source: 'camera', ...over },
  exif: { lat: null, lng: null, at: null, ...exif },
});
const input = (photos: EvidencePhotoFacts[], over: Partial<EvidenceCheckInput> = {}): EvidenceCheckInput => ({
  purpose: 'resolve',
  site,
  maxDistanceM: 200,
  notBefore: claim,
  now,
  photos,
  matches: [],
  ...over,
});
const outcome = (r: ReturnType<typeof runEvidenceChecks>, code: string) => r.checks.find((c) => c.code === code)!;

describe('evidence checks (docs/domain.md §14)', () => {
  it('a camera photo taken on site after the claim passes every check and is verified', () => {
    const r = runEvidenceChecks(input([photo()]));
    expect(r.checks.map((c) => [c.code, c.outcome])).toEqual([
      ['ON_SITE', 'pass'],
      ['FRESH', 'pass'],
      ['NEW_PICTURE', 'pass'],
      ['CAMERA', 'pass'],
      ['EXIF_AGREES', 'pass'],
    ]);
    expect(r.verified).toBe(true);
    expect(r.refusal).toBeNull();
  });

  it('ON_SITE: a photo 2 km away fails and refuses with RESOLVE_TOO_FAR (PICKUP_TOO_FAR for a pickup)', () => {
    const far = photo({ lat: north(2000).lat });
    const r = runEvidenceChecks(input([photo(), far]));
    expect(outcome(r, 'ON_SITE')).toMatchObject({ ok: false, outcome: 'fail' });
    expect(outcome(r, 'ON_SITE').detail).toBe('第 2 张照片在距案卷位置 2000 米处拍摄，超过 200 米');
    expect(r.refusal?.code).toBe('RESOLVE_TOO_FAR');
    expect(runEvidenceChecks(input([far], { purpose: 'pickup' })).refusal?.code).toBe('PICKUP_TOO_FAR');
    expect(runEvidenceChecks(input([far], { purpose: 'verify' })).refusal?.code).toBe('VERIFY_TOO_FAR');
  });

  it('ON_SITE: no position (desk upload) or a vague one leaves the evidence unverified without refusing', () => {
    const desk = runEvidenceChecks(input([photo({ lat: null, lng: null, accuracyM: null, source: null, at: null })]));
    expect(outcome(desk, 'ON_SITE').outcome).toBe('unknown');
    expect(outcome(desk, 'ON_SITE').detail).toContain('没有拍摄位置');
    expect(desk.verified).toBe(false);
    expect(desk.refusal).toBeNull();
    const vague = runEvidenceChecks(input([photo({ lat: north(600).lat, accuracyM: 1500 })]));
    expect(outcome(vague, 'ON_SITE').outcome).toBe('unknown');
    expect(vague.refusal).toBeNull();
  });

  it('ON_SITE falls back to EXIF GPS, read as WGS-84', () => {
    const wgs = { lat: 31.2324, lng: 121.469 }; // its GCJ-02 is a few hundred metres off
    const gcj = wgs84ToGcj02(wgs);
    expect(distanceMeters(gcj, wgs)).toBeGreaterThan(300);
    const r = runEvidenceChecks(input([photo({ lat: null, lng: null }, wgs)], { site: gcj }));
    expect(outcome(r, 'ON_SITE').outcome).toBe('pass');
  });

  it('FRESH: before the claim or in the future fails; no time is unknown', () => {
    const old = runEvidenceChecks(input([photo({ at: new Date('2026-12-04T23:00:00Z') })]));
    expect(outcome(old, 'FRESH')).toMatchObject({ outcome: 'fail', detail: '照片拍摄于接单之前，不是这次处置时拍的' });
    const oldVerify = runEvidenceChecks(input([photo({ at: new Date('2026-12-04T23:00:00Z') })], { purpose: 'verify' }));
    expect(outcome(oldVerify, 'FRESH').detail).toBe('照片拍摄于办结之前，不是这次核查时拍的');
    expect(old.refusal).toBeNull();
    expect(outcome(runEvidenceChecks(input([photo({ at: new Date('2026-12-05T04:00:00Z') })])), 'FRESH').outcome).toBe('fail');
    expect(outcome(runEvidenceChecks(input([photo({ at: null })])), 'FRESH').outcome).toBe('unknown');
    // A pickup: within 24 h before the submission.
    const pickup = input([photo({ at: new Date('2026-12-03T23:00:00Z') })], {
      purpose: 'pickup',
      notBefore: new Date(now.getTime() - 86_400_000),
    });
    expect(outcome(runEvidenceChecks(pickup), 'FRESH').detail).toContain('提交前 24 小时');
  });

  it('NEW_PICTURE: a match with a before-photo fails and refuses with EVIDENCE_REUSED', () => {
    const r = runEvidenceChecks(
      input([photo()], { matches: [{ photoId: 1, matchedPhotoId: 9, matchedCaseId: 5, sameCase: true, how: 'crop' }] }),
    );
    expect(outcome(r, 'NEW_PICTURE')).toMatchObject({ ok: false, outcome: 'fail', detail: '照片是从本案的上报照片中截取的' });
    expect(r.refusal?.code).toBe('EVIDENCE_REUSED');
    const other = runEvidenceChecks(
      input([photo()], { matches: [{ photoId: 1, matchedPhotoId: 9, matchedCaseId: 77, sameCase: false, how: 'hash' }] }),
    );
    expect(outcome(other, 'NEW_PICTURE').detail).toBe('照片与案卷 #77 的照片是同一张图片');
  });

  it('CAMERA: an album photo fails (unverified, not refused); an unknown source is unknown', () => {
    const album = runEvidenceChecks(input([photo({ source: 'album' })]));
    expect(outcome(album, 'CAMERA')).toMatchObject({ outcome: 'fail', detail: '照片是从相册选择的，不是现场拍摄' });
    expect(album.verified).toBe(false);
    expect(album.refusal).toBeNull();
    expect(outcome(runEvidenceChecks(input([photo({ source: null })])), 'CAMERA').outcome).toBe('unknown');
  });

  it('EXIF_AGREES: EXIF far from the declared position or hours off is flagged; agreeing EXIF (Beijing wall clock) passes', () => {
    const farExif = runEvidenceChecks(input([photo({}, { lat: 31.3, lng: 121.3 })]));
    expect(outcome(farExif, 'EXIF_AGREES').outcome).toBe('fail');
    expect(outcome(farExif, 'EXIF_AGREES').detail).toMatch(/拍摄位置与上传时的定位相差 \d+ 米/);
    expect(farExif.refusal).toBeNull();
    const lateExif = runEvidenceChecks(input([photo({}, { at: new Date('2026-12-05T20:30:00Z') })]));
    expect(outcome(lateExif, 'EXIF_AGREES').outcome).toBe('fail');
    // 10:30 Beijing time written by the camera = 02:30 UTC declared.
    const agrees = runEvidenceChecks(input([photo({}, { at: new Date('2026-12-05T10:30:00Z'), ...north(30) })]));
    expect(outcome(agrees, 'EXIF_AGREES').outcome).toBe('pass');
    expect(outcome(runEvidenceChecks(input([photo({ lat: null, lng: null, at: null }, { at: new Date() })])), 'EXIF_AGREES').outcome).toBe(
      'unknown',
    );
  });
});
