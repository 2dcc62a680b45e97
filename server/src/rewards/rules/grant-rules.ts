import type { CaseAction, CaseStatus, ReportKind } from '@sansui/shared';
import type { LedgerAppend } from '../../ledger/ledger-rules';

/** A case as the grant rules see it. */
export interface GrantCase {
  kind: ReportKind;
  status: CaseStatus;
}

export type SnapTrigger = 'accepted' | 'closed';

/**
 * Whether this move earns the rewards of the case (docs/domain.md §8.1): a pickup when it is verified and closed;
 * a snap when it is accepted (立案), or, if the campaign says so, when it is verified and closed.
 */
export function isGrantTrigger(c: GrantCase, action: CaseAction, snapTrigger: SnapTrigger): boolean {
  const closedByVerification = action === 'verify_pass' && c.status === 'closed';
  if (c.kind === 'pickup' || snapTrigger === 'closed') return closedByVerification;
  return action === 'accept';
}

/**
 * With no campaign running, the move that would earn under the default trigger (accept for a snap, verify for a
 * pickup) records CAMPAIGN_INACTIVE for the report that opened the case, so the resident can be told why.
 */
export function recordsInactiveCampaign(kind: ReportKind, action: CaseAction): boolean {
  return kind === 'pickup' ? action === 'verify_pass' : action === 'accept';
}

/**
 * Whether the case a report was merged into has already passed the campaign's trigger, so the merged report earns
 * the duplicate amount now (reports merged before that earn when the case reaches it).
 */
export function mergedIntoPassedTrigger(master: GrantCase, snapTrigger: SnapTrigger): boolean {
  if (master.kind === 'pickup' || snapTrigger === 'closed') return master.status === 'closed';
  return !['submitted', 'rejected', 'merged'].includes(master.status);
}

/** What a granted reward becomes: held for an auditor when any fraud signal fired, else cleared for a batch. */
export function grantOutcome(held: boolean) {
  return held
    ? {
        status: 'held' as const,
        ledgerKind: 'held' as const,
        reason: 'HELD' as const,
        notice: { status: '审核中', note: '红包需人工审核，审核通过后可领取' },
      }
    : {
        status: 'cleared' as const,
        ledgerKind: 'granted' as const,
        reason: 'GRANTED' as const,
        notice: { status: '已发放', note: '红包待审批，审批后可领取' },
      };
}

/**
 * The ledger movements of a grant, in order: the campaign budget reserved (noting the case and report), then the
 * reward granted or held. Each is keyed by the reward, so a retried grant cannot write it twice.
 */
export function grantLedgerEntries(
  reward: { id: number; campaignId: number; amountFen: number },
  held: boolean,
  source: { caseId: number; reportId: number },
): LedgerAppend[] {
  const kind = grantOutcome(held).ledgerKind;
  const base = { campaignId: reward.campaignId, rewardId: reward.id, amountFen: reward.amountFen };
  return [
    { kind: 'reserved', ...base, dedupeKey: `reserved:${reward.id}`, note: `案卷 ${source.caseId} 上报 ${source.reportId}` },
    { kind, ...base, dedupeKey: `${kind}:${reward.id}` },
  ];
}
