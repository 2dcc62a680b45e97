import { CHINA_OFFSET_MS } from '../util/china-time';
import type { CaptureSource, EvidenceCheckCode, EvidenceCheckDto, EvidenceOutcome, LatLng } from '../types';
import { distanceMeters, wgs84ToGcj02 } from './geo';

/** What the server knows about one evidence photo (docs/domain.md §14). */
export interface EvidencePhotoFacts {
  photoId: number;
  /** Declared by the client with the upload. */
  capture: { lat: number | null; lng: number | null; at: Date | null; accuracyM: number | null; source: CaptureSource | null };
  /** From the original's EXIF: GPS as written by the camera (WGS-84 on most phones), time as the phone's wall clock read as UTC. */
  exif: { lat: number | null; lng: number | null; at: Date | null };
}

/** An evidence photo that is the same picture as another photo (found by the server through the hash index). */
export interface EvidenceMatch {
  photoId: number;
  matchedPhotoId: number;
  matchedCaseId: number | null;
  /** The match is a before-photo (or earlier photo) of the same case / pickup. */
  sameCase: boolean;
  /** `hash`: whole-picture perceptual hash; `crop`: the photo is a cut-out of the other. */
  how: 'hash' | 'crop';
}

/** `verify`: a verifier's on-site photos (核查), checked against the case's spot, the resolve time and its photos. */
export type EvidencePurpose = 'resolve' | 'pickup' | 'finding' | 'verify';

export interface EvidenceCheckInput {
  purpose: EvidencePurpose;
  /** Where the evidence must have been taken (GCJ-02). */
  site: LatLng;
  maxDistanceM: number;
  /** Earliest acceptable capture time: the claim (resolve), submission − 24 h (pickup), the resolve (verify). */
  notBefore: Date | null;
  now: Date;
  photos: EvidencePhotoFacts[];
  matches: EvidenceMatch[];
}

export type EvidenceRefusalCode = 'RESOLVE_TOO_FAR' | 'EVIDENCE_REUSED' | 'PICKUP_TOO_FAR' | 'VERIFY_TOO_FAR';

export interface EvidenceResult {
  /** True only when every check passed. */
  verified: boolean;
  checks: EvidenceCheckDto[];
  /** A hard failure: the action is refused with this code. */
  refusal: { code: EvidenceRefusalCode; message: string } | null;
}

/** Clock differences between phone and server that still count as "now". */
export const CLOCK_SKEW_MS = 5 * 60_000;
/** EXIF time and declared capture time may differ by this much. */
export const EXIF_TIME_TOLERANCE_MS = 10 * 60_000;
/** EXIF GPS and declared location may differ by this much (or twice the declared accuracy, if larger). */
export const EXIF_DISTANCE_TOLERANCE_M = 200;

const nth = (photos: EvidencePhotoFacts[], p: EvidencePhotoFacts) => (photos.length > 1 ? `第 ${photos.indexOf(p) + 1} 张照片` : '照片');
const check = (code: EvidenceCheckCode, outcome: EvidenceOutcome, detail: string): EvidenceCheckDto => ({
  code,
  ok: outcome === 'pass',
  outcome,
  detail,
});
const placeLabel = (purpose: EvidencePurpose) => (purpose === 'pickup' ? '上报地点' : '案卷位置');

/**
 * Where the photo was taken: the declared location; else the EXIF GPS, which most phones write in WGS-84
 * and some in GCJ-02 — both readings are returned and the nearer one counts.
 */
export function captureLocations(p: EvidencePhotoFacts): LatLng[] {
  if (p.capture.lat !== null && p.capture.lng !== null) return [{ lat: p.capture.lat, lng: p.capture.lng }];
  if (p.exif.lat !== null && p.exif.lng !== null) {
    const raw = { lat: p.exif.lat, lng: p.exif.lng };
    return [wgs84ToGcj02(raw), raw];
  }
  return [];
}

/** When the photo was taken: the declared time, else the EXIF time read as China Standard Time. */
export function captureTime(p: EvidencePhotoFacts): Date | null {
  if (p.capture.at) return p.capture.at;
  if (p.exif.at) return new Date(p.exif.at.getTime() - CHINA_OFFSET_MS);
  return null;
}

/** ON_SITE: every photo was taken within `maxDistanceM` of the site. A known position too far away is a hard failure. */
export function checkOnSite(input: EvidenceCheckInput): { check: EvidenceCheckDto; tooFarM: number | null } {
  const { photos, site, maxDistanceM, purpose } = input;
  if (photos.length === 0) return { check: check('ON_SITE', 'unknown', '没有照片'), tooFarM: null };
  let farthest: { p: EvidencePhotoFacts; d: number } | null = null;
  const missing: EvidencePhotoFacts[] = [];
  const vague: EvidencePhotoFacts[] = [];
  for (const p of photos) {
    const at = captureLocations(p);
    if (at.length === 0) {
      missing.push(p);
      continue;
    }
    const d = Math.min(...at.map((x) => distanceMeters(x, site)));
    const accuracy = p.capture.lat !== null ? (p.capture.accuracyM ?? 0) : 0;
    if (accuracy > maxDistanceM) vague.push(p);
    else if (d - accuracy > maxDistanceM && (!farthest || d > farthest.d)) farthest = { p, d };
  }
  if (farthest) {
    const d = Math.round(farthest.d);
    return {
      check: check('ON_SITE', 'fail', `${nth(photos, farthest.p)}在距${placeLabel(purpose)} ${d} 米处拍摄，超过 ${maxDistanceM} 米`),
      tooFarM: d,
    };
  }
  if (missing.length)
    return {
      check: check('ON_SITE', 'unknown', `${nth(photos, missing[0])}没有拍摄位置（如电脑上传），无法确认在现场拍摄`),
      tooFarM: null,
    };
  if (vague.length)
    return {
      check: check(
        'ON_SITE',
        'unknown',
        `${nth(photos, vague[0])}定位精度只有 ${Math.round(vague[0].capture.accuracyM!)} 米，无法确认在现场拍摄`,
      ),
      tooFarM: null,
    };
  return { check: check('ON_SITE', 'pass', `照片在${placeLabel(purpose)} ${maxDistanceM} 米以内拍摄`), tooFarM: null };
}

/** FRESH: taken after `notBefore` (the claim, or 24 h before a pickup) and not in the future. */
export function checkFresh(input: EvidenceCheckInput): EvidenceCheckDto {
  const { photos, notBefore, now, purpose } = input;
  if (photos.length === 0) return check('FRESH', 'unknown', '没有照片');
  const since = { resolve: '接单', pickup: '提交前 24 小时', finding: '检查开始', verify: '办结' }[purpose];
  const work = purpose === 'verify' ? '核查' : '处置';
  for (const p of photos) {
    const at = captureTime(p);
    if (!at) return check('FRESH', 'unknown', `${nth(photos, p)}没有拍摄时间，无法确认是新拍的`);
    if (at.getTime() > now.getTime() + CLOCK_SKEW_MS)
      return check('FRESH', 'fail', `${nth(photos, p)}的拍摄时间晚于当前时间，设备时间可能不准`);
    if (notBefore && at.getTime() < notBefore.getTime() - CLOCK_SKEW_MS)
      return check('FRESH', 'fail', `${nth(photos, p)}拍摄于${since}之前，不是这次${work}时拍的`);
  }
  return check('FRESH', 'pass', notBefore ? `照片拍摄于${since}之后` : '照片拍摄时间正常');
}

/** NEW_PICTURE: no evidence photo is the same picture as a before-photo or another case's photo. Hard failure. */
export function checkNewPicture(input: EvidenceCheckInput): EvidenceCheckDto {
  const { photos, matches, purpose } = input;
  const m = matches[0];
  if (!m) return check('NEW_PICTURE', 'pass', '没有发现与本案或其他案卷照片相同的图片');
  const p = photos.find((x) => x.photoId === m.photoId);
  const who = p ? nth(photos, p) : '照片';
  const target = m.sameCase
    ? purpose === 'pickup'
      ? '清理前照片'
      : purpose === 'verify'
        ? '本案已有的照片'
        : '本案的上报照片'
    : m.matchedCaseId !== null
      ? `案卷 #${m.matchedCaseId} 的照片`
      : '另一张已上传的照片';
  return check('NEW_PICTURE', 'fail', m.how === 'crop' ? `${who}是从${target}中截取的` : `${who}与${target}是同一张图片`);
}

/** CAMERA: every photo was taken with the camera, not picked from the album. */
export function checkCamera(input: EvidenceCheckInput): EvidenceCheckDto {
  const { photos } = input;
  if (photos.length === 0) return check('CAMERA', 'unknown', '没有照片');
  const album = photos.find((p) => p.capture.source === 'album');
  if (album) return check('CAMERA', 'fail', `${nth(photos, album)}是从相册选择的，不是现场拍摄`);
  const unknown = photos.find((p) => p.capture.source === null);
  if (unknown) return check('CAMERA', 'unknown', `${nth(photos, unknown)}没有记录来源（如电脑上传），无法确认是现场拍摄`);
  return check('CAMERA', 'pass', '照片均为现场用相机拍摄');
}

/** EXIF_AGREES: where the file carried EXIF GPS or time, it agrees with what the client declared. */
export function checkExifAgrees(input: EvidenceCheckInput): EvidenceCheckDto {
  const { photos } = input;
  let compared = false;
  let undeclared: EvidencePhotoFacts | null = null;
  for (const p of photos) {
    const hasGps = p.exif.lat !== null && p.exif.lng !== null;
    if (hasGps && p.capture.lat !== null && p.capture.lng !== null) {
      compared = true;
      const declared = { lat: p.capture.lat, lng: p.capture.lng };
      const raw = { lat: p.exif.lat!, lng: p.exif.lng! };
      const d = Math.min(distanceMeters(declared, wgs84ToGcj02(raw)), distanceMeters(declared, raw));
      const tolerance = Math.max(EXIF_DISTANCE_TOLERANCE_M, 2 * (p.capture.accuracyM ?? 0));
      if (d > tolerance) return check('EXIF_AGREES', 'fail', `${nth(photos, p)}文件里记录的拍摄位置与上传时的定位相差 ${Math.round(d)} 米`);
    } else if (hasGps) undeclared ??= p;
    if (p.exif.at && p.capture.at) {
      compared = true;
      const declared = p.capture.at.getTime();
      // EXIF wall-clock times carry no zone; phones here write UTC+8.
      const diff = Math.min(Math.abs(p.exif.at.getTime() - CHINA_OFFSET_MS - declared), Math.abs(p.exif.at.getTime() - declared));
      if (diff > EXIF_TIME_TOLERANCE_MS)
        return check(
          'EXIF_AGREES',
          'fail',
          `${nth(photos, p)}文件里记录的拍摄时间与上传时声明的时间相差 ${Math.round(diff / 60_000)} 分钟`,
        );
    } else if (p.exif.at) undeclared ??= p;
  }
  if (undeclared && !compared)
    return check('EXIF_AGREES', 'unknown', `${nth(photos, undeclared)}带有拍摄信息，但上传时没有声明位置和时间，无法比对`);
  if (!compared) return check('EXIF_AGREES', 'pass', '照片文件不含拍摄位置和时间，无需比对');
  return check('EXIF_AGREES', 'pass', '照片文件里的拍摄位置和时间与上传时声明的一致');
}

/** Runs the five checks of docs/domain.md §14. `verified` only when all pass; a far position or a reused picture refuses. */
export function runEvidenceChecks(input: EvidenceCheckInput): EvidenceResult {
  const onSite = checkOnSite(input);
  const newPicture = checkNewPicture(input);
  const checks = [onSite.check, checkFresh(input), newPicture, checkCamera(input), checkExifAgrees(input)];
  let refusal: EvidenceResult['refusal'] = null;
  if (newPicture.outcome === 'fail') refusal = { code: 'EVIDENCE_REUSED', message: `${newPicture.detail}，请到现场重新拍摄` };
  else if (onSite.tooFarM !== null)
    refusal = {
      code: input.purpose === 'pickup' ? 'PICKUP_TOO_FAR' : input.purpose === 'verify' ? 'VERIFY_TOO_FAR' : 'RESOLVE_TOO_FAR',
      message: `${onSite.check.detail}，请在现场拍摄`,
    };
  return { verified: checks.every((c) => c.outcome === 'pass'), checks, refusal };
}
