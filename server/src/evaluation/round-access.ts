import type { AuthUser } from '../common/auth/auth-user';
import type { InspectionRound } from './inspection-round.entity';

/** Roles that run the regime and see every round. */
const ORGANISERS = ['dispatcher', 'admin', 'auditor'] as const;

export function isOrganiser(user: AuthUser): boolean {
  return user.kind === 'staff' && user.roles.some((r) => (ORGANISERS as readonly string[]).includes(r));
}

export function isRoundInspector(user: AuthUser, round: Pick<InspectionRound, 'inspectorUserIds'>): boolean {
  return user.roles.includes('inspector') && round.inspectorUserIds.includes(user.id);
}

/**
 * Who sees a round (docs/domain.md §16): organisers and the round's inspectors always; other staff an open round
 * or a published one. A covert round before publication does not exist for the inspected (404).
 */
export function canSeeRound(user: AuthUser, round: Pick<InspectionRound, 'kind' | 'status' | 'inspectorUserIds'>): boolean {
  if (user.kind !== 'staff') return false;
  if (isOrganiser(user) || isRoundInspector(user, round)) return true;
  return round.status === 'published' || round.kind === 'open';
}

/** Who records findings: dispatchers (desk entry) and the round's inspectors. */
export function mayRecordFindings(user: AuthUser, round: Pick<InspectionRound, 'inspectorUserIds'>): boolean {
  return user.roles.includes('dispatcher') || isRoundInspector(user, round);
}
