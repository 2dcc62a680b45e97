import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CreatedAtColumn, DateTimeColumn, JsonColumn } from '../../database/columns';

/**
 * Every `wxa_media_check` verdict WeChat pushed, by trace_id. Makes repeated pushes idempotent and
 * keeps a verdict that arrives before the photo's trace_id was saved, to be applied then.
 */
@Entity('media_check_verdicts')
export class MediaCheckVerdict {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  traceId: string;

  @Column({ type: 'varchar', length: 16 })
  suggest: 'pass' | 'review' | 'risky';

  @Column({ type: 'int', nullable: true })
  label: number | null;

  @JsonColumn()
  detail: unknown[] | null;

  /** The photo it was applied to; null while no photo carries the trace_id yet. */
  @Column({ type: 'int', nullable: true })
  photoId: number | null;

  @DateTimeColumn({ nullable: true })
  appliedAt: Date | null;

  @CreatedAtColumn()
  createdAt: Date;
}
