import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLog } from './audit-log.entity';

@Injectable()
export class AuditQueryService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(q: { page?: number; pageSize?: number; action?: string; actorUserId?: number }) {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 50;
    const where = { ...(q.action ? { action: q.action } : {}), ...(q.actorUserId ? { actorUserId: q.actorUserId } : {}) };
    const [items, total] = await this.db.getRepository(AuditLog).findAndCount({ where, order: { id: 'DESC' }, skip: (page - 1) * pageSize, take: pageSize });
    return { items, total, page, pageSize };
  }
}
