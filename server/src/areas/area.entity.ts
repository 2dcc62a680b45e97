import type { AreaLevel } from '@sansui/shared';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, TextColumn, UpdatedAtColumn } from '../database/columns';

/**
 * A node of the area tree 区 → 街道 → 社区 → 网格. Grids carry a GeoJSON polygon; the bounding box
 * columns let a point lookup narrow candidates with an index before the exact polygon test.
 */
@Entity('areas')
@Index(['level', 'minLat', 'maxLat', 'minLng', 'maxLng'])
export class Area {
  @PrimaryGeneratedColumn()
  id: number;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64 })
  code: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  level: AreaLevel;

  @Index()
  @Column({ type: 'int', nullable: true })
  parentId: number | null;

  /** GeoJSON Polygon or MultiPolygon geometry (GCJ-02), for grids and optionally higher levels. */
  @TextColumn()
  geometry: string | null;

  @Column({ type: 'double', nullable: true }) minLat: number | null;
  @Column({ type: 'double', nullable: true }) minLng: number | null;
  @Column({ type: 'double', nullable: true }) maxLat: number | null;
  @Column({ type: 'double', nullable: true }) maxLng: number | null;

  @CreatedAtColumn()
  createdAt: Date;

  @UpdatedAtColumn()
  updatedAt: Date;
}
