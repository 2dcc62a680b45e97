import type { CaseEscalationStep } from '@sansui/shared';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, DateTimeColumn } from '../database/columns';

/**
 * One step of the escalation ladder (督办) recorded for a case and a deadline. The UNIQUE key is the
 * claim: whichever job instance inserts the row first sends the step; a moved deadline (approved
 * extension, reopen) is a new key, so the ladder re-arms.
 */
@Entity('case_escalations')
@Index(['caseId', 'step', 'deadlineAt'], { unique: true })
@Index(['step', 'createdAt'])
export class CaseEscalation {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  caseId: number;

  @Column({ type: 'varchar', length: 16 })
  step: CaseEscalationStep;

  @DateTimeColumn()
  deadlineAt: Date;

  @CreatedAtColumn()
  createdAt: Date;
}
