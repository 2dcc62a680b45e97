import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, DateTimeColumn, TextColumn } from '../database/columns';

/** A notice for staff in the admin panel: to one person (userId) or to everyone of a department (departmentId). */
@Entity('staff_notices')
@Index(['userId', 'createdAt'])
@Index(['departmentId', 'createdAt'])
export class StaffNotice {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int', nullable: true })
  userId: number | null;

  @Column({ type: 'int', nullable: true })
  departmentId: number | null;

  /** e.g. escalation_reminder, overdue, circular, dispatch, extension_request. */
  @Column({ type: 'varchar', length: 32 })
  kind: string;

  @Column({ type: 'varchar', length: 100 })
  title: string;

  @TextColumn({ nullable: false })
  body: string;

  @Index()
  @Column({ type: 'int', nullable: true })
  caseId: number | null;

  /** For department notices: read by whoever opened it first in that department. */
  @DateTimeColumn({ nullable: true })
  readAt: Date | null;

  @Column({ type: 'int', nullable: true })
  readByUserId: number | null;

  @CreatedAtColumn()
  createdAt: Date;
}
