import type { EvidenceCheckDto } from '@sansui/shared';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, JsonColumn } from '../../database/columns';

/**
 * The outcome of the evidence checks (docs/domain.md §14) for one resolve, pickup report or on-site
 * verification. The resolve/pickup row with `current` true is the case's evidence (the latest); verification
 * rows are never `current`. KPIs count a closure as verified when its current evidence is, or when an on-site
 * verification after it is.
 */
@Entity('case_evidence')
@Index(['caseId', 'current'])
export class CaseEvidence {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  caseId: number;

  @Column({ type: 'varchar', length: 16 })
  purpose: 'resolve' | 'pickup' | 'verify';

  /** The pickup report, or null for a resolve or a verification. */
  @Column({ type: 'int', nullable: true })
  reportId: number | null;

  @Column({ type: 'boolean' })
  verified: boolean;

  @Column({ type: 'boolean', default: true })
  current: boolean;

  @JsonColumn({ nullable: false })
  checks: EvidenceCheckDto[];

  @JsonColumn({ nullable: false })
  photoIds: number[];

  @Column({ type: 'int', nullable: true })
  actorUserId: number | null;

  @CreatedAtColumn()
  createdAt: Date;
}
