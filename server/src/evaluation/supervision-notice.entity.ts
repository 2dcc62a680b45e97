import type { SupervisionEscalationStep } from '@sansui/shared';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, DateTimeColumn, JsonColumn, TextColumn } from '../database/columns';

/**
 * 督办通知: a department is told to rectify the cases a published round opened in its remit, and to reply by a
 * deadline. One per round and department (the unique key makes issuing idempotent, even when sent twice at once).
 */
@Entity('supervision_notices')
@Index(['roundId', 'departmentId'], { unique: true })
@Index(['repliedAt', 'deadline'])
export class SupervisionNotice {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  roundId: number;

  @Index()
  @Column({ type: 'int' })
  departmentId: number;

  @Column({ type: 'varchar', length: 100 })
  title: string;

  @TextColumn()
  requirement: string | null;

  /** The rectification reply is due by this instant (end of the chosen day, China time). */
  @DateTimeColumn()
  deadline: Date;

  @JsonColumn({ nullable: false })
  caseIds: number[];

  /** The first 整改回复; null while the department has not answered. */
  @DateTimeColumn({ nullable: true })
  repliedAt: Date | null;

  @Column({ type: 'int' })
  createdByUserId: number;

  @CreatedAtColumn()
  createdAt: Date;
}

/** 整改回复: what the department did, with photos; a department may reply several times until its cases close. */
@Entity('supervision_replies')
export class SupervisionReply {
  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column({ type: 'int' })
  noticeId: number;

  @Column({ type: 'int' })
  userId: number;

  @TextColumn({ nullable: false })
  text: string;

  @JsonColumn({ nullable: false })
  photoIds: number[];

  @CreatedAtColumn()
  createdAt: Date;
}

/** One escalation step of a notice; the unique key is the claim, so several instances running the job send it once. */
@Entity('supervision_escalations')
@Index(['noticeId', 'step'], { unique: true })
export class SupervisionEscalation {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  noticeId: number;

  @Column({ type: 'varchar', length: 16 })
  step: SupervisionEscalationStep;

  @CreatedAtColumn()
  createdAt: Date;
}
