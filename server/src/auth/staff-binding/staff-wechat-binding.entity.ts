import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, DateTimeColumn } from '../../database/columns';

/**
 * A WeChat user (openid) bound to a staff account: while active, that WeChat user's login answers the
 * staff account's token. Rows are never deleted; unbinding ends a row. At most one active binding per
 * openid and per staff account, enforced by unique indexes on columns that are null once the binding ended.
 */
@Entity('staff_wechat_bindings')
export class StaffWechatBinding {
  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column({ type: 'int' })
  userId: number;

  @Column({ type: 'varchar', length: 64 })
  openid: string;

  /** `openid` while the binding is active, null after. */
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  activeOpenid: string | null;

  /** `userId` while the binding is active, null after. */
  @Index({ unique: true })
  @Column({ type: 'int', nullable: true })
  activeUserId: number | null;

  @Column({ type: 'int' })
  bindCodeId: number;

  @CreatedAtColumn()
  boundAt: Date;

  @DateTimeColumn({ nullable: true })
  endedAt: Date | null;

  /** `unbound` by an admin, or `replaced` by a newer binding of the same WeChat user or account. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  endReason: 'unbound' | 'replaced' | null;

  @Column({ type: 'int', nullable: true })
  endedByUserId: number | null;
}
