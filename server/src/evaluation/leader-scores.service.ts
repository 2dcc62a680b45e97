import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { FULL_SCORE, type LeaderScoresDto, type SaveLeaderScoresRequest } from '@sansui/shared';
import { DataSource, In } from 'typeorm';
import { AreasService } from '../areas/areas.service';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth/auth-user';
import { AppException } from '../common/errors/app-exception';
import { Transactions } from '../database/transactions';
import { EvaluationSettingsService } from './evaluation-settings.service';
import { LeaderScore } from './leader-score.entity';
import { quarterMonths } from './quarter';

function validScore(s: unknown): s is number | null {
  return s === null || (typeof s === 'number' && Number.isFinite(s) && s >= 0 && s <= FULL_SCORE && Math.round(s * 100) === s * 100);
}

/** 领导评价 of a quarter (docs/domain.md §16): admins enter one score per area; the quarter ranking mixes it in at `leaderWeight`. */
@Injectable()
export class LeaderScoresService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: Transactions,
    private readonly audit: AuditService,
    private readonly settings: EvaluationSettingsService,
    private readonly areas: AreasService,
  ) {}

  /** Scores by area id for a quarter already validated. */
  async scoresOf(quarter: string): Promise<Map<number, number>> {
    const rows = await this.db.getRepository(LeaderScore).find({ where: { quarter } });
    return new Map(rows.map((r) => [r.areaId, r.score]));
  }

  async list(quarter: string | undefined): Promise<LeaderScoresDto> {
    quarterMonths(quarter);
    const rows = await this.db.getRepository(LeaderScore).find({ where: { quarter }, order: { areaId: 'ASC' } });
    const areaNames = await this.areas.namesOf(rows.map((r) => r.areaId));
    const { leaderWeight } = await this.settings.get();
    return {
      quarter: quarter!,
      leaderWeight,
      items: rows.map((r) => ({
        areaId: r.areaId,
        areaName: areaNames.get(r.areaId) ?? `#${r.areaId}`,
        score: r.score,
        note: r.note,
        enteredByUserId: r.enteredByUserId,
        updatedAt: r.updatedAt.toISOString(),
      })),
    };
  }

  /** Sets (or with `score: null` removes) the listed areas' scores in one transaction, audited with the old and new values. */
  async save(user: AuthUser, quarter: string, input: SaveLeaderScoresRequest): Promise<LeaderScoresDto> {
    quarterMonths(quarter);
    const items = input.items;
    const ids = items.map((i) => i.areaId);
    if (
      new Set(ids).size !== ids.length ||
      items.some((i) => !validScore(i.score) || (i.note != null && (typeof i.note !== 'string' || i.note.length > 200)))
    )
      throw new AppException('LEADER_SCORE_INVALID');
    const known = await this.areas.countExisting(ids);
    if (known !== ids.length) throw new AppException('AREA_NOT_FOUND');
    await this.tx.run(async (em) => {
      const repo = em.getRepository(LeaderScore);
      const before = ids.length ? await repo.find({ where: { quarter, areaId: In(ids) } }) : [];
      const removed = items.filter((i) => i.score === null).map((i) => i.areaId);
      if (removed.length) await repo.delete({ quarter, areaId: In(removed) });
      const kept = items.filter((i) => i.score !== null);
      if (kept.length)
        await repo.upsert(
          kept.map((i) => ({
            quarter,
            areaId: i.areaId,
            score: i.score as number,
            note: i.note?.trim() || null,
            enteredByUserId: user.id,
          })),
          ['quarter', 'areaId'],
        );
      await this.audit.record(em, {
        actorUserId: user.id,
        action: 'evaluation_leader_scores.save',
        targetType: 'evaluation_quarter',
        targetId: quarter,
        data: {
          quarter,
          before: before.map((b) => ({ areaId: b.areaId, score: b.score })),
          after: items.map((i) => ({ areaId: i.areaId, score: i.score })),
        },
      });
    });
    return this.list(quarter);
  }
}
