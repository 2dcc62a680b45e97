import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth/auth-user';
import { Transactions } from '../database/transactions';
import type { FraudSettingsDto } from './dto/fraud-settings.dto';
import { FraudSettingsRow } from './fraud-settings.entity';
import { DEFAULT_FRAUD_SETTINGS, type FraudSettings } from './rules/fraud-signals';

/** The admin-editable fraud thresholds (one row; the defaults until an admin saves). Changes are audited. */
@Injectable()
export class FraudSettingsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: Transactions,
    private readonly audit: AuditService,
  ) {}

  async get(em: EntityManager = this.db.manager): Promise<FraudSettings> {
    const row = await em.getRepository(FraudSettingsRow).findOneBy({ id: 1 });
    return { ...DEFAULT_FRAUD_SETTINGS, ...(row?.settings ?? {}) };
  }

  update(actor: AuthUser, dto: FraudSettingsDto): Promise<FraudSettings> {
    return this.tx.run(async (em) => {
      const before = await this.get(em);
      const settings: FraudSettings = { ...before, ...Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)) };
      await em.getRepository(FraudSettingsRow).save({ id: 1, settings, updatedBy: actor.id });
      await this.audit.record(em, {
        actorUserId: actor.id,
        action: 'fraud_settings.update',
        targetType: 'fraud_settings',
        targetId: 1,
        data: { before, after: settings },
      });
      return settings;
    });
  }
}
