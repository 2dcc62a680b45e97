import { CASE_ACTIONS, CASE_STATUSES, type CaseStatus } from '@sansui/shared';
import { grantLedgerEntries, grantOutcome, isGrantTrigger, mergedIntoPassedTrigger, recordsInactiveCampaign } from './grant-rules';

const ACTIONS = CASE_ACTIONS;

/** Every (action, status after the move) that earns, written out independently of the rule. */
const earning = (kind: 'snap' | 'pickup', trigger: 'accepted' | 'closed') =>
  ACTIONS.flatMap((action) => CASE_STATUSES.map((status) => ({ action, status })))
    .filter(({ action, status }) => isGrantTrigger({ kind, status }, action, trigger))
    .map(({ action, status }) => `${action}→${status}`);

describe('isGrantTrigger', () => {
  it('a snap earns when accepted (立案), whatever the case looks like after the move', () => {
    expect(earning('snap', 'accepted')).toEqual(CASE_STATUSES.map((s) => `accept→${s}`));
  });

  it('a snap under a campaign that pays on closing earns only when verification closes the case', () => {
    expect(earning('snap', 'closed')).toEqual(['verify_pass→closed']);
  });

  it('a pickup earns only when verification closes it, whatever the campaign says about snaps', () => {
    expect(earning('pickup', 'accepted')).toEqual(['verify_pass→closed']);
    expect(earning('pickup', 'closed')).toEqual(['verify_pass→closed']);
  });
});

describe('recordsInactiveCampaign', () => {
  it('tells the reporter "no campaign" on the move that would have earned: accept for a snap, verify for a pickup', () => {
    expect(ACTIONS.filter((a) => recordsInactiveCampaign('snap', a))).toEqual(['accept']);
    expect(ACTIONS.filter((a) => recordsInactiveCampaign('pickup', a))).toEqual(['verify_pass']);
  });
});

describe('mergedIntoPassedTrigger', () => {
  const passed = (kind: 'snap' | 'pickup', trigger: 'accepted' | 'closed') =>
    CASE_STATUSES.filter((status: CaseStatus) => mergedIntoPassedTrigger({ kind, status }, trigger));

  it('a snap case paying on acceptance has passed once accepted: every status but submitted, rejected and merged', () => {
    expect(passed('snap', 'accepted')).toEqual(CASE_STATUSES.filter((s) => !['submitted', 'rejected', 'merged'].includes(s)));
    expect(passed('snap', 'accepted')).toEqual(expect.arrayContaining(['accepted', 'dispatched', 'in_progress', 'resolved', 'closed']));
  });

  it('a case paying on closing (any pickup, or a snap under such a campaign) has passed only when closed', () => {
    expect(passed('snap', 'closed')).toEqual(['closed']);
    expect(passed('pickup', 'accepted')).toEqual(['closed']);
    expect(passed('pickup', 'closed')).toEqual(['closed']);
  });
});

describe('grantOutcome', () => {
  it('a reward with a fraud signal waits for an auditor, and the resident is told so', () => {
    expect(grantOutcome(true)).toEqual({
      status: 'held',
      ledgerKind: 'held',
      reason: 'HELD',
      notice: { status: '审核中', note: '红包需人工审核，审核通过后可领取' },
    });
  });

  it('a reward without one is cleared for a payout batch', () => {
    expect(grantOutcome(false)).toEqual({
      status: 'cleared',
      ledgerKind: 'granted',
      reason: 'GRANTED',
      notice: { status: '已发放', note: '红包待审批，审批后可领取' },
    });
  });
});

describe('grantLedgerEntries', () => {
  const reward = { id: 41, campaignId: 3, amountFen: 500 };

  it('reserves the budget (naming case and report), then grants; each keyed by the reward', () => {
    expect(grantLedgerEntries(reward, false, { caseId: 9, reportId: 12 })).toEqual([
      { kind: 'reserved', campaignId: 3, rewardId: 41, amountFen: 500, dedupeKey: 'reserved:41', note: '案卷 9 上报 12' },
      { kind: 'granted', campaignId: 3, rewardId: 41, amountFen: 500, dedupeKey: 'granted:41' },
    ]);
  });

  it('a held reward reserves the budget too, and is written as held', () => {
    expect(grantLedgerEntries(reward, true, { caseId: 9, reportId: 12 })).toEqual([
      expect.objectContaining({ kind: 'reserved', dedupeKey: 'reserved:41' }),
      { kind: 'held', campaignId: 3, rewardId: 41, amountFen: 500, dedupeKey: 'held:41' },
    ]);
  });
});
