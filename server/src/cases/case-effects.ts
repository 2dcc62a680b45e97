import { Inject, Injectable } from '@nestjs/common';
import type { CaseActor, CaseStatus } from '@sansui/shared';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { CategoriesService } from '../categories/categories.service';
import { placeText } from '../common/place-text';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { OutboxService } from '../notifications/outbox.service';
import { caseProgressData } from '../notifications/templates';
import { UserRepository } from '../users/user.repository';
import { insertRow } from '../database/insert-row';
import { CaseEvent } from './case-event.entity';
import type { Case } from './case.entity';

export interface CaseEventInput {
  action: string;
  fromStatus: CaseStatus | null;
  toStatus: CaseStatus | null;
  actorUserId: number | null;
  actorRole: CaseActor | null;
  note?: string | null;
  photoIds?: number[] | null;
  data?: Record<string, unknown> | null;
}

/** What every case change writes besides the row: the timeline event, the audit entry, the residents' messages. */
@Injectable()
export class CaseEffects {
  constructor(
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    @Inject(APP_CONFIG) readonly config: AppConfig,
    private readonly users: UserRepository,
    private readonly categories: CategoriesService,
  ) {}

  /**
   * The event as inserted, without reading it back: its createdAt is the database's (not known here, the
   * object carries the time of the call). For report intake, which reads the stored time with its answer.
   */
  async insertEvent(em: EntityManager, caseId: number, e: CaseEventInput): Promise<CaseEvent> {
    const values = { caseId, note: null, photoIds: null, data: null, ...e };
    const id = await insertRow(em, CaseEvent, values);
    return Object.assign(new CaseEvent(), values, { id, createdAt: new Date() });
  }

  async event(em: EntityManager, caseId: number, e: CaseEventInput): Promise<CaseEvent> {
    const repo = em.getRepository(CaseEvent);
    return repo.save(repo.create({ caseId, note: null, photoIds: null, data: null, ...e }));
  }

  async auditRecord(
    em: EntityManager,
    actor: { id: number | null; name: string },
    action: string,
    caseId: number,
    data: Record<string, unknown>,
  ): Promise<void> {
    await this.audit.record(em, {
      actorUserId: actor.id,
      actorName: actor.name,
      action: `case.${action}`,
      targetType: 'case',
      targetId: caseId,
      data,
    });
  }

  /** One case_progress message per resident standing behind the case (its reports and merged duplicates) and per me-too follower. */
  async notifyReporters(em: EntityManager, c: Case, note?: string | null): Promise<number> {
    const rows = await em
      .createQueryBuilder()
      .select(['r.userId AS userId', 'MIN(r.id) AS reportId'])
      .from('reports', 'r')
      .innerJoin('cases', 'k', 'k.id = r.caseId')
      .innerJoin('users', 'u', 'u.id = r.userId')
      .where('(r.caseId = :id OR k.masterCaseId = :id)', { id: c.id })
      .andWhere("u.kind = 'resident'")
      .groupBy('r.userId')
      .getRawMany<{ userId: number | string; reportId: number | string }>();
    // Residents who said 我也遇到 follow the case too (docs/domain.md §15); their message opens the case they follow.
    const reporters = new Set(rows.map((r) => Number(r.userId)));
    const followers = (
      await em
        .createQueryBuilder()
        .select('f.userId AS userId')
        .from('case_me_too', 'f')
        .where('f.caseId = :id', { id: c.id })
        .getRawMany<{ userId: number | string }>()
    )
      .map((f) => Number(f.userId))
      .filter((id) => !reporters.has(id));
    if (rows.length === 0 && followers.length === 0) return 0;
    const categoryName = await this.categories.nameOf(em, c.categoryCode);
    const data = caseProgressData({ categoryName: categoryName ?? c.categoryCode, status: c.status, note, place: placeText(c) });
    for (const r of rows) {
      await this.outbox.enqueue(em, {
        userId: Number(r.userId),
        templateKey: 'case_progress',
        data,
        page: `pkg-mine/detail/index?id=${Number(r.reportId)}`,
      });
    }
    for (const userId of followers) {
      await this.outbox.enqueue(em, { userId, templateKey: 'case_progress', data, page: `pkg-mine/followed/index?caseId=${c.id}` });
    }
    return rows.length + followers.length;
  }

  async actorName(em: EntityManager, userId: number): Promise<string> {
    return (await this.users.displayNames(em, [userId])).get(userId) ?? `#${userId}`;
  }
}
