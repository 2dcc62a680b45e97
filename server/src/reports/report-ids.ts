import { type EntityManager, In } from 'typeorm';
import type { CaseReads } from '../cases/case-reads';
import { Report } from './report.entity';

/**
 * Report ids standing behind each case (CaseDto.reportIds): the case's own reports plus the reports of
 * cases merged into it (Report.caseId keeps the report's own case; the master finds them through
 * cases.masterCaseId, read from cases' CaseReads). Two indexed queries per call, whatever the number of cases. Ids ascending.
 */
export async function reportIdsByCase(em: EntityManager, cases: CaseReads, caseIds: number[]): Promise<Map<number, number[]>> {
  const result = new Map<number, number[]>(caseIds.map((id) => [id, []]));
  if (caseIds.length === 0) return result;
  const merged = await cases.mergedIntoAny(em, caseIds);
  const ownerOf = new Map<number, number>(caseIds.map((id) => [id, id]));
  for (const m of merged) ownerOf.set(m.id, m.masterCaseId);
  const reports = await em.getRepository(Report).find({ select: { id: true, caseId: true }, where: { caseId: In([...ownerOf.keys()]) }, order: { id: 'ASC' } });
  for (const r of reports) result.get(ownerOf.get(r.caseId)!)?.push(r.id);
  return result;
}
