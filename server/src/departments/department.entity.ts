import type { DepartmentType } from '@sansui/shared';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, UpdatedAtColumn } from '../database/columns';

/** A department that fixes problems (环卫所, 城管中队, a street office …) or a unit owning a responsibility zone. */
@Entity('departments')
@Index(['type', 'areaId'])
export class Department {
  @PrimaryGeneratedColumn()
  id: number;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64 })
  code: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 32 })
  type: DepartmentType;

  /** The area this department serves (a district, street, community or grid); null = the whole city. */
  @Column({ type: 'int', nullable: true })
  areaId: number | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  contactPhone: string | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreatedAtColumn()
  createdAt: Date;

  @UpdatedAtColumn()
  updatedAt: Date;
}
