import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Case } from '../cases/case.entity';
import type { Report } from '../reports/report.entity';
import { ReportRepository } from '../reports/report.repository';
import type { User } from '../users/user.entity';
import { UserRepository } from '../users/user.repository';
import { EvidenceService } from '../cases/evidence/evidence.service';
import { unverifiedEvidenceSignal } from './rules/unverified-evidence';
import { PhotosService } from '../uploads/photos.service';
import { FraudSettingsService } from './fraud-settings.service';
import { RewardRepository } from './reward.repository';
import {
  burstSignal,
  deviceFarSignal,
  FRAUD_THRESHOLDS,
  type FraudSignal,
  haversineM,
  linkedToHandlerSignal,
  newAccountRejectedSignal,
  type FraudSettings,
  type PhotoMatch,
  reusedPhotoSignal,
  rewardBurstSignal,
  sameSpotSignal,
  sharedPhoneSignal,
  spotClusterSignal,
} from './rules/fraud-signals';

/** The circle around a report and the window before it (up to and including its own time) that a signal looks at. */
function aroundReport(report: Report, radiusM: number, windowMs: number) {
  return { lat: report.lat, lng: report.lng, radiusM, from: new Date(report.createdAt.getTime() - windowMs), to: report.createdAt };
}

/** A point within the circle, by great-circle distance (the query only narrowed to the square around it). */
function withinRadius(area: { lat: number; lng: number; radiusM: number }, p: { lat: number; lng: number }): boolean {
  return haversineM(area.lat, area.lng, p.lat, p.lng) <= area.radiusM;
}

/**
 * Gathers the facts for each fraud signal of docs/domain.md §8 and asks the pure rule (rules/fraud-signals.ts).
 * Runs inside the grant transaction. The facts come from the owners of the tables: reports (the reporter's
 * history), users (accounts sharing a phone, the department's staff), uploads (similar photos), cases
 * (evidence) and this folder's own rewards.
 */
@Injectable()
export class FraudSignalsService {
  constructor(
    private readonly photos: PhotosService,
    private readonly evidence: EvidenceService,
    private readonly settings: FraudSettingsService,
    private readonly reports: ReportRepository,
    private readonly users: UserRepository,
    private readonly rewards: RewardRepository,
  ) {}

  async evaluate(em: EntityManager, report: Report, caseRow: Case, reporter: User, at: Date): Promise<FraudSignal[]> {
    const s = await this.settings.get(em);
    const signals = [
      rewardBurstSignal(await this.recentRewards(em, reporter.id, at, s), s),
      sharedPhoneSignal(await this.otherAccountsWithPhone(em, reporter), s),
      spotClusterSignal(await this.otherRewardedResidentsNearby(em, report, s), s),
      reusedPhotoSignal(report.id, await this.photoMatches(em, report.id)),
      sameSpotSignal(await this.nearbyReportIds(em, report)),
      deviceFarSignal(report),
      burstSignal(await this.reportsInLastHour(em, report)),
      linkedToHandlerSignal({
        reporterKind: reporter.kind,
        reporterPhone: reporter.phone,
        handlers: await this.departmentStaff(em, caseRow),
      }),
      newAccountRejectedSignal({ accountCreatedAt: reporter.createdAt, at, ...(await this.reports.outcomesOf(em, reporter.id)) }),
      unverifiedEvidenceSignal(report.kind, await this.evidence.current(caseRow.id, em)),
    ];
    return signals.filter((x): x is FraudSignal => x !== null);
  }

  /**
   * Photos anywhere (any user; reports and case after-photos) whose perceptual hash is within the
   * threshold of one of this report's photos (PhotosService.findSimilar, indexed by hash blocks).
   * Unattached uploads are ignored; so are the report's own photos (a pickup's before/after pair).
   */
  async photoMatches(em: EntityManager, reportId: number): Promise<PhotoMatch[]> {
    const own = await this.photos.hashesOfReport(reportId, em);
    const out: PhotoMatch[] = [];
    for (const p of own) {
      const similar = await this.photos.findSimilar(
        p.phash,
        FRAUD_THRESHOLDS.photoMaxDistance,
        { excludePhotoIds: own.map((o) => o.id) },
        em,
      );
      for (const s of similar) {
        const c = s.photo;
        if (c.reportId === reportId || (c.reportId === null && c.caseId === null)) continue;
        out.push({
          photoId: p.id,
          matchedPhotoId: c.id,
          distance: s.distance,
          matchedOwnerUserId: c.ownerUserId,
          matchedReportId: c.reportId,
          matchedCaseId: c.caseId,
          matchedRole: c.role,
        });
      }
    }
    return out;
  }

  /** The reporter's own reports within the same-spot radius in the days before this one (this one included). */
  async nearbyReportIds(em: EntityManager, report: Report): Promise<number[]> {
    const t = FRAUD_THRESHOLDS;
    const area = aroundReport(report, t.sameSpotRadiusM, t.sameSpotDays * 86_400_000);
    const spots = await this.reports.spotsOfUserNear(em, { userId: report.userId, ...area });
    return spots.filter((r) => withinRadius(area, r)).map((r) => r.id);
  }

  /** The resident's rewards (not cancelled) granted in the window before `at`. */
  recentRewards(em: EntityManager, userId: number, at: Date, s: FraudSettings): Promise<number> {
    return this.rewards.countGrantedTo(em, userId, new Date(at.getTime() - s.rewardBurstMinutes * 60_000), at);
  }

  /** Other resident accounts (not deleted) carrying the reporter's WeChat phone number. */
  async otherAccountsWithPhone(em: EntityManager, reporter: User): Promise<number[]> {
    if (!reporter.phone) return [];
    return this.users.otherResidentsWithPhone(em, reporter.phone, reporter.id);
  }

  /** Other residents with a reward (not cancelled) for a report within the radius and the window before this report. */
  async otherRewardedResidentsNearby(em: EntityManager, report: Report, s: FraudSettings): Promise<number[]> {
    const area = aroundReport(report, s.spotClusterRadiusM, s.spotClusterMinutes * 60_000);
    const rows = await this.rewards.rewardedSpotsNear(em, { exceptUserId: report.userId, ...area });
    return [...new Set(rows.filter((r) => withinRadius(area, r)).map((r) => r.userId))];
  }

  reportsInLastHour(em: EntityManager, report: Report): Promise<number> {
    return this.reports.countOfUser(em, report.userId, new Date(report.createdAt.getTime() - 3600_000), report.createdAt);
  }

  /** The staff of the department the case is with (or routed to). */
  async departmentStaff(em: EntityManager, caseRow: Case): Promise<{ userId: number; phone: string | null }[]> {
    const departmentId = caseRow.departmentId ?? caseRow.triage?.routing?.departmentId ?? null;
    if (departmentId === null || departmentId === undefined) return [];
    return this.users.staffOfDepartment(em, departmentId);
  }
}
