import type { ErrorCode } from '@sansui/shared';

/**
 * Payout batch rules (docs/domain.md §8), pure so they are tested without a database: a batch above the
 * lowest approval threshold of its campaigns needs two distinct approvers, otherwise one.
 */
export function approvalsRequired(totalFen: number, campaignThresholdsFen: number[]): 1 | 2 {
  return totalFen > Math.min(...campaignThresholdsFen) ? 2 : 1;
}

/** Why this auditor may not approve this batch now (null: they may). Role checks come before. */
export function approvalRefusal(
  batch: { proposedBy: number; status: string },
  approverIds: number[],
  actorId: number,
): Extract<ErrorCode, 'BATCH_SELF_APPROVAL' | 'BATCH_ALREADY_APPROVED'> | null {
  if (batch.proposedBy === actorId) return 'BATCH_SELF_APPROVAL';
  if (batch.status === 'approved') return 'BATCH_ALREADY_APPROVED';
  if (approverIds.includes(actorId)) return 'BATCH_ALREADY_APPROVED';
  return null;
}
