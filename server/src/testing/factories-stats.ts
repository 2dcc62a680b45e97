import type { CaseStatus } from '@sansui/shared';
import type { DataSource } from 'typeorm';
import { Case } from '../cases/case.entity';
import { CaseEvent } from '../cases/case-event.entity';
import { addCaseToDayFigures } from '../cases/day-figures.repository';
import { recountDispatchOutcomes } from '../cases/dispatch-outcome.repository';
import { caseRow } from './bulk-seed';

let nextReportId = 900_000;

/**
 * Inserts a case row directly with the given timestamps (createdAt is forced after insert), counted in the daily
 * roll-up on its createdAt's day.
 */
export async function insertCase(
  db: DataSource,
  c: Partial<Case> & { status: CaseStatus; categoryCode: string; createdAt: Date },
): Promise<Case> {
  const repo = db.getRepository(Case);
  const row = await repo.save(repo.create(caseRow({ lat: 30.25, lng: 120.16, cellKey: 'wtmkn0x', primaryReportId: nextReportId++, ...c })));
  // The INSERT's trigger counted it on the day it was inserted: moved with its createdAt, as saveCase moves it.
  await addCaseToDayFigures(db, String(db.options.type), row.id, -1);
  await repo.createQueryBuilder().update(Case).set({ createdAt: c.createdAt }).where({ id: row.id }).execute();
  await addCaseToDayFigures(db, String(db.options.type), row.id, 1);
  return Object.assign(row, { createdAt: c.createdAt });
}

/**
 * Inserts a timeline event with a known time. A dispatch or return also recounts its case's stored dispatch outcome
 * from its events, as the rebuild command does, so the case reads as if CaseLifecycle had made the move; the daily
 * roll-up follows. (Evidence and verdicts written directly need `rebuildDayFigures` afterwards.)
 */
export async function insertEvent(
  db: DataSource,
  caseId: number,
  action: string,
  at: Date,
  actorUserId: number | null = null,
  data: Record<string, unknown> | null = null,
): Promise<void> {
  const repo = db.getRepository(CaseEvent);
  const dbType = String(db.options.type);
  // The case's roll-up figures move with its events and dispatch outcome, as CaseLifecycle.move moves them.
  await addCaseToDayFigures(db, dbType, caseId, -1);
  const row = await repo.save(
    repo.create({ caseId, action, fromStatus: null, toStatus: null, actorUserId, actorRole: null, note: null, photoIds: null, data }),
  );
  await repo.createQueryBuilder().update(CaseEvent).set({ createdAt: at }).where({ id: row.id }).execute();
  if (action === 'dispatch' || action === 'return') await recountDispatchOutcomes(db, dbType, caseId, caseId);
  await addCaseToDayFigures(db, dbType, caseId, 1);
}
