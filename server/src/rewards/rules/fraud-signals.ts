import type { PhotoMatchDto } from '@sansui/shared';

/** Fraud signals of docs/domain.md §8, each a small pure function over facts gathered by FraudSignalsService. */

export const FRAUD_THRESHOLDS = {
  /** Perceptual-hash Hamming distance at or below which two photos count as the same picture. */
  photoMaxDistance: 6,
  /** Many reports by one person at one spot: at least N within R metres in D days (this one included). */
  sameSpotCount: 4,
  sameSpotRadiusM: 50,
  sameSpotDays: 7,
  /** Report location vs where the phone was. */
  deviceFarM: 1000,
  /** More than N reports by one person in the last hour. */
  burstPerHour: 6,
  /** New account: younger than D days with at least N reports of which more than the share were rejected. */
  newAccountDays: 7,
  newAccountMinReports: 3,
  newAccountRejectedShare: 0.5,
} as const;

/**
 * The thresholds admins edit (GET/PUT /fraud-settings), defaults below. They decide when a reward is held
 * for the auditor; changing them never touches rewards already granted.
 */
export interface FraudSettings {
  /** REWARD_BURST: more than this many rewards for one resident … */
  rewardBurstMax: number;
  /** … within this many minutes (the new one included). */
  rewardBurstMinutes: number;
  /** SHARED_PHONE: the reporter's WeChat phone number is on more than this many resident accounts (theirs included). */
  sharedPhoneMaxAccounts: number;
  /** SPOT_CLUSTER: rewards for at least this many different residents (this one included) … */
  spotClusterResidents: number;
  /** … at reports within this many metres … */
  spotClusterRadiusM: number;
  /** … within this many minutes. */
  spotClusterMinutes: number;
}

export const DEFAULT_FRAUD_SETTINGS: FraudSettings = {
  rewardBurstMax: 4,
  rewardBurstMinutes: 10,
  sharedPhoneMaxAccounts: 1,
  spotClusterResidents: 3,
  spotClusterRadiusM: 30,
  spotClusterMinutes: 60,
};

export type FraudSignalCode =
  | 'REUSED_PHOTO'
  | 'SAME_SPOT'
  | 'DEVICE_FAR'
  | 'BURST'
  | 'LINKED_TO_HANDLER'
  | 'NEW_ACCOUNT_REJECTED'
  | 'UNVERIFIED_EVIDENCE'
  | 'REWARD_BURST'
  | 'SHARED_PHONE'
  | 'SPOT_CLUSTER';

export interface FraudSignal {
  signal: FraudSignalCode;
  evidence: Record<string, unknown>;
}

/** One same-picture match, as the auditors see it. */
export type PhotoMatch = PhotoMatchDto;

/** The same picture (by perceptual hash) appears elsewhere: another report, or any after-photo. */
export function reusedPhotoSignal(
  ownReportId: number,
  matches: PhotoMatch[],
  maxDistance: number = FRAUD_THRESHOLDS.photoMaxDistance,
): FraudSignal | null {
  const hits = matches.filter((m) => m.distance <= maxDistance && m.matchedReportId !== ownReportId);
  return hits.length ? { signal: 'REUSED_PHOTO', evidence: { matches: hits.slice(0, 10) } } : null;
}

/** `nearbyReportIds` = the reporter's reports within the radius and window, this one included. */
export function sameSpotSignal(nearbyReportIds: number[], t = FRAUD_THRESHOLDS): FraudSignal | null {
  return nearbyReportIds.length >= t.sameSpotCount
    ? {
        signal: 'SAME_SPOT',
        evidence: {
          count: nearbyReportIds.length,
          reportIds: nearbyReportIds.slice(0, 20),
          radiusM: t.sameSpotRadiusM,
          days: t.sameSpotDays,
        },
      }
    : null;
}

export function deviceFarSignal(
  report: { lat: number; lng: number; deviceLat: number | null; deviceLng: number | null },
  maxM: number = FRAUD_THRESHOLDS.deviceFarM,
): FraudSignal | null {
  if (report.deviceLat === null || report.deviceLng === null) return null;
  const d = haversineM(report.lat, report.lng, report.deviceLat, report.deviceLng);
  return d > maxM ? { signal: 'DEVICE_FAR', evidence: { distanceM: Math.round(d), maxM } } : null;
}

export function burstSignal(reportsLastHour: number, maxPerHour: number = FRAUD_THRESHOLDS.burstPerHour): FraudSignal | null {
  return reportsLastHour > maxPerHour ? { signal: 'BURST', evidence: { reportsLastHour, maxPerHour } } : null;
}

/** The reporter shares a phone number with staff of the handling department, or is staff. */
export function linkedToHandlerSignal(input: {
  reporterKind: 'resident' | 'staff';
  reporterPhone: string | null;
  handlers: { userId: number; phone: string | null }[];
}): FraudSignal | null {
  if (input.reporterKind === 'staff') return { signal: 'LINKED_TO_HANDLER', evidence: { reporterIsStaff: true } };
  const phone = normalisePhone(input.reporterPhone);
  if (!phone) return null;
  const linked = input.handlers.filter((h) => normalisePhone(h.phone) === phone).map((h) => h.userId);
  return linked.length ? { signal: 'LINKED_TO_HANDLER', evidence: { samePhoneAsStaffUserIds: linked } } : null;
}

export function newAccountRejectedSignal(
  input: { accountCreatedAt: Date; at: Date; reports: number; rejected: number },
  t = FRAUD_THRESHOLDS,
): FraudSignal | null {
  const ageDays = (input.at.getTime() - input.accountCreatedAt.getTime()) / 86_400_000;
  if (ageDays >= t.newAccountDays || input.reports < t.newAccountMinReports) return null;
  return input.rejected / input.reports > t.newAccountRejectedShare
    ? {
        signal: 'NEW_ACCOUNT_REJECTED',
        evidence: { ageDays: Math.floor(ageDays * 10) / 10, reports: input.reports, rejected: input.rejected },
      }
    : null;
}

/** `recentRewards`: the resident's rewards (not cancelled) granted in the last `rewardBurstMinutes`, before this one. */
export function rewardBurstSignal(recentRewards: number, s: FraudSettings = DEFAULT_FRAUD_SETTINGS): FraudSignal | null {
  const count = recentRewards + 1;
  return count > s.rewardBurstMax
    ? { signal: 'REWARD_BURST', evidence: { rewards: count, minutes: s.rewardBurstMinutes, max: s.rewardBurstMax } }
    : null;
}

/** `otherAccountIds`: other resident accounts (not deleted) with the reporter's WeChat phone number. */
export function sharedPhoneSignal(otherAccountIds: number[], s: FraudSettings = DEFAULT_FRAUD_SETTINGS): FraudSignal | null {
  const accounts = otherAccountIds.length + 1;
  return accounts > s.sharedPhoneMaxAccounts
    ? { signal: 'SHARED_PHONE', evidence: { accounts, otherUserIds: otherAccountIds.slice(0, 20), max: s.sharedPhoneMaxAccounts } }
    : null;
}

/** `otherResidentIds`: other residents rewarded for reports within the radius and window (a staged scene). */
export function spotClusterSignal(otherResidentIds: number[], s: FraudSettings = DEFAULT_FRAUD_SETTINGS): FraudSignal | null {
  const residents = new Set(otherResidentIds).size + 1;
  return residents >= s.spotClusterResidents
    ? {
        signal: 'SPOT_CLUSTER',
        evidence: {
          residents,
          otherUserIds: [...new Set(otherResidentIds)].slice(0, 20),
          radiusM: s.spotClusterRadiusM,
          minutes: s.spotClusterMinutes,
        },
      }
    : null;
}

export function haversineM(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const R = 6_371_000;
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLng = (lng2 - lng1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}

function normalisePhone(p: string | null): string | null {
  if (!p) return null;
  const digits = p.replace(/\D/g, '').replace(/^86(?=1\d{10}$)/, '');
  return digits.length >= 7 ? digits : null;
}
