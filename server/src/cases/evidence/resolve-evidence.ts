import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { rolesForAction, type EvidenceDto, type EvidenceResult, type LatLng } from '@sansui/shared';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { inCaseDepartment } from '../case-access';
import { CaseEvent } from '../case-event.entity';
import { Case } from '../case.entity';
import { EvidenceService } from './evidence.service';

/**
 * The evidence of a resolve (docs/domain.md §14): checks against the case's spot, the claim time and its
 * photos; and of an on-site verification (现场核查): the verifier's photos against the spot, the resolve time
 * and every photo the case already has.
 */
@Injectable()
export class ResolveEvidence {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly evidence: EvidenceService,
  ) {}

  /**
   * Evaluated before the resolve transaction when the caller may resolve the case now; null otherwise
   * (the move then answers the state, role or department error, and evaluates inside if it gets that far).
   */
  async forResolve(user: AuthUser, caseId: number, photoIds: number[], location: LatLng | null): Promise<EvidenceResult | null> {
    const c = await this.db.getRepository(Case).findOne({ where: { id: caseId } });
    if (!c || c.status !== 'in_progress' || !user.roles.includes('handler') || !inCaseDepartment(user, c)) return null;
    return this.evaluateResolve(this.db.manager, c, photoIds, location);
  }

  async evaluateResolve(em: EntityManager, c: Case, photoIds: number[], location: LatLng | null): Promise<EvidenceResult> {
    const claim = await em.getRepository(CaseEvent).findOne({ where: { caseId: c.id, action: 'claim' }, order: { id: 'DESC' } });
    return this.evidence.evaluate(
      {
        purpose: 'resolve',
        site: { lat: c.lat, lng: c.lng },
        photoIds,
        caseId: c.id,
        notBefore: claim?.createdAt ?? c.dispatchedAt ?? null,
        declaredLocation: location,
      },
      em,
    );
  }

  /** Like forResolve, for a verifier's on-site photos: null when the caller may not verify the case now. */
  async forVerify(user: AuthUser, caseId: number, photoIds: number[]): Promise<EvidenceResult | null> {
    const c = await this.db.getRepository(Case).findOne({ where: { id: caseId } });
    if (!c || c.status !== 'resolved' || !user.roles.some((r) => rolesForAction('verify_pass').includes(r))) return null;
    return this.evaluateVerify(this.db.manager, c, photoIds);
  }

  evaluateVerify(em: EntityManager, c: Case, photoIds: number[]): Promise<EvidenceResult> {
    return this.evidence.evaluate(
      { purpose: 'verify', site: { lat: c.lat, lng: c.lng }, photoIds, caseId: c.id, notBefore: c.resolvedAt ?? null },
      em,
    );
  }

  latestVerification(caseId: number, em?: EntityManager): Promise<EvidenceDto | null> {
    return this.evidence.latestVerification(caseId, em);
  }

  refuseIfHardFailure(result: EvidenceResult): void {
    this.evidence.refuseIfHardFailure(result);
  }

  record(em: EntityManager, e: Parameters<EvidenceService['record']>[1]): Promise<void> {
    return this.evidence.record(em, e);
  }

  current(caseId: number, em?: EntityManager): Promise<EvidenceDto | null> {
    return this.evidence.current(caseId, em);
  }
}
