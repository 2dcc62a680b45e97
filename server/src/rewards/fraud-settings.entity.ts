import { Column, Entity, PrimaryColumn } from 'typeorm';
import { JsonColumn, UpdatedAtColumn } from '../database/columns';
import type { FraudSettings } from './rules/fraud-signals';

/** The fraud-signal thresholds admins edit: one row (id 1); absent = the defaults. */
@Entity('fraud_settings')
export class FraudSettingsRow {
  @PrimaryColumn({ type: 'int' })
  id: number;

  @JsonColumn({ nullable: false })
  settings: FraudSettings;

  @Column({ type: 'int', nullable: true })
  updatedBy: number | null;

  @UpdatedAtColumn()
  updatedAt: Date;
}
