import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, DateTimeColumn } from '../../database/columns';

/**
 * A one-time code an admin issues so that a staff member can bind their WeChat user to the staff account
 * (docs/domain.md §14). Only the SHA-256 of the code is stored: the code itself is shown once to the admin.
 */
@Entity('staff_bind_codes')
export class StaffBindCode {
  @PrimaryGeneratedColumn()
  id: number;

  /** The staff account the code binds to. */
  @Index()
  @Column({ type: 'int' })
  userId: number;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64 })
  codeHash: string;

  @DateTimeColumn()
  expiresAt: Date;

  @DateTimeColumn({ nullable: true })
  usedAt: Date | null;

  /** Set when a newer code for the same account, or an unbinding, replaced this one before use. */
  @DateTimeColumn({ nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'int' })
  createdByUserId: number;

  @CreatedAtColumn()
  createdAt: Date;
}
