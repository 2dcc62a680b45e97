import type { DigitalMix, EvaluationWeights } from '@sansui/shared';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { JsonColumn, UpdatedAtColumn } from '../database/columns';

/** The admins' weights (one row, id 1); absent means the §16 defaults. */
@Entity('evaluation_settings')
export class EvaluationSettings {
  @PrimaryColumn({ type: 'int' })
  id: number;

  @JsonColumn({ nullable: false })
  weights: EvaluationWeights;

  @JsonColumn({ nullable: false })
  digitalMix: DigitalMix;

  /** Share of the leader score (领导评价) in a quarter; 0 = not used. */
  @Column({ type: 'double', default: 0 })
  leaderWeight: number;

  @Column({ type: 'int', nullable: true })
  updatedByUserId: number | null;

  @UpdatedAtColumn()
  updatedAt: Date;
}
