import { Column, Entity, Index, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { CreatedAtColumn, DateTimeColumn, FenColumn, JsonColumn, UpdatedAtColumn } from '../database/columns';

/** 批次: cleared rewards proposed together; approved by auditors other than the proposer. */
@Entity('payout_batches')
export class PayoutBatch {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 16 })
  status: 'proposed' | 'approved';

  @FenColumn()
  totalFen: number;

  @JsonColumn({ nullable: false })
  rewardIds: number[];

  @Column({ type: 'int' })
  proposedBy: number;

  @Column({ type: 'int', default: 1 })
  approvalsRequired: number;

  @DateTimeColumn({ nullable: true })
  approvedAt: Date | null;

  @VersionColumn()
  version: number;

  @CreatedAtColumn()
  createdAt: Date;

  @UpdatedAtColumn()
  updatedAt: Date;
}

/** One approval of a batch; (batchId, userId) unique so a double click cannot count twice. */
@Entity('payout_batch_approvals')
@Index(['batchId', 'userId'], { unique: true })
export class PayoutBatchApproval {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  batchId: number;

  @Column({ type: 'int' })
  userId: number;

  @CreatedAtColumn()
  createdAt: Date;
}
