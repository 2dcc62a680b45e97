import { chinaDay, type SupervisionEscalationStep, type SupervisionState } from '@sansui/shared';

/** A reply deadline given as YYYY-MM-DD: the end of that day in China time; null when not a real date. */
export function replyDeadline(day: string): Date | null {
  const d = new Date(`${day}T23:59:59.999+08:00`);
  // Only a real YYYY-MM-DD comes back as itself: a day past the month's end (2026-02-30) rolls over into the next
  // month, and anything else (2026-13-01, 2026-12-1, 明天) is no date at all.
  return !Number.isNaN(d.getTime()) && chinaDay(d) === day ? d : null;
}

/** Where a notice stands: closed once replied and every case is closed; overdue while unanswered past the deadline. */
export function supervisionState(n: { repliedAt: Date | null; deadline: Date }, openCases: number, now: Date): SupervisionState {
  if (n.repliedAt) return openCases === 0 ? 'closed' : 'replied';
  return now.getTime() > n.deadline.getTime() ? 'overdue' : 'awaiting_reply';
}

/**
 * Escalation steps due for an unanswered notice (docs/domain.md §16 "overdue notices escalate like cases"):
 * at the deadline the department's managers are told; at twice the time given (created → deadline, again)
 * the notice goes on the 爱卫办 circular list. A reply stops the ladder.
 */
export function dueSupervisionSteps(
  n: { repliedAt: Date | null; deadline: Date; createdAt: Date },
  now: Date,
): SupervisionEscalationStep[] {
  if (n.repliedAt) return [];
  const t = now.getTime();
  const due = n.deadline.getTime();
  const twice = due + Math.max(0, due - n.createdAt.getTime());
  const steps: SupervisionEscalationStep[] = [];
  if (t > due) steps.push('overdue');
  if (t > twice) steps.push('circular');
  return steps;
}
