import { Column, Entity, PrimaryColumn } from 'typeorm';
import { UpdatedAtColumn } from '../database/columns';

/**
 * 领导评价 (docs/domain.md §16): a leader's score of an area for a quarter on the 1,000-point scale, entered by an
 * admin. It only enters the quarter's total; the months' figures (stored once a month is published) never read it.
 */
@Entity('evaluation_leader_scores')
export class LeaderScore {
  /** YYYY-Qn */
  @PrimaryColumn({ type: 'varchar', length: 7 })
  quarter: string;

  @PrimaryColumn({ type: 'int' })
  areaId: number;

  @Column({ type: 'double' })
  score: number;

  @Column({ type: 'varchar', length: 200, nullable: true })
  note: string | null;

  @Column({ type: 'int' })
  enteredByUserId: number;

  @UpdatedAtColumn()
  updatedAt: Date;
}
