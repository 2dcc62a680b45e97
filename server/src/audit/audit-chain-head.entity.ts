import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The single row (id = 1) that names the newest audit entry. Appenders lock it, which serialises the
 * chain without gap locks, and `verify` compares it with the last entry so that deleting the newest
 * rows is detected too.
 */
@Entity('audit_chain_head')
export class AuditChainHead {
  @PrimaryColumn({ type: 'int' })
  id: number;

  @Column({ type: 'int', default: 0 })
  lastId: number;

  @Column({ type: 'varchar', length: 64 })
  hash: string;
}
