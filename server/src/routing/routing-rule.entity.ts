import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, UpdatedAtColumn } from '../database/columns';

/**
 * 派遣规则: (category, area) → department, overriding zones and the area walk (docs/domain.md §6 step 5).
 * A rule applies to points in its area or any area below it; the most specific area wins.
 */
@Entity('routing_rules')
@Index(['areaId', 'categoryCode'])
export class RoutingRule {
  @PrimaryGeneratedColumn()
  id: number;

  /** null = any category. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  categoryCode: string | null;

  /** null = the whole city. */
  @Column({ type: 'int', nullable: true })
  areaId: number | null;

  @Index()
  @Column({ type: 'int' })
  departmentId: number;

  /** Higher first among rules on the same area. */
  @Column({ type: 'int', default: 0 })
  priority: number;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ type: 'varchar', length: 200, nullable: true })
  note: string | null;

  @CreatedAtColumn()
  createdAt: Date;

  @UpdatedAtColumn()
  updatedAt: Date;
}
