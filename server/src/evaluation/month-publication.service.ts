import { Injectable } from '@nestjs/common';
import type { EvaluationsDto, MonthPublishedDto } from '@sansui/shared';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth/auth-user';
import { AppException } from '../common/errors/app-exception';
import { Transactions } from '../database/transactions';
import { isUniqueViolation } from '../database/unique-violation';
import { AREAS_SCOPE, EvaluationMonthResult } from './evaluation-month-result.entity';
import { EvaluationsService } from './evaluations.service';
import { InspectionRound } from './inspection-round.entity';
import { MonitoringDocumentsService } from './monitoring-documents.service';
import { assertMonth } from './rounds.service';

/**
 * Publication of a month's results (docs/domain.md §16): the ranking of areas and each area's community ranking
 * are stored as computed now and answered from then on. Every round of the month must be published first; after
 * it no round of the month can be created, and findings of published rounds were already frozen. §16 defines no
 * correction of a published month, so there is none: the stored figures are final.
 */
@Injectable()
export class MonthPublicationService {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditService,
    private readonly evaluations: EvaluationsService,
    private readonly monitoring: MonitoringDocumentsService,
  ) {}

  async publish(user: AuthUser, month: string): Promise<MonthPublishedDto> {
    assertMonth(month);
    const at = new Date();
    try {
      await this.tx.run(async (em) => {
        // Locking the month's rounds holds off their publication (and new rounds) until the figures are stored.
        const rounds = await em.getRepository(InspectionRound).find({ where: { month }, ...this.tx.forUpdate() });
        if (rounds.some((r) => r.status === 'draft')) throw new AppException('EVALUATION_MONTH_HAS_DRAFTS');
        const areas = await this.evaluations.liveMonth(month);
        const grids = [];
        for (const item of areas.items) grids.push({ areaId: item.areaId, result: await this.evaluations.liveGrids(month, item.areaId) });
        const repo = em.getRepository(EvaluationMonthResult);
        const row = (scope: number, result: EvaluationsDto) => {
          const { published: _ignored, ...stored } = result;
          return { month, scope, result: stored, publishedAt: at, publishedByUserId: user.id };
        };
        // The (month, 0) row first: a second publish, even a concurrent one, fails here and stores nothing.
        await repo.insert(row(AREAS_SCOPE, areas));
        for (const g of grids) await repo.insert(row(g.areaId, g.result));
        // The 简报's 重点监控点位, kept with the figures so the published briefing does not change.
        await this.monitoring.storeForMonth(
          em,
          month,
          areas.items.map((i) => i.areaId),
          at,
        );
        await this.audit.record(em, {
          actorUserId: user.id,
          action: 'evaluation_month.publish',
          targetType: 'evaluation_month',
          targetId: month,
          data: {
            month,
            weights: areas.weights,
            digitalMix: areas.digitalMix,
            totals: areas.items.map((i) => ({ areaId: i.areaId, total: i.total, rank: i.rank })),
          },
        });
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppException('EVALUATION_MONTH_PUBLISHED');
      throw e;
    }
    return { month, published: { at: at.toISOString(), byUserId: user.id } };
  }
}
