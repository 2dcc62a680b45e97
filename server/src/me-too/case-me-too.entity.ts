import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn } from '../database/columns';

/** A resident said 我也遇到 (me too) for a case instead of reporting it again: they follow it; no reward (docs/domain.md §15). */
@Entity('case_me_too')
@Index(['caseId', 'userId'], { unique: true })
@Index(['userId', 'createdAt'])
export class CaseMeToo {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  caseId: number;

  @Column({ type: 'int' })
  userId: number;

  @CreatedAtColumn()
  createdAt: Date;
}
