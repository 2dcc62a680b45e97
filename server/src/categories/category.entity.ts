import type { DepartmentType } from '@sansui/shared';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CreatedAtColumn, FenColumn, UpdatedAtColumn } from '../database/columns';

/** 事件分类: admin-editable; `code` is the stable identifier used everywhere. */
@Entity('categories')
export class Category {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  code: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 200, default: '' })
  hint: string;

  @Column({ type: 'varchar', length: 32 })
  defaultDepartmentType: DepartmentType;

  @Column({ type: 'int' })
  slaHours: number;

  @FenColumn()
  rewardFen: number;

  /** Radius for duplicate detection, metres. */
  @Column({ type: 'int', default: 50 })
  duplicateRadiusM: number;

  /** Window for duplicate detection, hours. */
  @Column({ type: 'int', default: 72 })
  duplicateWindowHours: number;

  /** Merge a duplicate automatically instead of suggesting it. */
  @Column({ type: 'boolean', default: false })
  autoMerge: boolean;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  @Column({ type: 'int', default: 0 })
  sortOrder: number;

  @CreatedAtColumn()
  createdAt: Date;

  @UpdatedAtColumn()
  updatedAt: Date;
}
