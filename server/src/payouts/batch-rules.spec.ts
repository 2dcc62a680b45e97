import { approvalRefusal, approvalsRequired } from './batch-rules';

describe('approvalsRequired', () => {
  it('asks for one approver up to the threshold and two above it', () => {
    expect(approvalsRequired(1_000, [1_000])).toBe(1);
    expect(approvalsRequired(1_001, [1_000])).toBe(2);
    expect(approvalsRequired(0, [0])).toBe(1);
  });

  it('uses the lowest threshold of the campaigns in the batch', () => {
    expect(approvalsRequired(5_000, [100_000, 4_000])).toBe(2);
    expect(approvalsRequired(3_000, [100_000, 4_000])).toBe(1);
  });
});

describe('approvalRefusal', () => {
  const batch = { proposedBy: 1, status: 'proposed' };

  it('refuses the proposer', () => {
    expect(approvalRefusal(batch, [], 1)).toBe('BATCH_SELF_APPROVAL');
  });

  it('refuses an approved batch and a second approval by the same auditor', () => {
    expect(approvalRefusal({ ...batch, status: 'approved' }, [], 2)).toBe('BATCH_ALREADY_APPROVED');
    expect(approvalRefusal(batch, [3, 2], 2)).toBe('BATCH_ALREADY_APPROVED');
  });

  it('lets another auditor approve', () => {
    expect(approvalRefusal(batch, [], 2)).toBeNull();
    expect(approvalRefusal(batch, [3], 2)).toBeNull();
  });
});
