import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, DateTimeColumn, JsonColumn, TextColumn } from '../database/columns';

export type ReopenRequestStatus = 'pending' | 'accepted' | 'declined';

/**
 * A reporter's verdict on a closed case ("解决了吗?"), once per report. "没有解决" within 7 days of
 * closing is also a reopen request that a dispatcher accepts (→ reopen action) or declines.
 * Satisfaction KPIs read `satisfied` from here.
 */
@Entity('report_feedback')
@Index(['reopenStatus', 'createdAt'])
/** Satisfaction KPIs over a period. */
@Index(['createdAt'])
export class ReportFeedback {
  @PrimaryGeneratedColumn()
  id: number;

  @Index({ unique: true })
  @Column({ type: 'int' })
  reportId: number;

  /** The case the verdict is about (the master case when the report was merged). */
  @Index()
  @Column({ type: 'int' })
  caseId: number;

  @Column({ type: 'int' })
  userId: number;

  @Column({ type: 'boolean' })
  satisfied: boolean;

  @TextColumn()
  comment: string | null;

  /**
   * The content check of the comment (docs/domain.md §6 step 3): 'pass', 'review' (also when the checker
   * could not be asked: the report then waits in the moderation queue) or 'skipped' without a comment.
   * A risky comment is refused and never stored. Null on rows written before the check existed.
   */
  @Column({ type: 'varchar', length: 16, nullable: true })
  commentCheck: string | null;

  @JsonColumn()
  photoIds: number[] | null;

  /** Null when satisfied; otherwise the dispatcher's decision on reopening. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  reopenStatus: ReopenRequestStatus | null;

  @Column({ type: 'int', nullable: true })
  decidedByUserId: number | null;

  @DateTimeColumn({ nullable: true })
  decidedAt: Date | null;

  @CreatedAtColumn()
  createdAt: Date;
}
