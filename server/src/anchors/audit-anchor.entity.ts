import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, DateTimeColumn } from '../database/columns';

/**
 * 锚点: the audit chain's head (last entry id and its hash) at a moment, signed by the server and handed to the
 * auditors (notice, signed export). A chain rebuilt after that moment no longer has this hash at `lastId`.
 * `lastId` is unique, so two instances anchoring the same head store it once.
 */
@Entity('audit_anchors')
export class AuditAnchor {
  @PrimaryGeneratedColumn()
  id: number;

  @Index({ unique: true })
  @Column({ type: 'int' })
  lastId: number;

  @Column({ type: 'varchar', length: 64 })
  hash: string;

  @DateTimeColumn()
  anchoredAt: Date;

  /** HMAC-SHA256 (hex) of `lastId:hash:anchoredAt` with the server's anchor key: a file of anchors cannot be made up. */
  @Column({ type: 'varchar', length: 64 })
  signature: string;

  @CreatedAtColumn()
  createdAt: Date;
}
