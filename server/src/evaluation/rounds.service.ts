import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  MONTH_PATTERN,
  type CreateRoundRequest,
  type FindingDto,
  type RoundCreatedDto,
  type RoundDetailDto,
  type RoundSummaryDto,
} from '@sansui/shared';
import { DataSource, In } from 'typeorm';
import { AreasService } from '../areas/areas.service';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth/auth-user';
import { AppException } from '../common/errors/app-exception';
import { placeText } from '../common/place-text';
import { CaseReads } from '../cases/case-reads';
import { Transactions } from '../database/transactions';
import { PhotosService } from '../uploads/photos.service';
import { UserRepository } from '../users/user.repository';
import { ChecklistService } from './checklist.service';
import { InspectionFinding } from './inspection-finding.entity';
import { InspectionRound } from './inspection-round.entity';
import { assertMonthOpen } from './month-freeze';
import { canSeeRound } from './round-access';
import { rankByScore, roundScore } from './scoring';

export function assertMonth(month: string | undefined): void {
  if (month !== undefined && !MONTH_PATTERN.test(month)) throw new AppException('MONTH_INVALID');
}

/** Inspection rounds (暗访 / 明查): creation by dispatchers, reading with the covert rule of docs/domain.md §16. */
@Injectable()
export class RoundsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: Transactions,
    private readonly audit: AuditService,
    private readonly checklist: ChecklistService,
    private readonly photos: PhotosService,
    private readonly areas: AreasService,
    private readonly cases: CaseReads,
    private readonly users: UserRepository,
  ) {}

  async create(user: AuthUser, input: CreateRoundRequest): Promise<RoundCreatedDto> {
    assertMonth(input.month);
    const areaIds = [...new Set(input.areaIds)];
    if (areaIds.length === 0 || (await this.areas.countExisting(areaIds)) !== areaIds.length) throw new AppException('ROUND_AREAS_INVALID');
    const inspectorUserIds = [...new Set(input.inspectorUserIds ?? [])];
    if (inspectorUserIds.length) {
      const staff = await this.users.activeStaffAmong(this.db.manager, inspectorUserIds);
      if (staff.length !== inspectorUserIds.length || staff.some((u) => !u.roles.includes('inspector')))
        throw new AppException('ROUND_INSPECTORS_INVALID');
    }
    return this.tx.run(async (em) => {
      await assertMonthOpen(em, this.tx, input.month);
      const { version } = await this.checklist.current(em);
      if (!version) throw new AppException('CHECKLIST_INVALID', '还没有考评细则，请先由管理员录入');
      const repo = em.getRepository(InspectionRound);
      const round = await repo.save(
        repo.create({
          kind: input.kind,
          name: input.name.trim(),
          month: input.month,
          status: 'draft',
          checklistVersionId: version.id,
          areaIds,
          inspectorUserIds,
          createdByUserId: user.id,
          publishedAt: null,
          publishedByUserId: null,
        }),
      );
      await this.audit.record(em, {
        actorUserId: user.id,
        action: 'inspection_round.create',
        targetType: 'inspection_round',
        targetId: round.id,
        data: { kind: round.kind, name: round.name, month: round.month, areaIds, inspectorUserIds, checklistVersion: version.version },
      });
      return { id: round.id, status: round.status };
    });
  }

  /** Active inspectors a dispatcher can assign to a round. */
  async inspectors(): Promise<{ id: number; displayName: string }[]> {
    const users = await this.users.activeStaff(this.db.manager);
    return users.filter((u) => u.roles.includes('inspector')).map((u) => ({ id: u.id, displayName: u.displayName }));
  }

  /** The round if the caller may see it; otherwise 404, as if it did not exist. */
  async visible(user: AuthUser, id: number): Promise<InspectionRound> {
    const round = await this.db.getRepository(InspectionRound).findOne({ where: { id } });
    if (!round || !canSeeRound(user, round)) throw new AppException('ROUND_NOT_FOUND');
    return round;
  }

  async list(user: AuthUser, month?: string): Promise<RoundSummaryDto[]> {
    assertMonth(month);
    const rounds = await this.db
      .getRepository(InspectionRound)
      .find({ where: month ? { month } : {}, order: { month: 'DESC', id: 'DESC' }, take: 200 });
    const seen = rounds.filter((r) => canSeeRound(user, r));
    const counts = await this.findingCounts(seen.map((r) => r.id));
    return Promise.all(seen.map(async (r) => this.summary(r, counts.get(r.id) ?? 0)));
  }

  async detail(user: AuthUser, id: number): Promise<RoundDetailDto> {
    const round = await this.visible(user, id);
    const findings = await this.db.getRepository(InspectionFinding).find({ where: { roundId: id }, order: { id: 'ASC' } });
    const areaName = await this.areas.namesOf(round.areaIds);
    const items = new Map((await this.checklist.items(round.checklistVersionId)).map((i) => [i.code, i]));
    const photoRows = await this.photos.byIds(findings.flatMap((f) => f.photoIds));
    const photoById = new Map(photoRows.map((p) => [p.id, p]));
    const caseIds = findings.flatMap((f) => (f.caseId === null ? [] : [f.caseId]));
    const caseRows = await this.cases.placesOf(caseIds);
    const placeOfCase = new Map(caseRows.map((c) => [c.id, placeText(c)]));
    const ranked = rankByScore(
      round.areaIds.map((areaId) => {
        const own = findings.filter((f) => f.areaId === areaId);
        return { areaId, deductions: own.map((f) => f.deduction), findings: own.length };
      }),
      (a) => roundScore(a.deductions),
    );
    return {
      ...(await this.summary(round, findings.length)),
      areas: ranked.map(({ item, rank }) => ({
        areaId: item.areaId,
        areaName: areaName.get(item.areaId) ?? `#${item.areaId}`,
        deduction: item.deductions.reduce((s, d) => s + d, 0),
        score: roundScore(item.deductions),
        findings: item.findings,
        rank: rank ?? 0,
      })),
      findings: findings.map((f): FindingDto => {
        const item = items.get(f.itemCode);
        return {
          id: f.id,
          roundId: f.roundId,
          areaId: f.areaId,
          areaName: areaName.get(f.areaId) ?? `#${f.areaId}`,
          gridId: f.gridId,
          itemCode: f.itemCode,
          itemText: item?.text ?? '',
          section: item?.section ?? '',
          location: { lat: f.lat, lng: f.lng },
          address: f.caseId === null ? null : (placeOfCase.get(f.caseId) ?? null),
          count: f.count,
          deduction: f.deduction,
          note: f.note,
          photoIds: f.photoIds,
          photos: f.photoIds.flatMap((pid) => {
            const p = photoById.get(pid);
            return p ? [this.photos.toDto(p, { staff: true })] : [];
          }),
          inspectorUserId: f.inspectorUserId,
          evidence: f.evidence,
          caseId: f.caseId,
          createdAt: f.createdAt.toISOString(),
        };
      }),
    };
  }

  private async summary(r: InspectionRound, findingCount: number): Promise<RoundSummaryDto> {
    return {
      id: r.id,
      kind: r.kind,
      name: r.name,
      month: r.month,
      status: r.status,
      checklistVersion: await this.checklist.versionNumber(r.checklistVersionId),
      areaIds: r.areaIds,
      inspectorUserIds: r.inspectorUserIds,
      findingCount,
      publishedAt: r.publishedAt?.toISOString() ?? null,
      createdAt: r.createdAt.toISOString(),
    };
  }

  private async findingCounts(roundIds: number[]): Promise<Map<number, number>> {
    if (roundIds.length === 0) return new Map();
    const rows: { roundId: number; n: string | number }[] = await this.db
      .getRepository(InspectionFinding)
      .createQueryBuilder('f')
      .select('f.roundId', 'roundId')
      .addSelect('COUNT(*)', 'n')
      .where({ roundId: In(roundIds) })
      .groupBy('f.roundId')
      .getRawMany();
    return new Map(rows.map((r) => [Number(r.roundId), Number(r.n)]));
  }
}
