import type { RewardStatus } from '@sansui/shared';
import { Column, Entity, Index, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { CreatedAtColumn, DateTimeColumn, FenColumn, JsonColumn, TextColumn, UpdatedAtColumn } from '../database/columns';

export interface HoldReason {
  signal: string;
  evidence: Record<string, unknown>;
}

/** One red packet for one report (reportId unique: never two rewards for one report). */
@Entity('rewards')
@Index(['status', 'updatedAt'])
@Index(['userId', 'createdAt'])
@Index(['campaignId', 'status'])
export class Reward {
  @PrimaryGeneratedColumn()
  id: number;

  @Index({ unique: true })
  @Column({ type: 'int' })
  reportId: number;

  @Index()
  @Column({ type: 'int' })
  caseId: number;

  @Column({ type: 'int' })
  userId: number;

  @Column({ type: 'int' })
  campaignId: number;

  @Column({ type: 'varchar', length: 64 })
  categoryCode: string;

  @FenColumn()
  amountFen: number;

  @Column({ type: 'varchar', length: 16 })
  status: RewardStatus;

  /** 'primary' = first valid report of the case; 'duplicate' = merged duplicate (smaller amount). */
  @Column({ type: 'varchar', length: 16, default: 'primary' })
  basis: 'primary' | 'duplicate';

  @JsonColumn()
  holdReasons: HoldReason[] | null;

  @TextColumn()
  reviewNote: string | null;

  @Index()
  @Column({ type: 'int', nullable: true })
  batchId: number | null;

  /** Transfer attempt (1-based once a bill was opened); out_bill_no derives from id + attempt. */
  @Column({ type: 'int', default: 0 })
  attempt: number;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 32, nullable: true })
  outBillNo: string | null;

  /** Last known state of the current bill at WeChat Pay (null = not yet created / unknown). */
  @Column({ type: 'varchar', length: 24, nullable: true })
  billState: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  transferBillNo: string | null;

  @TextColumn()
  packageInfo: string | null;

  /** The exact create parameters of the current attempt: retries must resend them unchanged. */
  @JsonColumn()
  billParams: Record<string, unknown> | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  failReason: string | null;

  @DateTimeColumn({ nullable: true })
  billCreatedAt: Date | null;

  @DateTimeColumn({ nullable: true })
  paidAt: Date | null;

  @VersionColumn()
  version: number;

  @CreatedAtColumn()
  createdAt: Date;

  @UpdatedAtColumn()
  updatedAt: Date;
}
