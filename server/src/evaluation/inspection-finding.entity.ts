import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, JsonColumn, TextColumn } from '../database/columns';

/** 检查发现: one problem an inspector saw on site, what it cost the area, and (after publication) the case it opened. */
@Entity('inspection_findings')
@Index(['roundId', 'areaId', 'itemCode'])
export class InspectionFinding {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  roundId: number;

  /** The inspected area (one of the round's) the location lies in. */
  @Column({ type: 'int' })
  areaId: number;

  @Index()
  @Column({ type: 'int', nullable: true })
  gridId: number | null;

  @Column({ type: 'varchar', length: 32 })
  itemCode: string;

  @Column({ type: 'varchar', length: 64 })
  categoryCode: string;

  @Column({ type: 'double' }) lat: number;
  @Column({ type: 'double' }) lng: number;

  @Column({ type: 'int' })
  count: number;

  /** count × the item's deduction, capped by what is left of the item's maximum for this area and round. */
  @Column({ type: 'int' })
  deduction: number;

  @TextColumn()
  note: string | null;

  @JsonColumn({ nullable: false })
  photoIds: number[];

  @Column({ type: 'int' })
  inspectorUserId: number;

  /** The §14 evidence checks on the photos when the finding was recorded. */
  @JsonColumn()
  evidence: { verified: boolean; checks: { code: string; ok: boolean; outcome: string; detail: string }[] } | null;

  /** The case opened at publication. */
  @Index()
  @Column({ type: 'int', nullable: true })
  caseId: number | null;

  @CreatedAtColumn()
  createdAt: Date;
}

/** A photo belongs to at most one finding (the unique photoId), until publication attaches it to the finding's case. */
@Entity('inspection_finding_photos')
export class InspectionFindingPhoto {
  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column({ type: 'int' })
  findingId: number;

  @Index({ unique: true })
  @Column({ type: 'int' })
  photoId: number;
}
