import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DEFAULT_DIGITAL_MIX, DEFAULT_EVALUATION_WEIGHTS, type EvaluationSettingsDto } from '@sansui/shared';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth/auth-user';
import { AppException } from '../common/errors/app-exception';
import { Transactions } from '../database/transactions';
import { EvaluationSettings } from './evaluation-settings.entity';

function sumsToOne(values: number[]): boolean {
  return values.every((v) => Number.isFinite(v) && v >= 0 && v <= 1) && Math.abs(values.reduce((s, v) => s + v, 0) - 1) < 1e-6;
}

/** Weights of the month's total, the digital mix and the leader score's share in a quarter (admins edit them). */
@Injectable()
export class EvaluationSettingsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: Transactions,
    private readonly audit: AuditService,
  ) {}

  async get(): Promise<EvaluationSettingsDto> {
    const row = await this.db.getRepository(EvaluationSettings).findOne({ where: { id: 1 } });
    return row
      ? { weights: row.weights, digitalMix: row.digitalMix, leaderWeight: row.leaderWeight }
      : { weights: { ...DEFAULT_EVALUATION_WEIGHTS }, digitalMix: { ...DEFAULT_DIGITAL_MIX }, leaderWeight: 0 };
  }

  async save(user: AuthUser, input: EvaluationSettingsDto): Promise<EvaluationSettingsDto> {
    const { weights, digitalMix, leaderWeight } = input;
    if (
      !sumsToOne([weights.covert, weights.open, weights.digital]) ||
      !sumsToOne([digitalMix.onTime, digitalMix.verified, digitalMix.satisfaction]) ||
      !(leaderWeight >= 0 && leaderWeight <= 1)
    )
      throw new AppException('EVALUATION_WEIGHTS_INVALID');
    const value: EvaluationSettingsDto = {
      weights: { covert: weights.covert, open: weights.open, digital: weights.digital },
      digitalMix: { onTime: digitalMix.onTime, verified: digitalMix.verified, satisfaction: digitalMix.satisfaction },
      leaderWeight,
    };
    await this.tx.run(async (em) => {
      await em.getRepository(EvaluationSettings).save({ id: 1, ...value, updatedByUserId: user.id });
      await this.audit.record(em, {
        actorUserId: user.id,
        action: 'evaluation_settings.save',
        targetType: 'evaluation_settings',
        targetId: 1,
        data: { ...value },
      });
    });
    return value;
  }
}
