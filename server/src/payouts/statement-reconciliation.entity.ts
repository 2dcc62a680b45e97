import type { StatementDifferenceDto } from '@sansui/shared';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn, FenColumn, JsonColumn } from '../database/columns';

/** The kept result of one China day's reconciliation against WeChat Pay's fund-flow bill (latest run). */
@Entity('statement_reconciliations')
export class StatementReconciliation {
  /** yyyy-MM-dd (China day of the bill). */
  @PrimaryColumn({ type: 'varchar', length: 10 })
  billDate: string;

  @Column({ type: 'varchar', length: 16 })
  status: 'ok' | 'differences' | 'unavailable';

  @Column({ type: 'varchar', length: 64, nullable: true })
  sha1: string | null;

  @Column({ type: 'int', default: 0 })
  outflowCount: number;

  @FenColumn()
  outflowFen: number;

  @Column({ type: 'int', default: 0 })
  matchedCount: number;

  @FenColumn()
  matchedFen: number;

  @JsonColumn({ nullable: false })
  differences: StatementDifferenceDto[];

  @Column({ type: 'varchar', length: 300, nullable: true })
  error: string | null;

  @DateTimeColumn()
  checkedAt: Date;
}
