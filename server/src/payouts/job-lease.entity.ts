import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '../database/columns';

/** A named lease so that one instance at a time runs a periodic job (several instances share one database). */
@Entity('job_leases')
export class JobLease {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'varchar', length: 100 })
  owner: string;

  @DateTimeColumn()
  leaseUntil: Date;
}
