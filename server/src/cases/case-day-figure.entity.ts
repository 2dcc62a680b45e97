import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The daily roll-up of the case figures the KPI pages read (docs/performance.md, issue 12): how many cases
 * contribute to `figure` on one UTC+8 `day` for one department, grid, category and bucket. Each case adds one to a
 * row per figure it meets (day-figures.ts says which); CaseLifecycle moves that contribution in the transaction that
 * changes the case, by increments, and `node dist/cases/rebuild-figures.js` recounts the table from the cases.
 * Missing department / grid / category are stored as 0 / '' so that every column is in the primary key. Readers sum
 * over `slot`.
 */
@Entity('case_day_figures')
export class CaseDayFigure {
  /** reported, closed, went_overdue, open_due, handled (day-figures.ts). */
  @PrimaryColumn({ type: 'varchar', length: 16 })
  figure: string;

  /** The UTC+8 day, YYYY-MM-DD. */
  @PrimaryColumn({ type: 'varchar', length: 10 })
  day: string;

  @PrimaryColumn({ type: 'int' })
  departmentId: number;

  @PrimaryColumn({ type: 'int' })
  gridId: number;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  categoryCode: string;

  /** Per figure: reported 1 = rejected; closed 1 = on time; handled = whole minutes from dispatch to resolve. */
  @PrimaryColumn({ type: 'int' })
  bucket: number;

  /** Reported figure: the case id mod REPORTED_SLOTS (day-figures.repository.ts), so concurrent intake holds different rows; else 0. */
  @PrimaryColumn({ type: 'int' })
  slot: number;

  @Column({ type: 'int', default: 0 })
  n: number;
}
