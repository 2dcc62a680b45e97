import { caseDispatchOutcome, rates, tally, type DispatchTimeline } from './dispatch-quality';

const at = (min: number) => new Date(Date.UTC(2026, 10, 2, 1, min));
const dispatch = (departmentId: number, min: number, suggested = true) => ({
  action: 'dispatch' as const,
  departmentId,
  suggested,
  at: at(min),
});
const ret = (min: number) => ({ action: 'return' as const, departmentId: null, suggested: false, at: at(min) });
const timeline = (caseId: number, events: DispatchTimeline['events']): DispatchTimeline => ({
  caseId,
  categoryCode: 'exposed_garbage',
  events,
});

describe('dispatch quality of hand-built timelines', () => {
  it('dispatched once and never returned is first-time-right, one dispatch per case', () => {
    expect(caseDispatchOutcome(timeline(1, [dispatch(7, 0)]))).toMatchObject({
      firstTimeRight: true,
      dispatches: 1,
      returns: 0,
      firstDepartmentId: 7,
    });
  });

  it('return then re-dispatch counts a hand-off and is not first-time-right, charged to the first department', () => {
    expect(caseDispatchOutcome(timeline(2, [dispatch(7, 0), ret(30), dispatch(8, 40, false)]))).toMatchObject({
      firstTimeRight: false,
      dispatches: 2,
      returns: 1,
      firstDepartmentId: 7,
      suggestionTaken: true,
    });
  });

  it('a return not yet re-dispatched is already not first-time-right', () => {
    expect(caseDispatchOutcome(timeline(3, [dispatch(7, 0), ret(5)]))).toMatchObject({ firstTimeRight: false, dispatches: 1, returns: 1 });
  });

  it('a case never dispatched is not counted', () => {
    expect(caseDispatchOutcome(timeline(4, []))).toBeNull();
  });

  it('adds up rates: first-time-right, dispatches per case and suggestions taken', () => {
    const outcomes = [
      timeline(1, [dispatch(7, 0)]),
      timeline(2, [dispatch(7, 0), ret(30), dispatch(8, 40)]),
      timeline(3, [dispatch(8, 0, false)]),
      timeline(4, [dispatch(8, 0)]),
    ].map((t) => caseDispatchOutcome(t)!);
    expect(rates(tally(outcomes))).toEqual({
      dispatched: 4,
      firstTimeRight: 3,
      firstTimeRightRate: 0.75,
      handoffsPerCase: 1.25,
      suggestionTakenRate: 0.75,
    });
    expect(rates(tally([]))).toMatchObject({ dispatched: 0, firstTimeRightRate: null, handoffsPerCase: null });
  });
});
