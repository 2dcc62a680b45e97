import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Case } from '../cases/case.entity';
import type { Report } from '../reports/report.entity';
import type { User } from '../users/user.entity';
import { EvidenceService } from '../cases/evidence/evidence.service';
import { sqlDate } from './sql-date';
import { unverifiedEvidenceSignal } from './rules/unverified-evidence';
import { Photo } from '../uploads/photo.entity';
import { PhotosService } from '../uploads/photos.service';
import { FraudSettingsService } from './fraud-settings.service';
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

/**
 * Gathers the facts for each §8 fraud signal with one small query and asks the pure rule
 * (rules/fraud-signals.ts). Runs inside the grant transaction.
 */
@Injectable()
export class FraudSignalsService {
  constructor(
    private readonly photos: PhotosService,
    private readonly evidence: EvidenceService,
    private readonly settings: FraudSettingsService,
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
      newAccountRejectedSignal({ accountCreatedAt: reporter.createdAt, at, ...(await this.reportOutcomes(em, reporter.id)) }),
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
    const own = await em.getRepository(Photo).find({ where: { reportId }, select: { id: true, phash: true } });
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

  async nearbyReportIds(em: EntityManager, report: Report): Promise<number[]> {
    const t = FRAUD_THRESHOLDS;
    const dLat = t.sameSpotRadiusM / 111_000;
    const dLng = t.sameSpotRadiusM / (111_000 * Math.cos((report.lat * Math.PI) / 180));
    const since = new Date(report.createdAt.getTime() - t.sameSpotDays * 86_400_000);
    const rows: { id: number; lat: number; lng: number }[] = await em.query(
      'SELECT id, lat, lng FROM reports WHERE userId = ? AND createdAt >= ? AND createdAt <= ? AND lat BETWEEN ? AND ? AND lng BETWEEN ? AND ?',
      [
        report.userId,
        sqlDate(em, since),
        sqlDate(em, report.createdAt),
        report.lat - dLat,
        report.lat + dLat,
        report.lng - dLng,
        report.lng + dLng,
      ],
    );
    return rows
      .filter((r) => haversineM(report.lat, report.lng, Number(r.lat), Number(r.lng)) <= t.sameSpotRadiusM)
      .map((r) => Number(r.id));
  }

  /** The resident's rewards (not cancelled) granted in the window before `at`. */
  async recentRewards(em: EntityManager, userId: number, at: Date, s: FraudSettings): Promise<number> {
    const [row] = await em.query(
      "SELECT COUNT(*) AS n FROM rewards WHERE userId = ? AND status <> 'cancelled' AND createdAt > ? AND createdAt <= ?",
      [userId, sqlDate(em, new Date(at.getTime() - s.rewardBurstMinutes * 60_000)), sqlDate(em, at)],
    );
    return Number(row.n);
  }

  /** Other resident accounts (not deleted) carrying the reporter's WeChat phone number. */
  async otherAccountsWithPhone(em: EntityManager, reporter: User): Promise<number[]> {
    if (!reporter.phone) return [];
    const rows: { id: number }[] = await em.query(
      "SELECT id FROM users WHERE phone = ? AND id <> ? AND kind = 'resident' AND deletedAt IS NULL ORDER BY id",
      [reporter.phone, reporter.id],
    );
    return rows.map((r) => Number(r.id));
  }

  /** Other residents with a reward (not cancelled) for a report within the radius and the window before this report. */
  async otherRewardedResidentsNearby(em: EntityManager, report: Report, s: FraudSettings): Promise<number[]> {
    const dLat = s.spotClusterRadiusM / 111_000;
    const dLng = s.spotClusterRadiusM / (111_000 * Math.cos((report.lat * Math.PI) / 180));
    const rows: { userId: number; lat: number; lng: number }[] = await em.query(
      `SELECT r.userId AS userId, r.lat AS lat, r.lng AS lng FROM reports r JOIN rewards w ON w.reportId = r.id
       WHERE r.userId <> ? AND w.status <> 'cancelled' AND r.createdAt >= ? AND r.createdAt <= ?
       AND r.lat BETWEEN ? AND ? AND r.lng BETWEEN ? AND ?`,
      [
        report.userId,
        sqlDate(em, new Date(report.createdAt.getTime() - s.spotClusterMinutes * 60_000)),
        sqlDate(em, report.createdAt),
        report.lat - dLat,
        report.lat + dLat,
        report.lng - dLng,
        report.lng + dLng,
      ],
    );
    const near = rows.filter((r) => haversineM(report.lat, report.lng, Number(r.lat), Number(r.lng)) <= s.spotClusterRadiusM);
    return [...new Set(near.map((r) => Number(r.userId)))];
  }

  async reportsInLastHour(em: EntityManager, report: Report): Promise<number> {
    const [row] = await em.query('SELECT COUNT(*) AS n FROM reports WHERE userId = ? AND createdAt > ? AND createdAt <= ?', [
      report.userId,
      sqlDate(em, new Date(report.createdAt.getTime() - 3600_000)),
      sqlDate(em, report.createdAt),
    ]);
    return Number(row.n);
  }

  async departmentStaff(em: EntityManager, caseRow: Case): Promise<{ userId: number; phone: string | null }[]> {
    const departmentId = caseRow.departmentId ?? caseRow.triage?.routing?.departmentId ?? null;
    if (departmentId === null || departmentId === undefined) return [];
    const rows: { id: number; phone: string | null }[] = await em.query(
      "SELECT id, phone FROM users WHERE kind = 'staff' AND departmentId = ?",
      [departmentId],
    );
    return rows.map((r) => ({ userId: Number(r.id), phone: r.phone }));
  }

  async reportOutcomes(em: EntityManager, userId: number): Promise<{ reports: number; rejected: number }> {
    const [row] = await em.query(
      "SELECT COUNT(*) AS reports, SUM(CASE WHEN c.status = 'rejected' THEN 1 ELSE 0 END) AS rejected FROM reports r JOIN cases c ON c.id = r.caseId WHERE r.userId = ?",
      [userId],
    );
    return { reports: Number(row.reports ?? 0), rejected: Number(row.rejected ?? 0) };
  }
}
