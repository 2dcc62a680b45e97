import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn } from '../database/columns';

/** One saved edition of the 考评细则. Editing never changes a version: it saves the next one, so a round keeps what it ran with. */
@Entity('checklist_versions')
export class ChecklistVersion {
  @PrimaryGeneratedColumn()
  id: number;

  @Index({ unique: true })
  @Column({ type: 'int' })
  version: number;

  @Column({ type: 'varchar', length: 200, nullable: true })
  note: string | null;

  @Column({ type: 'int', nullable: true })
  createdByUserId: number | null;

  @CreatedAtColumn()
  createdAt: Date;
}

/** An item of the checklist: what an inspector can find, what it costs the area, and the case it becomes. */
@Entity('checklist_items')
@Index(['versionId', 'code'], { unique: true })
export class ChecklistItem {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  versionId: number;

  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 64 })
  section: string;

  @Column({ type: 'varchar', length: 300 })
  text: string;

  @Column({ type: 'int' })
  deduction: number;

  @Column({ type: 'int' })
  maxDeduction: number;

  @Column({ type: 'varchar', length: 64 })
  categoryCode: string;
}
