import type { EntityManager } from 'typeorm';
import { AppException } from '../common/errors/app-exception';
import type { Transactions } from '../database/transactions';
import { AREAS_SCOPE, EvaluationMonthResult } from './evaluation-month-result.entity';

/**
 * Refuses a change to a month whose results are published. Call inside the change's transaction: on MySQL the
 * read is a locking one, so it sees a publication committed while this transaction waited.
 */
export async function assertMonthOpen(em: EntityManager, tx: Transactions, month: string): Promise<void> {
  const lock = tx.isMysql ? { lock: { mode: 'pessimistic_read' as const } } : {};
  if (await em.getRepository(EvaluationMonthResult).findOne({ where: { month, scope: AREAS_SCOPE }, ...lock }))
    throw new AppException('EVALUATION_MONTH_PUBLISHED');
}
