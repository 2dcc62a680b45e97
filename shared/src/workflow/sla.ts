import { DEADLINE_RUNNING_STATUSES, type CaseStatus } from './case-status';

/**
 * Deadline maths of docs/domain.md §6 step 6 and §7 as pure functions (no clock, no I/O): the deadline of a
 * dispatched case, the escalation ladder's thresholds and whether a case is overdue.
 */

/** Working hours: weekdays (ISO: 1 = Monday … 7 = Sunday) and the daily window, in a fixed UTC offset. */
export interface WorkingCalendar {
  workdays: number[];
  /** Start and end of the working day in local hours (0..24; fractions allowed, e.g. 8.5 = 08:30). */
  startHour: number;
  endHour: number;
  /** Offset of local time from UTC, e.g. 480 for Beijing time. */
  timezoneOffsetMinutes: number;
}

export const BEIJING_OFFSET_MINUTES = 480;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * The deadline `slaHours` after `start`. Without a calendar the clock always runs; with one, only
 * working hours count (a case dispatched on Friday evening with 4 h is due Monday 13:00).
 */
export function computeDeadline(start: Date, slaHours: number, calendar?: WorkingCalendar | null): Date {
  if (!calendar || calendar.workdays.length === 0 || calendar.endHour <= calendar.startHour)
    return new Date(start.getTime() + slaHours * HOUR);
  const offset = calendar.timezoneOffsetMinutes * 60_000;
  let local = start.getTime() + offset; // "local" milliseconds: a UTC timestamp whose UTC fields read as local time
  let remaining = slaHours * HOUR;
  for (let guard = 0; remaining > 0 && guard < 10_000; guard++) {
    const dayStart = Math.floor(local / DAY) * DAY;
    const isoDay = ((new Date(dayStart).getUTCDay() + 6) % 7) + 1;
    const open = dayStart + calendar.startHour * HOUR;
    const close = dayStart + calendar.endHour * HOUR;
    if (!calendar.workdays.includes(isoDay) || local >= close) {
      local = dayStart + DAY; // the next day (its opening hour is applied on the next turn)
      continue;
    }
    local = Math.max(local, open);
    const used = Math.min(close - local, remaining);
    local += used;
    remaining -= used;
  }
  return new Date(local - offset);
}

export interface EscalationThresholds {
  /** Half of the time to the deadline has gone: reminder to the handlers. */
  reminderAt: Date;
  /** The deadline: notice to the department manager; the case shows as 超期. */
  deadlineAt: Date;
  /** Twice the SLA since dispatch: the case enters the 爱卫办 circular list. */
  circularAt: Date;
}

export type EscalationStep = 'reminder' | 'overdue' | 'circular';
export const ESCALATION_STEPS: readonly EscalationStep[] = ['reminder', 'overdue', 'circular'];

export const ESCALATION_STEP_LABELS: Record<EscalationStep, string> = {
  reminder: '督办提醒',
  overdue: '超期',
  circular: '列入通报',
};

export function escalationThresholds(dispatchedAt: Date, deadline: Date): EscalationThresholds {
  const span = Math.max(0, deadline.getTime() - dispatchedAt.getTime());
  return {
    reminderAt: new Date(dispatchedAt.getTime() + span / 2),
    deadlineAt: new Date(deadline.getTime()),
    circularAt: new Date(dispatchedAt.getTime() + 2 * span),
  };
}

/** The ladder steps whose threshold has been reached at `now`, in order. */
export function dueEscalationSteps(dispatchedAt: Date, deadline: Date, now: Date): EscalationStep[] {
  const t = escalationThresholds(dispatchedAt, deadline);
  const steps: EscalationStep[] = [];
  if (now.getTime() >= t.reminderAt.getTime()) steps.push('reminder');
  if (now.getTime() >= t.deadlineAt.getTime()) steps.push('overdue');
  if (now.getTime() >= t.circularAt.getTime()) steps.push('circular');
  return steps;
}

/** Overdue = the clock runs against the department (dispatched / in progress) and the deadline has passed. */
export function isOverdue(status: CaseStatus, deadline: Date | null, now: Date): boolean {
  return deadline !== null && DEADLINE_RUNNING_STATUSES.includes(status) && deadline.getTime() < now.getTime();
}

/** Minutes until the deadline (negative when past), or null without a running deadline. */
export function minutesLeft(status: CaseStatus, deadline: Date | null, now: Date): number | null {
  if (deadline === null || !DEADLINE_RUNNING_STATUSES.includes(status)) return null;
  return Math.floor((deadline.getTime() - now.getTime()) / 60_000);
}

/**
 * Parses a working-hours setting such as "1-5 09:00-18:00" or "1,2,3,4,5,6 08:30-17:30" (Beijing time).
 * Empty, "off" or "none" → null (the clock always runs). Throws on anything else.
 */
export function parseWorkingHours(text: string | null | undefined, timezoneOffsetMinutes = BEIJING_OFFSET_MINUTES): WorkingCalendar | null {
  const s = (text ?? '').trim();
  if (s === '' || /^(off|none|false)$/i.test(s)) return null;
  const m = /^([1-7](?:-[1-7])?(?:,[1-7](?:-[1-7])?)*)\s+(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/.exec(s);
  if (!m) throw new Error(`working hours "${s}" must look like "1-5 09:00-18:00"`);
  const workdays = new Set<number>();
  for (const part of m[1].split(',')) {
    const [a, b] = part.split('-').map(Number);
    if (b !== undefined && b < a) throw new Error(`working hours "${s}": day range ${part} is reversed`);
    for (let d = a; d <= (b ?? a); d++) workdays.add(d);
  }
  const startHour = Number(m[2]) + Number(m[3]) / 60;
  const endHour = Number(m[4]) + Number(m[5]) / 60;
  if (Number(m[3]) > 59 || Number(m[5]) > 59 || endHour > 24 || startHour >= endHour)
    throw new Error(`working hours "${s}": the window must be within one day and end after it starts`);
  return { workdays: [...workdays].sort(), startHour, endHour, timezoneOffsetMinutes };
}
