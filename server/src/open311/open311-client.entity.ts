import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn } from '../database/columns';

/** An external system allowed to POST service requests (Open311 `api_key`). Only the key's SHA-256 is stored. */
@Entity('open311_clients')
export class Open311Client {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64 })
  keyHash: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** The system user that owns the reports this client submits. */
  @Column({ type: 'int', nullable: true })
  userId: number | null;

  @CreatedAtColumn()
  createdAt: Date;
}
