import {
  ESCALATION_STEP_LABELS,
  ESCALATION_STEPS,
  computeDeadline,
  dueEscalationSteps,
  escalationThresholds,
  isOverdue,
  minutesLeft,
  parseWorkingHours,
  type WorkingCalendar,
} from './sla';

const WEEKDAYS_9_TO_6: WorkingCalendar = { workdays: [1, 2, 3, 4, 5], startHour: 9, endHour: 18, timezoneOffsetMinutes: 480 };

describe('computeDeadline', () => {
  // 2026-11-20 is a Friday, 2026-11-23 a Monday. Comments give Beijing time.
  it.each([
    ['no calendar: plain hours', '2026-11-23T02:00:00Z', 4, null, '2026-11-23T06:00:00.000Z'],
    ['no calendar: 7 days run over the weekend', '2026-11-20T09:00:00Z', 168, null, '2026-11-27T09:00:00.000Z'],
    ['zero hours: the start itself', '2026-11-23T02:00:00Z', 0, WEEKDAYS_9_TO_6, '2026-11-23T02:00:00.000Z'],
    ['Mon 10:00 + 4 h → Mon 14:00', '2026-11-23T02:00:00Z', 4, WEEKDAYS_9_TO_6, '2026-11-23T06:00:00.000Z'],
    ['Fri 17:00 + 4 h → Mon 12:00 (1 h Fri, 3 h Mon)', '2026-11-20T09:00:00Z', 4, WEEKDAYS_9_TO_6, '2026-11-23T04:00:00.000Z'],
    ['Sat 12:00 + 4 h → Mon 13:00', '2026-11-21T04:00:00Z', 4, WEEKDAYS_9_TO_6, '2026-11-23T05:00:00.000Z'],
    ['Mon 07:00 (before opening) + 4 h → Mon 13:00', '2026-11-22T23:00:00Z', 4, WEEKDAYS_9_TO_6, '2026-11-23T05:00:00.000Z'],
    ['Mon 20:00 (after closing) + 9 h → Tue 18:00', '2026-11-23T12:00:00Z', 9, WEEKDAYS_9_TO_6, '2026-11-24T10:00:00.000Z'],
    ['Mon 10:00 + 24 h → Wed 16:00 (8 + 9 + 7)', '2026-11-23T02:00:00Z', 24, WEEKDAYS_9_TO_6, '2026-11-25T08:00:00.000Z'],
    ['Tue 00:30 Beijing is still Mon in UTC: + 1 h → Tue 10:00', '2026-11-23T16:30:00Z', 1, WEEKDAYS_9_TO_6, '2026-11-24T02:00:00.000Z'],
    ['ends exactly at closing time', '2026-11-23T01:00:00Z', 9, WEEKDAYS_9_TO_6, '2026-11-23T10:00:00.000Z'],
  ])('%s', (_label, start, hours, calendar, expected) => {
    expect(computeDeadline(new Date(start), hours, calendar).toISOString()).toBe(expected);
  });
});

describe('escalationThresholds and dueEscalationSteps', () => {
  const dispatched = new Date('2026-11-23T00:00:00Z');
  const deadline = new Date('2026-11-23T04:00:00Z'); // 4 h SLA

  it('puts the reminder at half time, the notice at the deadline and the circular at 2× SLA', () => {
    expect(escalationThresholds(dispatched, deadline)).toEqual({
      reminderAt: new Date('2026-11-23T02:00:00Z'),
      deadlineAt: new Date('2026-11-23T04:00:00Z'),
      circularAt: new Date('2026-11-23T08:00:00Z'),
    });
  });

  it.each([
    ['2026-11-23T01:59:59Z', []],
    ['2026-11-23T02:00:00Z', ['reminder']],
    ['2026-11-23T03:59:00Z', ['reminder']],
    ['2026-11-23T04:00:00Z', ['reminder', 'overdue']],
    ['2026-11-23T07:59:00Z', ['reminder', 'overdue']],
    ['2026-11-23T08:00:00Z', ['reminder', 'overdue', 'circular']],
  ])('at %s the due steps are %j', (now, steps) => {
    expect(dueEscalationSteps(dispatched, deadline, new Date(now))).toEqual(steps);
  });
});

describe('isOverdue / minutesLeft', () => {
  const deadline = new Date('2026-11-23T04:00:00Z');
  const after = new Date('2026-11-23T05:00:00Z');
  const before = new Date('2026-11-23T03:00:00Z');
  it.each([
    ['dispatched', deadline, after, true],
    ['in_progress', deadline, after, true],
    ['in_progress', deadline, before, false],
    ['resolved', deadline, after, false],
    ['closed', deadline, after, false],
    ['accepted', null, after, false],
    ['dispatched', null, after, false],
  ] as const)('%s with deadline %s at %s → %s', (status, dl, now, expected) => {
    expect(isOverdue(status, dl, now)).toBe(expected);
  });

  it('counts minutes left, negative once past, null when the clock does not run', () => {
    expect(minutesLeft('dispatched', deadline, before)).toBe(60);
    expect(minutesLeft('in_progress', deadline, after)).toBe(-60);
    expect(minutesLeft('resolved', deadline, before)).toBeNull();
  });
});

describe('parseWorkingHours', () => {
  it.each([
    ['', null],
    ['off', null],
    ['1-5 09:00-18:00', { workdays: [1, 2, 3, 4, 5], startHour: 9, endHour: 18, timezoneOffsetMinutes: 480 }],
    ['1-3,6 08:30-17:30', { workdays: [1, 2, 3, 6], startHour: 8.5, endHour: 17.5, timezoneOffsetMinutes: 480 }],
  ])('%j', (text, expected) => {
    expect(parseWorkingHours(text)).toEqual(expected);
  });

  it.each(['mon-fri 9-18', '1-5 18:00-09:00', '5-1 09:00-18:00', '1-8 09:00-18:00', '1-5 09:00-25:00'])('refuses %j', (text) => {
    expect(() => parseWorkingHours(text)).toThrow();
  });
});

describe('SLA edges', () => {
  const start = new Date('2026-11-23T02:00:00Z'); // Monday 10:00 Beijing

  it.each([
    ['no working day', { ...WEEKDAYS_9_TO_6, workdays: [] }],
    ['a window that ends before it starts', { ...WEEKDAYS_9_TO_6, startHour: 18, endHour: 9 }],
    ['an empty window', { ...WEEKDAYS_9_TO_6, startHour: 9, endHour: 9 }],
  ])('a calendar with %s is ignored: the clock always runs', (_label, calendar) => {
    expect(computeDeadline(start, 4, calendar).toISOString()).toBe('2026-11-23T06:00:00.000Z');
  });

  it('gives up after 10 000 days when no listed day ever comes (a bad calendar cannot hang the server)', () => {
    const never = { ...WEEKDAYS_9_TO_6, workdays: [8] };
    expect(computeDeadline(start, 1, never).getTime() - start.getTime()).toBe(10_000 * 86_400_000 - 10 * 3_600_000);
  });

  it('is overdue only after the deadline, not at it', () => {
    const deadline = new Date('2026-11-23T06:00:00Z');
    expect(isOverdue('dispatched', deadline, deadline)).toBe(false);
    expect(isOverdue('dispatched', deadline, new Date(deadline.getTime() + 1))).toBe(true);
    expect(minutesLeft('dispatched', deadline, deadline)).toBe(0);
    expect(minutesLeft('resolved', deadline, start)).toBeNull();
    expect(minutesLeft('in_progress', deadline, start)).toBe(240);
  });

  it('orders the escalation ladder and labels it', () => {
    expect(ESCALATION_STEPS).toEqual(['reminder', 'overdue', 'circular']);
    expect(ESCALATION_STEP_LABELS).toEqual({ reminder: '督办提醒', overdue: '超期', circular: '列入通报' });
  });

  it.each([
    [null, null],
    [undefined, null],
    ['  ', null],
    ['OFF', null],
    ['None', null],
    ['6 10:00-16:00', { workdays: [6], startHour: 10, endHour: 16 }],
    ['3-3 08:00-12:00', { workdays: [3], startHour: 8, endHour: 12 }],
    ['1,2-3 08:00-12:00', { workdays: [1, 2, 3], startHour: 8, endHour: 12 }],
    ['5,1-3 08:00-12:00', { workdays: [1, 2, 3, 5], startHour: 8, endHour: 12 }],
    ['1-5  08:59-17:59', { workdays: [1, 2, 3, 4, 5], startHour: 8 + 59 / 60, endHour: 17 + 59 / 60 }],
    ['1-7 00:00-24:00', { workdays: [1, 2, 3, 4, 5, 6, 7], startHour: 0, endHour: 24 }],
  ])('parses %j', (text, expected) => {
    const parsed = parseWorkingHours(text);
    expect(parsed).toEqual(expected && { ...expected, timezoneOffsetMinutes: 480 });
  });

  it.each([
    ['offx', 'must look like "1-5 09:00-18:00"'],
    ['xoff', 'must look like "1-5 09:00-18:00"'],
    ['x1-5 09:00-18:00', 'must look like "1-5 09:00-18:00"'],
    ['1-5 09:00-18:00x', 'must look like "1-5 09:00-18:00"'],
    ['5-1 09:00-18:00', 'day range 5-1 is reversed'],
    ['1-5 09:60-18:00', 'the window must be within one day and end after it starts'],
    ['1-5 09:00-18:60', 'the window must be within one day and end after it starts'],
    ['1-5 09:00-24:30', 'the window must be within one day and end after it starts'],
    ['1-5 09:00-09:00', 'the window must be within one day and end after it starts'],
  ])('refuses %j', (text, message) => {
    expect(() => parseWorkingHours(text)).toThrow(`working hours "${text}"`);
    expect(() => parseWorkingHours(text)).toThrow(message);
  });
});
