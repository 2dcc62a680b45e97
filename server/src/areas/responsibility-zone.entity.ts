import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, JsonColumn, TextColumn, UpdatedAtColumn } from '../database/columns';

/**
 * 责任区 / 包干路段 / 门前四包: a stretch a unit must keep clean. Stored as a polygon (a line is buffered
 * into one when saved), with a bounding box for indexed lookup.
 */
@Entity('responsibility_zones')
@Index(['minLat', 'maxLat', 'minLng', 'maxLng'])
export class ResponsibilityZone {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** The department (usually of type `unit`) that owns the zone. */
  @Index()
  @Column({ type: 'int' })
  departmentId: number;

  /** GeoJSON Polygon (GCJ-02). */
  @TextColumn({ nullable: false })
  geometry: string;

  /** The line the zone was drawn from, when it is a 包干路段, and its buffer in metres. */
  @TextColumn()
  sourceLine: string | null;

  @Column({ type: 'int', nullable: true })
  bufferM: number | null;

  /** Categories this zone's unit handles; null = all. */
  @JsonColumn()
  categoryCodes: string[] | null;

  @Column({ type: 'double' }) minLat: number;
  @Column({ type: 'double' }) minLng: number;
  @Column({ type: 'double' }) maxLat: number;
  @Column({ type: 'double' }) maxLng: number;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreatedAtColumn()
  createdAt: Date;

  @UpdatedAtColumn()
  updatedAt: Date;
}
