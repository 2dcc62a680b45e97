import type { ContentCheckState, CoordSystem, ReportKind, ReportSource } from '@sansui/shared';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, TextColumn } from '../database/columns';

/** What one person submitted. Several reports can stand behind one case (merged duplicates). */
@Entity('reports')
@Index(['userId', 'clientRequestId'], { unique: true })
@Index(['userId', 'createdAt'])
export class Report {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  userId: number;

  @Column({ type: 'varchar', length: 64 })
  clientRequestId: string;

  @Column({ type: 'varchar', length: 16 })
  kind: ReportKind;

  @Column({ type: 'varchar', length: 16 })
  source: ReportSource;

  @Column({ type: 'varchar', length: 64 })
  categoryCode: string;

  @TextColumn()
  description: string | null;

  @Column({ type: 'double' }) lat: number;
  @Column({ type: 'double' }) lng: number;

  @Column({ type: 'varchar', length: 8, default: 'gcj02' })
  coordSystem: CoordSystem;

  /** Readable address from reverse geocoding (docs/domain.md §15); null until the geocoder answered (a job fills it in). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  address: string | null;
  @Column({ type: 'varchar', length: 100, nullable: true })
  landmark: string | null;

  /** Where the phone was when submitting, if the client sent it (fraud signal input). */
  @Column({ type: 'double', nullable: true }) deviceLat: number | null;
  @Column({ type: 'double', nullable: true }) deviceLng: number | null;
  @Column({ type: 'int', nullable: true }) locationAccuracyM: number | null;

  @Index()
  @Column({ type: 'int' })
  caseId: number;

  @Column({ type: 'int', nullable: true })
  gridId: number | null;

  /** Combined verdict of the text and image content checks. */
  @Column({ type: 'varchar', length: 16, default: 'pending' })
  contentCheck: ContentCheckState;

  /** For hotline / Open311 intake: the caller's contact as given, and the external id. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  contactName: string | null;
  @Column({ type: 'varchar', length: 20, nullable: true })
  contactPhone: string | null;
  @Index()
  @Column({ type: 'varchar', length: 64, nullable: true })
  externalId: string | null;

  @CreatedAtColumn()
  createdAt: Date;
}
