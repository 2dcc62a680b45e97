import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, In, LessThanOrEqual } from 'typeorm';
import { OutboxMessage } from './outbox-message.entity';
import { SubscriptionGrant } from './subscription-grant.entity';

/** Statuses a worker may (re)claim once due and not leased. */
const CLAIMABLE = ['pending', 'failed', 'sending'];

export type OutboxFinalStatus = 'sent' | 'refused' | 'failed' | 'dead';

/** The outbox's queries: due messages, the lease compare-and-set, the finish under the lease, grants, housekeeping. */
@Injectable()
export class OutboxMessageRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Ids of messages due at `now` and not leased by anyone, oldest due first. */
  async dueIds(now: Date, limit: number): Promise<number[]> {
    const rows = await this.db
      .getRepository(OutboxMessage)
      .createQueryBuilder('m')
      .select(['m.id'])
      .where('m.status IN (:...statuses)', { statuses: CLAIMABLE })
      .andWhere('m.nextAttemptAt <= :now', { now })
      .andWhere(new Brackets((w) => w.where('m.lockedUntil IS NULL').orWhere('m.lockedUntil < :now', { now })))
      .orderBy('m.nextAttemptAt', 'ASC')
      .addOrderBy('m.id', 'ASC')
      .take(limit)
      .getMany();
    return rows.map((r) => r.id);
  }

  /** Atomic compare-and-set: only one worker's UPDATE matches a free, due row. Counts the attempt. */
  async claim(id: number, lease: string, now: Date, leaseMs: number): Promise<boolean> {
    const res = await this.db
      .createQueryBuilder()
      .update(OutboxMessage)
      .set({ status: 'sending', lockedBy: lease, lockedUntil: new Date(now.getTime() + leaseMs), attempts: () => 'attempts + 1' })
      .where('id = :id', { id })
      .andWhere('status IN (:...statuses)', { statuses: CLAIMABLE })
      .andWhere('nextAttemptAt <= :now', { now })
      .andWhere(new Brackets((w) => w.where('lockedUntil IS NULL').orWhere('lockedUntil < :now', { now })))
      .execute();
    return res.affected === 1;
  }

  findById(id: number): Promise<OutboxMessage> {
    return this.db.getRepository(OutboxMessage).findOneByOrFail({ id });
  }

  /** Uses one of the resident's grants for the template; false when none is left. */
  async takeGrant(userId: number, templateId: string): Promise<boolean> {
    const res = await this.db
      .createQueryBuilder()
      .update(SubscriptionGrant)
      .set({ remaining: () => 'remaining - 1' })
      .where('userId = :userId AND templateId = :templateId AND remaining > 0', { userId, templateId })
      .execute();
    return res.affected === 1;
  }

  async markGrantConsumed(id: number, at: Date): Promise<void> {
    await this.db.getRepository(OutboxMessage).update({ id }, { grantConsumedAt: at });
  }

  /**
   * Records the outcome and frees the lease — only while `lease` still holds it (a lost lease means another
   * worker has taken over). `sentAt` / `nextAttemptAt` are set when given.
   */
  async finish(
    id: number,
    lease: string,
    outcome: { status: OutboxFinalStatus; lastError: string | null; sentAt?: Date; nextAttemptAt?: Date },
  ): Promise<void> {
    await this.db
      .createQueryBuilder()
      .update(OutboxMessage)
      .set({
        status: outcome.status,
        lastError: outcome.lastError,
        lockedBy: null,
        lockedUntil: null,
        ...(outcome.sentAt ? { sentAt: outcome.sentAt } : {}),
        ...(outcome.nextAttemptAt ? { nextAttemptAt: outcome.nextAttemptAt } : {}),
      })
      .where('id = :id AND lockedBy = :lease', { id, lease })
      .execute();
  }

  /** Messages of one resident, newest first. */
  ofUser(userId: number, statuses?: OutboxMessage['status'][]): Promise<OutboxMessage[]> {
    return this.db.getRepository(OutboxMessage).find({
      where: { userId, ...(statuses ? { status: In(statuses) } : {}) },
      order: { id: 'DESC' },
    });
  }

  /** Deletes delivered (sent or refused) messages created at or before `before`; answers how many. */
  async deleteDeliveredBefore(before: Date): Promise<number> {
    const res = await this.db.getRepository(OutboxMessage).delete({ status: In(['sent', 'refused']), createdAt: LessThanOrEqual(before) });
    return res.affected ?? 0;
  }
}
