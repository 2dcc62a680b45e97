import type { EvaluationsDto } from '@sansui/shared';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn, JsonColumn } from '../database/columns';

/** `scope` of the row holding the month's ranking of areas; other rows hold one area's community ranking. */
export const AREAS_SCOPE = 0;

/**
 * A month's published results (docs/domain.md §16), stored as they were published: one row for the ranking of
 * areas (scope 0) and one per area for its communities (scope = the area id). Once the rows exist the month's
 * figures are read from here, so later weight changes, late case closures or new rounds cannot move them.
 * The primary key (month, scope 0) is also the claim that publishes a month once.
 */
@Entity('evaluation_month_results')
export class EvaluationMonthResult {
  /** YYYY-MM */
  @PrimaryColumn({ type: 'varchar', length: 7 })
  month: string;

  @PrimaryColumn({ type: 'int' })
  scope: number;

  @JsonColumn({ nullable: false })
  result: Omit<EvaluationsDto, 'published'>;

  @DateTimeColumn()
  publishedAt: Date;

  @Column({ type: 'int' })
  publishedByUserId: number;
}
