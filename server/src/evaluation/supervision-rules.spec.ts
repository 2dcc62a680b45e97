import { dueSupervisionSteps, replyDeadline, supervisionState } from './supervision-rules';

describe('督办通知 rules', () => {
  it('a reply deadline is the end of the day in China time; impossible dates are refused', () => {
    expect(replyDeadline('2026-12-10')?.toISOString()).toBe('2026-12-10T15:59:59.999Z');
    for (const bad of ['2026-02-30', '2026-13-01', '2026-12-1', '明天', '']) expect(replyDeadline(bad)).toBeNull();
  });

  it.each([
    ['no reply, before the deadline', null, '2026-12-10T00:00:00Z', 2, 'awaiting_reply'],
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
    expect(dueSupervisionSteps(n, new Date('2026-12-05T00:00:01Z'))).toEqual(['overdue']);
    expect(dueSupervisionSteps(n, new Date('2026-12-08T23:00:00Z'))).toEqual(['overdue']);
    expect(dueSupervisionSteps(n, new Date('2026-12-09T00:00:01Z'))).toEqual(['overdue', 'circular']);
    expect(dueSupervisionSteps({ ...n, repliedAt: new Date('2026-12-06T00:00:00Z') }, new Date('2026-12-20T00:00:00Z'))).toEqual([]);
  });
});
