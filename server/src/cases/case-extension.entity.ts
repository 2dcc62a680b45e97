import type { CaseExtensionStatus } from '@sansui/shared';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, DateTimeColumn, TextColumn } from '../database/columns';

/** 延期申请: a department asks for more time; a dispatcher approves (the deadline moves) or refuses. */
@Entity('case_extensions')
@Index(['caseId', 'status'])
@Index(['status', 'createdAt'])
export class CaseExtension {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  caseId: number;

  @Column({ type: 'int' })
  hours: number;

  @Column({ type: 'varchar', length: 500 })
  reason: string;

  @Column({ type: 'varchar', length: 16 })
  status: CaseExtensionStatus;

  @Column({ type: 'int' })
  requestedBy: number;

  @Column({ type: 'int', nullable: true })
  decidedBy: number | null;

  @TextColumn()
  decisionNote: string | null;

  @DateTimeColumn({ nullable: true })
  decidedAt: Date | null;

  @DateTimeColumn({ nullable: true })
  deadlineBefore: Date | null;

  @DateTimeColumn({ nullable: true })
  deadlineAfter: Date | null;

  @CreatedAtColumn()
  createdAt: Date;
}
