import type { EntityManager } from 'typeorm';
import type { OutboxService } from '../notifications/outbox.service';

/** Resident notices about a reward (granted / held / ready to claim / paid) through the outbox, in the caller's transaction. */
export async function notifyReward(
  outbox: OutboxService | null,
  em: EntityManager,
  userId: number,
  amountFen: number,
  status: string,
  note: string,
): Promise<void> {
  if (!outbox) return;
  const yuan = `${Math.floor(amountFen / 100)}.${String(amountFen % 100).padStart(2, '0')}元`;
  await outbox.enqueue(em, { userId, templateKey: 'reward_notice', data: { amount: yuan, status, time: new Date(), note } });
}
