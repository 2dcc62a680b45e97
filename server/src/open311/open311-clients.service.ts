import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth/auth-user';
import { AppException } from '../common/errors/app-exception';
import { Transactions } from '../database/transactions';
import { Open311Client } from './open311-client.entity';
import { Open311Service } from './open311.service';

export interface Open311ClientDto {
  id: number;
  name: string;
  active: boolean;
  createdAt: string;
}

const toDto = (c: Open311Client): Open311ClientDto => ({ id: c.id, name: c.name, active: c.active, createdAt: c.createdAt.toISOString() });

@Injectable()
export class Open311ClientsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: Transactions,
    private readonly open311: Open311Service,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<Open311ClientDto[]> {
    return (await this.db.getRepository(Open311Client).find({ order: { id: 'ASC' } })).map(toDto);
  }

  /** The key is shown once: only its hash is stored, like a password. */
  create(actor: AuthUser, name: string): Promise<Open311ClientDto & { apiKey: string }> {
    const apiKey = `o311_${randomBytes(24).toString('base64url')}`;
    return this.tx.run(async (em) => {
      const client = await this.open311.createClient(em, name.trim(), apiKey);
      await this.audit.record(em, {
        actorUserId: actor.id,
        action: 'open311.client.create',
        targetType: 'open311_client',
        targetId: client.id,
        data: { name: client.name },
      });
      return { ...toDto(client), apiKey };
    });
  }

  setActive(actor: AuthUser, id: number, active: boolean): Promise<Open311ClientDto> {
    return this.tx.run(async (em) => {
      const repo = em.getRepository(Open311Client);
      const client = await repo.findOne({ where: { id }, ...this.tx.forUpdate() });
      if (!client) throw new AppException('OPEN311_CLIENT_NOT_FOUND');
      client.active = active;
      await repo.save(client);
      await this.audit.record(em, {
        actorUserId: actor.id,
        action: active ? 'open311.client.enable' : 'open311.client.disable',
        targetType: 'open311_client',
        targetId: id,
        data: null,
      });
      return toDto(client);
    });
  }
}
