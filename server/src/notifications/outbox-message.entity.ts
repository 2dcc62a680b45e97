import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, DateTimeColumn, JsonColumn } from '../database/columns';

export type OutboxChannel = 'subscribe_message' | 'staff_notice';
/**
 * pending → sending (leased by a worker) → sent | refused (no grant / 43101, never retried) |
 * failed (retried at nextAttemptAt) | dead (gave up, or permanently invalid).
 */
export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'refused' | 'failed' | 'dead';

export interface OutboxPayload {
  /** Template fields as WeChat wants them, already formatted: {thing1: '暴露垃圾', phrase2: '已受理', …}. */
  data: Record<string, string>;
  page: string | null;
}

/**
 * Transactional outbox (docs/domain.md §11): written in the same transaction as the change it announces,
 * delivered afterwards by OutboxWorker. Delivery is at-least-once; see OutboxService.
 */
@Entity('outbox_messages')
@Index(['status', 'nextAttemptAt'])
export class OutboxMessage {
  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column({ type: 'int' })
  userId: number;

  @Column({ type: 'varchar', length: 24 })
  channel: OutboxChannel;

  @Column({ type: 'varchar', length: 32 })
  templateKey: string;

  @JsonColumn({ nullable: false })
  payload: OutboxPayload;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status: OutboxStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'varchar', length: 255, nullable: true })
  lastError: string | null;

  @DateTimeColumn()
  nextAttemptAt: Date;

  @DateTimeColumn({ nullable: true })
  lockedUntil: Date | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  lockedBy: string | null;

  /** When this message used up one of the resident's one-time grants (a re-send after a crash does not use another). */
  @DateTimeColumn({ nullable: true })
  grantConsumedAt: Date | null;

  @DateTimeColumn({ nullable: true })
  sentAt: Date | null;

  @CreatedAtColumn()
  createdAt: Date;
}

/** A new message, due now and owned by no worker: the fields every writer of the outbox sets the same way. */
export function pendingMessage(
  m: Pick<OutboxMessage, 'userId' | 'channel' | 'templateKey' | 'payload'>,
): Omit<OutboxMessage, 'id' | 'createdAt'> {
  return {
    ...m,
    status: 'pending',
    attempts: 0,
    lastError: null,
    nextAttemptAt: new Date(),
    lockedUntil: null,
    lockedBy: null,
    grantConsumedAt: null,
    sentAt: null,
  };
}
