import { dueSupervisionSteps, replyDeadline, supervisionState } from './supervision-rules';

describe('督办通知 rules', () => {
  it('a reply deadline is the end of the day in China time; impossible dates are refused', () => {
    expect(replyDeadline('2026-12-10')?.toISOString()).toBe('2026-12-10T15:59:59.999Z');
    expect(replyDeadline('2028-02-29')?.toISOString()).toBe('2028-02-29T15:59:59.999Z');
    for (const bad of ['2026-02-29', '2026-02-30', '2026-04-31', '2026-13-01', '2026-00-10', '2026-12-1', '明天', ''])
      expect(replyDeadline(bad)).toBeNull();
  });

  it.each([
    ['no reply, before the deadline', null, '2026-12-10T00:00:00Z', 2, 'awaiting_reply'],
    ['no reply, the deadline’s last millisecond', null, '2026-12-10T15:59:59.999Z', 2, 'awaiting_reply'],
    ['no reply, one millisecond past the deadline', null, '2026-12-10T16:00:00.000Z', 2, 'overdue'],
    ['no reply, after the deadline', null, '2026-12-11T00:00:00Z', 2, 'overdue'],
    ['replied, cases still open', '2026-12-09T00:00:00Z', '2026-12-11T00:00:00Z', 1, 'replied'],
    ['replied, every case closed', '2026-12-09T00:00:00Z', '2026-12-11T00:00:00Z', 0, 'closed'],
  ])('%s → %s', (_label, repliedAt, now, open, state) => {
    const n = { repliedAt: repliedAt ? new Date(repliedAt) : null, deadline: new Date('2026-12-10T15:59:59.999Z') };
    expect(supervisionState(n, open, new Date(now))).toBe(state);
  });

  it('escalates at the deadline, then at twice the time given; a reply stops the ladder', () => {
    const n = { repliedAt: null, createdAt: new Date('2026-12-01T00:00:00Z'), deadline: new Date('2026-12-05T00:00:00Z') };
    expect(dueSupervisionSteps(n, new Date('2026-12-04T23:59:59Z'))).toEqual([]);
    expect(dueSupervisionSteps(n, new Date('2026-12-05T00:00:00Z'))).toEqual([]); // at the deadline: not yet late
    expect(dueSupervisionSteps(n, new Date('2026-12-05T00:00:01Z'))).toEqual(['overdue']);
    expect(dueSupervisionSteps(n, new Date('2026-12-09T00:00:00Z'))).toEqual(['overdue']); // exactly twice the time given
    expect(dueSupervisionSteps(n, new Date('2026-12-09T00:00:01Z'))).toEqual(['overdue', 'circular']);
    // A deadline before the notice's creation (clock skew) gives no time: nothing before it, both steps once late.
    const skewed = { ...n, createdAt: new Date('2026-12-06T00:00:00Z') };
    expect(dueSupervisionSteps(skewed, new Date('2026-12-04T23:59:59Z'))).toEqual([]);
    expect(dueSupervisionSteps(skewed, new Date('2026-12-05T00:00:01Z'))).toEqual(['overdue', 'circular']);
    expect(dueSupervisionSteps({ ...n, repliedAt: new Date('2026-12-06T00:00:00Z') }, new Date('2026-12-20T00:00:00Z'))).toEqual([]);
  });
});
