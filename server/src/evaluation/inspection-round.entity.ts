import type { RoundKind, RoundStatus } from '@sansui/shared';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, DateTimeColumn, JsonColumn, UpdatedAtColumn } from '../database/columns';

/** 暗访 or 明查: a month's inspection of some areas against one checklist version (docs/domain.md §16). */
@Entity('inspection_rounds')
@Index(['month', 'status'])
export class InspectionRound {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 8 })
  kind: RoundKind;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** YYYY-MM the round counts for. */
  @Column({ type: 'varchar', length: 7 })
  month: string;

  @Column({ type: 'varchar', length: 16 })
  status: RoundStatus;

  @Column({ type: 'int' })
  checklistVersionId: number;

  @JsonColumn({ nullable: false })
  areaIds: number[];

  @JsonColumn({ nullable: false })
  inspectorUserIds: number[];

  @Column({ type: 'int' })
  createdByUserId: number;

  @DateTimeColumn({ nullable: true })
  publishedAt: Date | null;

  @Column({ type: 'int', nullable: true })
  publishedByUserId: number | null;

  @CreatedAtColumn()
  createdAt: Date;

  @UpdatedAtColumn()
  updatedAt: Date;
}
