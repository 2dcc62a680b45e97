import { Injectable } from '@nestjs/common';
import type { PublishResultDto } from '@sansui/shared';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth/auth-user';
import { AppException } from '../common/errors/app-exception';
import { Transactions } from '../database/transactions';
import { ChecklistItem } from './checklist.entity';
import { InspectionCases } from './inspection-cases';
import { InspectionFinding } from './inspection-finding.entity';
import { InspectionRound } from './inspection-round.entity';
import { MonitoringDocumentsService } from './monitoring-documents.service';
import { assertMonthOpen } from './month-freeze';

/**
 * Publication of a round (dispatcher): in one transaction holding the round's row lock, every finding
 * opens its case, the round becomes visible to the inspected and its circular's 重点监控点位 are stored. A second publish — even a concurrent
 * one — waits for the lock, finds the round published and opens nothing.
 */
@Injectable()
export class PublishService {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditService,
    private readonly cases: InspectionCases,
    private readonly monitoring: MonitoringDocumentsService,
  ) {}

  publish(user: AuthUser, id: number): Promise<PublishResultDto> {
    return this.tx.run(async (em) => {
      const round = await em.getRepository(InspectionRound).findOne({ where: { id }, ...this.tx.forUpdate() });
      if (!round) throw new AppException('ROUND_NOT_FOUND');
      if (round.status === 'published') return { id, status: round.status, casesOpened: 0 };
      await assertMonthOpen(em, this.tx, round.month);
      const findings = await em.getRepository(InspectionFinding).find({ where: { roundId: id }, order: { id: 'ASC' } });
      const items = new Map(
        (await em.getRepository(ChecklistItem).find({ where: { versionId: round.checklistVersionId } })).map((i) => [i.code, i.text]),
      );
      const caseIds: number[] = [];
      for (const f of findings) {
        if (f.caseId !== null) continue;
        const caseId = await this.cases.open(em, f, {
          userId: user.id,
          itemText: items.get(f.itemCode) ?? f.itemCode,
          roundName: round.name,
        });
        await em.getRepository(InspectionFinding).update({ id: f.id }, { caseId });
        caseIds.push(caseId);
      }
      const at = new Date();
      await em.getRepository(InspectionRound).update({ id }, { status: 'published', publishedAt: at, publishedByUserId: user.id });
      // The circular's 重点监控点位 as they stand now that the round's findings count (docs/domain.md §16).
      await this.monitoring.storeForRound(em, { ...round, status: 'published', publishedAt: at }, at);
      await this.audit.record(em, {
        actorUserId: user.id,
        action: 'inspection_round.publish',
        targetType: 'inspection_round',
        targetId: id,
        data: { findings: findings.length, caseIds },
      });
      return { id, status: 'published' as const, casesOpened: caseIds.length };
    });
  }
}
