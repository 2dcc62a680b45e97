import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AuditLogEntryDto, Page } from '@sansui/shared';
import { DataSource } from 'typeorm';
import { AuditActorNames } from './audit-actor-names';
import { AuditLog } from './audit-log.entity';

export function toAuditLogEntryDto(e: AuditLog): AuditLogEntryDto {
  return {
    id: e.id,
    at: e.at.toISOString(),
    actorUserId: e.actorUserId,
    actorName: e.actorName,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId,
    data: e.data,
    prevHash: e.prevHash,
    hash: e.hash,
  };
}

@Injectable()
export class AuditQueryService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly actorNames: AuditActorNames,
  ) {}

  async list(q: { page?: number; pageSize?: number; action?: string; actorUserId?: number }): Promise<Page<AuditLogEntryDto>> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 50;
    const where = { ...(q.action ? { action: q.action } : {}), ...(q.actorUserId ? { actorUserId: q.actorUserId } : {}) };
    const [items, total] = await this.db
      .getRepository(AuditLog)
      .findAndCount({ where, order: { id: 'DESC' }, skip: (page - 1) * pageSize, take: pageSize });
    return { items: (await this.withActorNames(items)).map(toAuditLogEntryDto), total, page, pageSize };
  }

  /**
   * Entries recorded without a name show the account's current name. Only the response changes: the
   * stored entry is part of the hash chain and stays as written.
   */
  private async withActorNames(items: AuditLog[]): Promise<AuditLog[]> {
    const ids = [...new Set(items.filter((e) => !e.actorName && e.actorUserId).map((e) => e.actorUserId!))];
    if (!ids.length) return items;
    const names = await this.actorNames.of(this.db.manager, ids);
    return items.map((e) =>
      e.actorName || !e.actorUserId ? e : Object.assign(new AuditLog(), e, { actorName: names.get(e.actorUserId) ?? null }),
    );
  }
}
