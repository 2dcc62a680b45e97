import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { AppException } from '../common/errors/app-exception';
import type { Transactions } from '../database/transactions';
import { canSeeCase } from './case-access';
import { Case } from './case.entity';
import { DAY_FIGURE_COLUMNS, withCaseFigures } from './day-figures.repository';

/**
 * Loads a case for a change inside the caller's transaction: `SELECT … FOR UPDATE` on MySQL (SQLite
 * serialises transactions), 404 when the caller cannot see it, 409 CASE_VERSION_CONFLICT when the
 * caller's screen shows another version.
 */
export async function lockCase(em: EntityManager, tx: Transactions, user: AuthUser, id: number, expectedVersion?: number): Promise<Case> {
  const c = await em.getRepository(Case).findOne({ where: { id }, ...tx.forUpdate() });
  if (!c || !canSeeCase(user, c)) throw new AppException('CASE_NOT_FOUND');
  if (expectedVersion !== undefined && expectedVersion !== c.version) throw new AppException('CASE_VERSION_CONFLICT');
  return c;
}

/**
 * Writes `patch` only if the row still has the version that was read (a second line of defence next to
 * the row lock), bumping the version. Returns the saved row. A patch of a column the daily roll-up counts
 * by moves the case's contribution there in the same transaction (withCaseFigures: the difference, as saved);
 * `figures: false` when the caller does that around a larger write (CaseLifecycle.move, withCaseFigures).
 */
export async function saveCase(em: EntityManager, c: Case, patch: Partial<Case>, opts: { figures?: boolean } = {}): Promise<Case> {
  const update = async () => {
    const result = await em
      .createQueryBuilder()
      .update(Case)
      .set({ ...patch, version: () => 'version + 1' } as never)
      .where('id = :id AND version = :version', { id: c.id, version: c.version })
      .execute();
    if (result.affected === 0) throw new AppException('CASE_VERSION_CONFLICT');
  };
  if (opts.figures !== false && DAY_FIGURE_COLUMNS.some((k) => k in patch)) await withCaseFigures(em, c.id, update);
  else await update();
  return em.getRepository(Case).findOneByOrFail({ id: c.id });
}
