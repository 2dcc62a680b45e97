import type { Role } from '@sansui/shared';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, DateTimeColumn, JsonColumn, UpdatedAtColumn } from '../database/columns';

/**
 * Everyone who uses the product: residents (WeChat openid) and staff (username + password).
 * One table so that reports, rewards and audit entries point at one kind of user.
 */
@Entity('users')
export class User {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 16 })
  kind: 'resident' | 'staff';

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  openid: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  unionid: string | null;

  /** WeChat session key: never leaves the server. */
  @Column({ type: 'varchar', length: 64, nullable: true, select: false })
  sessionKey: string | null;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  username: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true, select: false })
  passwordHash: string | null;

  @Column({ type: 'varchar', length: 64 })
  displayName: string;

  @JsonColumn({ nullable: false })
  roles: Role[];

  @Index()
  @Column({ type: 'int', nullable: true })
  departmentId: number | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  phone: string | null;

  /** Staff: their WeCom (企业微信) member UserID, to push notices to when they are away from the panel (§17). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  wecomUserId: string | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** Set when a resident deleted the account (注销): personal data is anonymised, records stay. */
  @DateTimeColumn({ nullable: true })
  deletedAt: Date | null;

  @DateTimeColumn({ nullable: true })
  lastLoginAt: Date | null;

  /**
   * Written into every token issued; bumped when the password is reset, the account is disabled or its
   * roles change, so tokens issued before stop working (checked on each request).
   */
  @Column({ type: 'int', default: 0 })
  credentialVersion: number;

  /** Staff logins: wrong passwords in a row, and until when further attempts are refused (backoff). */
  @Column({ type: 'int', default: 0 })
  loginFailures: number;

  @DateTimeColumn({ nullable: true })
  loginLockedUntil: Date | null;

  @CreatedAtColumn()
  createdAt: Date;

  @UpdatedAtColumn()
  updatedAt: Date;
}
