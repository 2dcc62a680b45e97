import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '../database/columns';

/** One row (id 1) once the demo data has been claimed by a boot; its presence stops every later seeding. */
@Entity('demo_marker')
export class DemoMarker {
  @PrimaryColumn({ type: 'int' })
  id: number;

  /** `running` while the steps run, `done` after. */
  @Column({ type: 'varchar', length: 16 })
  status: 'running' | 'done';

  @DateTimeColumn()
  startedAt: Date;

  @DateTimeColumn({ nullable: true })
  finishedAt: Date | null;
}
