import type { DocumentMonitoringDto } from '@sansui/shared';
import { Entity, PrimaryColumn } from 'typeorm';
import { CreatedAtColumn, JsonColumn } from '../database/columns';

/**
 * The 重点监控点位 section of a published document (docs/domain.md §16), stored in the transaction that publishes
 * the round (督查通报, `round:<id>`) or the month (简报, `month:<YYYY-MM>`). The points are computed on read from
 * cases that can later be merged or rejected, so a published document reads its section from here and keeps
 * saying what it said when it was published.
 */
@Entity('monitoring_snapshots')
export class MonitoringSnapshot {
  @PrimaryColumn({ type: 'varchar', length: 24 })
  document: string;

  @JsonColumn({ nullable: false })
  section: Omit<DocumentMonitoringDto, 'stored'>;

  @CreatedAtColumn()
  createdAt: Date;
}

export const roundDocument = (roundId: number) => `round:${roundId}`;
export const monthDocument = (month: string) => `month:${month}`;
