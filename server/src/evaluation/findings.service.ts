import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CreateFindingRequest, FindingCreatedDto } from '@sansui/shared';
import { DataSource } from 'typeorm';
import { AreasService } from '../areas/areas.service';
import { AuditService } from '../audit/audit.service';
import { EvidenceService } from '../cases/evidence/evidence.service';
import type { AuthUser } from '../common/auth/auth-user';
import { AppException } from '../common/errors/app-exception';
import { Transactions } from '../database/transactions';
import { isUniqueViolation } from '../database/unique-violation';
import { ChecklistItem } from './checklist.entity';
import { PhotosService } from '../uploads/photos.service';
import { checkFindingEvidence } from './finding-evidence';
import { InspectionFinding, InspectionFindingPhoto } from './inspection-finding.entity';
import { InspectionRound } from './inspection-round.entity';
import { assertMonthOpen } from './month-freeze';
import { canSeeRound, mayRecordFindings } from './round-access';
import { findingDeduction } from './scoring';

/** 检查发现: recorded on site by the round's inspectors or at the desk by a dispatcher, costed against the round's checklist. */
@Injectable()
export class FindingsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: Transactions,
    private readonly audit: AuditService,
    private readonly areas: AreasService,
    private readonly evidence: EvidenceService,
    private readonly photos: PhotosService,
  ) {}

  async create(user: AuthUser, roundId: number, input: CreateFindingRequest): Promise<FindingCreatedDto> {
    const count = input.count ?? 1;
    const grid = await this.areas.locateGrid(input.location.lat, input.location.lng);
    const chain = grid ? await this.areas.ancestors(grid.id) : [];
    try {
      return await this.tx.run(async (em) => {
        // The round row is the lock that serialises findings of one round: the item caps are per area and round.
        const round = await em.getRepository(InspectionRound).findOne({ where: { id: roundId }, ...this.tx.forUpdate() });
        if (!round || !canSeeRound(user, round)) throw new AppException('ROUND_NOT_FOUND');
        if (!mayRecordFindings(user, round)) throw new AppException('ROUND_NOT_ASSIGNED');
        if (round.status !== 'draft') throw new AppException('ROUND_PUBLISHED');
        await assertMonthOpen(em, this.tx, round.month);
        const item = await em
          .getRepository(ChecklistItem)
          .findOne({ where: { versionId: round.checklistVersionId, code: input.itemCode } });
        if (!item) throw new AppException('CHECKLIST_ITEM_UNKNOWN');
        const area = chain.find((a) => round.areaIds.includes(a.id));
        if (!area) throw new AppException('FINDING_OUTSIDE_ROUND');
        await checkFindingEvidence(em, this.photos, { photoIds: input.photoIds, userId: user.id });
        // §14: taken on site, during the round, a new picture from the camera; a reused picture is refused, missing facts leave it unverified.
        const evidence = await this.evidence.evaluate(
          { purpose: 'finding', site: input.location, photoIds: input.photoIds, notBefore: round.createdAt },
          em,
        );
        this.evidence.refuseIfHardFailure(evidence);
        const already = await em
          .getRepository(InspectionFinding)
          .sum('deduction', { roundId: round.id, areaId: area.id, itemCode: item.code });
        const deduction = findingDeduction(count, item.deduction, item.maxDeduction, Number(already ?? 0));
        const repo = em.getRepository(InspectionFinding);
        const finding = await repo.save(
          repo.create({
            roundId: round.id,
            areaId: area.id,
            gridId: grid?.id ?? null,
            itemCode: item.code,
            categoryCode: item.categoryCode,
            lat: input.location.lat,
            lng: input.location.lng,
            count,
            deduction,
            note: input.note?.trim() || null,
            photoIds: input.photoIds,
            inspectorUserId: user.id,
            evidence: { verified: evidence.verified, checks: evidence.checks },
            caseId: null,
          }),
        );
        await em.getRepository(InspectionFindingPhoto).insert(input.photoIds.map((photoId) => ({ findingId: finding.id, photoId })));
        await this.audit.record(em, {
          actorUserId: user.id,
          action: 'inspection_finding.create',
          targetType: 'inspection_round',
          targetId: round.id,
          data: { findingId: finding.id, areaId: area.id, itemCode: item.code, count, deduction },
        });
        return { id: finding.id, deduction, evidence: { verified: evidence.verified, checks: evidence.checks } };
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppException('PHOTO_ALREADY_USED', '照片已用于其他检查发现，请重新拍摄');
      throw e;
    }
  }
}
