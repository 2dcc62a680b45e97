import type { EntityManager } from 'typeorm';
import { Report } from './report.entity';

/** Demo data: moves the reports behind a case `byMs` into the past, together with the case (CaseLifecycle.backdateHistory). */
export async function backdateCaseReports(em: EntityManager, caseId: number, byMs: number): Promise<void> {
  const reports = em.getRepository(Report);
  for (const r of await reports.find({ where: { caseId }, select: { id: true, createdAt: true } }))
    await reports.update({ id: r.id }, { createdAt: new Date(r.createdAt.getTime() - byMs) });
}
