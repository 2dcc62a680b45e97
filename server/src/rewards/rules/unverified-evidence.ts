import type { EvidenceDto } from '@sansui/shared';
import type { FraudSignal } from './fraud-signals';

/**
 * docs/domain.md §14: a pickup whose before/after evidence is not verified (no position, album photos,
 * EXIF that disagrees …) holds its red packet for the auditor, with the checks that did not pass.
 */
export function unverifiedEvidenceSignal(kind: string, evidence: EvidenceDto | null): FraudSignal | null {
  if (kind !== 'pickup' || !evidence || evidence.verified) return null;
  const failing = evidence.checks.filter((c) => !c.ok);
  return {
    signal: 'UNVERIFIED_EVIDENCE',
    evidence: {
      reason: failing.map((c) => c.detail).join('；'),
      checks: failing.map((c) => ({ code: c.code, outcome: c.outcome, detail: c.detail })),
    },
  };
}
