import type { CaptureSource, ContentCheckState, PhotoRole } from '@sansui/shared';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, DateTimeColumn } from '../database/columns';

/** TypeORM's names for the indexes on `photos.caseId` and `photos.reportId` (photo-sql.ts names them on MariaDB). */
export const PHOTOS_BY_CASE_INDEX = 'IDX_9595eafb09bfd661c6642ae2d5';
export const PHOTOS_BY_REPORT_INDEX = 'IDX_68c67dcb3f84eba322f59f5e76';

/** An uploaded photo, re-encoded and stripped of EXIF, with its hashes for duplicate and fraud checks. */
@Entity('photos')
export class Photo {
  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column({ type: 'int' })
  ownerUserId: number;

  @Column({ type: 'varchar', length: 200 })
  storageKey: string;

  @Column({ type: 'varchar', length: 200 })
  thumbKey: string;

  @Column({ type: 'varchar', length: 32 })
  mime: string;

  @Column({ type: 'int' }) width: number;
  @Column({ type: 'int' }) height: number;
  @Column({ type: 'int' }) bytes: number;

  /** SHA-256 of the stored (re-encoded) image. */
  @Index()
  @Column({ type: 'varchar', length: 64 })
  sha256: string;

  /** 64-bit perceptual hash (dHash) as 16 hex characters; compared by Hamming distance. */
  @Index()
  @Column({ type: 'varchar', length: 16 })
  phash: string;

  /** The first 16 bits of the phash, for indexed candidate lookup (pigeonhole on 4 blocks). */
  @Index() @Column({ type: 'int' }) phashBlock0: number;
  @Index() @Column({ type: 'int' }) phashBlock1: number;
  @Index() @Column({ type: 'int' }) phashBlock2: number;
  @Index() @Column({ type: 'int' }) phashBlock3: number;

  /**
   * From the original's EXIF (read before it is stripped), kept as separate fields when the uploader is
   * staff, declared capture facts, or (a resident) consented with keepLocation.
   */
  @DateTimeColumn({ nullable: true })
  takenAt: Date | null;
  @Column({ type: 'double', nullable: true }) gpsLat: number | null;
  @Column({ type: 'double', nullable: true }) gpsLng: number | null;

  /** Capture facts the uploading device declared (docs/domain.md §14): GCJ-02 position, accuracy, time, camera or album. */
  @DateTimeColumn({ nullable: true })
  captureAt: Date | null;
  @Column({ type: 'double', nullable: true }) captureLat: number | null;
  @Column({ type: 'double', nullable: true }) captureLng: number | null;
  @Column({ type: 'double', nullable: true }) captureAccuracyM: number | null;
  @Column({ type: 'varchar', length: 8, nullable: true }) captureSource: CaptureSource | null;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  contentCheck: ContentCheckState;

  /** trace_id of the asynchronous WeChat media check. */
  @Index()
  @Column({ type: 'varchar', length: 64, nullable: true })
  contentTraceId: string | null;

  /** When the image check was last asked again by the sweeper (null: asked once, right after the report). */
  @DateTimeColumn({ nullable: true })
  contentCheckAskedAt: Date | null;

  /** Set once the photo is attached to a report or a case action; a photo is used once. */
  @Index() // PHOTOS_BY_REPORT_INDEX
  @Column({ type: 'int', nullable: true })
  reportId: number | null;

  @Index() // PHOTOS_BY_CASE_INDEX
  @Column({ type: 'int', nullable: true })
  caseId: number | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  role: PhotoRole | null;

  @CreatedAtColumn()
  createdAt: Date;
}
