import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, DateTimeColumn, FenColumn, JsonColumn, UpdatedAtColumn } from '../database/columns';

/** A reward campaign (docs/domain.md §8): date range, budget, caps, per-category amounts, trigger. */
@Entity('campaigns')
export class Campaign {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @DateTimeColumn()
  startsAt: Date;

  @DateTimeColumn()
  endsAt: Date;

  @FenColumn()
  budgetFen: number;

  /** Budget reserved by granted (not cancelled) rewards; kept in step with the ledger. */
  @FenColumn()
  reservedFen: number;

  /** Per-person caps; null = no cap. */
  @Column({ type: 'int', nullable: true }) dailyCountCap: number | null;
  @FenColumn({ nullable: true, default: null }) dailyAmountCapFen: number | null;
  @Column({ type: 'int', nullable: true }) monthlyCountCap: number | null;
  @FenColumn({ nullable: true, default: null }) monthlyAmountCapFen: number | null;

  /** categoryCode → fen, overriding the category's own reward amount. */
  @JsonColumn()
  categoryAmounts: Record<string, number> | null;

  /** When a snap report earns: on acceptance (立案) or only after the case is closed. */
  @Column({ type: 'varchar', length: 16, default: 'accepted' })
  snapTrigger: 'accepted' | 'closed';

  /** Amount a merged duplicate's reporter earns (0 = nothing). */
  @FenColumn()
  mergedDuplicateFen: number;

  /** Batches above this total need two distinct approvers. */
  @FenColumn({ default: 100_000 })
  approvalThresholdFen: number;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreatedAtColumn()
  createdAt: Date;

  @UpdatedAtColumn()
  updatedAt: Date;
}
