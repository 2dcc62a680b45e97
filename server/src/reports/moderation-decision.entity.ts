import type { ModerationVerdict } from '@sansui/shared';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, JsonColumn, TextColumn } from '../database/columns';

/** A moderator's verdict on a report the content check flagged (docs/domain.md §17); the queue's history. */
@Entity('moderation_decisions')
export class ModerationDecision {
  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column({ type: 'int' })
  reportId: number;

  @Column({ type: 'int' })
  caseId: number;

  @Column({ type: 'varchar', length: 16 })
  verdict: ModerationVerdict;

  /** The report's photos the moderator kept hidden (all of them on reject). */
  @JsonColumn({ nullable: false })
  hiddenPhotoIds: number[];

  @TextColumn()
  note: string | null;

  @Column({ type: 'int' })
  moderatorUserId: number;

  @Index()
  @CreatedAtColumn()
  createdAt: Date;
}
