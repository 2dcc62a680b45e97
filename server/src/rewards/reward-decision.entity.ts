import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, FenColumn, JsonColumn } from '../database/columns';

/** Why a report did or did not earn a reward at its trigger (docs/domain.md §8: "the reason is recorded"). */
@Entity('reward_decisions')
@Index(['reportId'])
export class RewardDecision {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' }) reportId: number;
  @Column({ type: 'int' }) caseId: number;
  @Column({ type: 'int' }) userId: number;
  @Column({ type: 'int', nullable: true }) campaignId: number | null;

  @Column({ type: 'boolean' })
  granted: boolean;

  /** Stable reason code, e.g. NOT_FIRST_REPORT, STAFF, OWN_DEPARTMENT, DAILY_COUNT_CAP, BUDGET_EXHAUSTED. */
  @Column({ type: 'varchar', length: 32 })
  reason: string;

  @FenColumn()
  amountFen: number;

  @JsonColumn()
  detail: Record<string, unknown> | null;

  @CreatedAtColumn()
  createdAt: Date;
}
