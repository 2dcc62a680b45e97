import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { UpdatedAtColumn } from '../database/columns';

/**
 * One-time subscription-message permissions a resident gave (wx.requestSubscribeMessage → "允许"),
 * counted per template: each accepted request allows one message (docs/domain.md §10).
 */
@Entity('subscription_grants')
@Index(['userId', 'templateId'], { unique: true })
export class SubscriptionGrant {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  userId: number;

  @Column({ type: 'varchar', length: 64 })
  templateId: string;

  @Column({ type: 'int', default: 0 })
  remaining: number;

  @UpdatedAtColumn()
  updatedAt: Date;
}
