import type { LedgerKind } from '@sansui/shared';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, FenColumn, TextColumn } from '../database/columns';

/**
 * Append-only money ledger (台账, docs/domain.md §8). Never updated or deleted. `dedupeKey` (unique) makes
 * one-time movements (reserved/granted/paid per reward, failed per bill) impossible to write twice,
 * whatever retries, crashes or duplicate callbacks happen.
 */
@Entity('ledger_entries')
@Index(['campaignId', 'createdAt'])
@Index(['kind', 'createdAt'])
export class LedgerEntry {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 16 })
  kind: LedgerKind;

  @Index()
  @Column({ type: 'int', nullable: true })
  rewardId: number | null;

  @Column({ type: 'int' })
  campaignId: number;

  @FenColumn()
  amountFen: number;

  /** Campaign budget not reserved yet, after this entry. */
  @FenColumn()
  budgetRemainingFen: number;

  @Column({ type: 'varchar', length: 32, nullable: true })
  outBillNo: string | null;

  @Column({ type: 'int', nullable: true })
  actorUserId: number | null;

  @TextColumn()
  note: string | null;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  dedupeKey: string | null;

  @CreatedAtColumn()
  createdAt: Date;
}
