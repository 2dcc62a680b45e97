import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { DateTimeColumn, JsonColumn } from '../database/columns';

/**
 * Append-only log of privileged actions. Each row's hash covers its content and the previous row's
 * hash, so editing or deleting a row breaks the chain at that point (docs/domain.md §9).
 */
@Entity('audit_log')
export class AuditLog {
  @PrimaryGeneratedColumn()
  id: number;

  @DateTimeColumn()
  at: Date;

  @Index()
  @Column({ type: 'int', nullable: true })
  actorUserId: number | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  actorName: string | null;

  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Index()
  @Column({ type: 'varchar', length: 32, nullable: true })
  targetType: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  targetId: string | null;

  @JsonColumn()
  data: Record<string, unknown> | null;

  @Column({ type: 'varchar', length: 64 })
  prevHash: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64 })
  hash: string;
}
