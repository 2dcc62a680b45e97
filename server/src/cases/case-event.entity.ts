import type { CaseActor, CaseStatus } from '@sansui/shared';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, JsonColumn, TextColumn } from '../database/columns';

/** One entry of a case's timeline: who, in which role, when, from → to, note, photos. */
@Entity('case_events')
@Index(['caseId', 'id'])
/** KPI counts of one action in a period (reopens, escalations); caseId makes joins to the case read no event row. */
@Index('IDX_kpi_case_events_action', ['action', 'createdAt', 'caseId'])
export class CaseEvent {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  caseId: number;

  /** A §5 action, or submit / extension_request / extension_decide / feedback / escalate / content_flag / note. */
  @Column({ type: 'varchar', length: 32 })
  action: string;

  @Column({ type: 'varchar', length: 16, nullable: true })
  fromStatus: CaseStatus | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  toStatus: CaseStatus | null;

  @Column({ type: 'int', nullable: true })
  actorUserId: number | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  actorRole: CaseActor | null;

  @TextColumn()
  note: string | null;

  @JsonColumn()
  photoIds: number[] | null;

  /** Action-specific details (reject reason, department, extension hours …). */
  @JsonColumn()
  data: Record<string, unknown> | null;

  @CreatedAtColumn()
  createdAt: Date;
}
