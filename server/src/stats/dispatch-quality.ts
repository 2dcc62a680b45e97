import type { DispatchTimeline } from '../cases/dispatch-timeline.repository';

export type { DispatchTimeline };

export interface DispatchTally {
  dispatched: number;
  firstTimeRight: number;
  dispatches: number;
  suggestionTaken: number;
}

export interface CaseDispatchOutcome {
  caseId: number;
  categoryCode: string;
  firstDepartmentId: number;
  firstTimeRight: boolean;
  dispatches: number;
  returns: number;
  suggestionTaken: boolean;
}

/**
 * How one case's dispatch went (docs/domain.md §17): first-time-right when it was dispatched once and never
 * returned; every dispatch counts (1 = one department, once). A reassign inside the department and a reopen
 * (rework) are neither a dispatch nor a return here, so they do not count as hand-offs.
 * Null when the case has no dispatch at all.
 */
export function caseDispatchOutcome(t: DispatchTimeline): CaseDispatchOutcome | null {
  const dispatches = t.events.filter((e) => e.action === 'dispatch');
  const first = dispatches[0];
  if (!first || first.departmentId === null) return null;
  const returns = t.events.filter((e) => e.action === 'return').length;
  return {
    caseId: t.caseId,
    categoryCode: t.categoryCode,
    firstDepartmentId: first.departmentId,
    firstTimeRight: dispatches.length === 1 && returns === 0,
    dispatches: dispatches.length,
    returns,
    suggestionTaken: first.suggested,
  };
}

export function tally(outcomes: CaseDispatchOutcome[]): DispatchTally {
  return {
    dispatched: outcomes.length,
    firstTimeRight: outcomes.filter((o) => o.firstTimeRight).length,
    dispatches: outcomes.reduce((s, o) => s + o.dispatches, 0),
    suggestionTaken: outcomes.filter((o) => o.suggestionTaken).length,
  };
}

const ratio = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 10_000) / 10_000);

export function rates(t: DispatchTally) {
  return {
    dispatched: t.dispatched,
    firstTimeRight: t.firstTimeRight,
    firstTimeRightRate: ratio(t.firstTimeRight, t.dispatched),
    handoffsPerCase: ratio(t.dispatches, t.dispatched),
    suggestionTakenRate: ratio(t.suggestionTaken, t.dispatched),
  };
}

export function groupBy<K>(outcomes: CaseDispatchOutcome[], key: (o: CaseDispatchOutcome) => K): Map<K, CaseDispatchOutcome[]> {
  const out = new Map<K, CaseDispatchOutcome[]>();
  for (const o of outcomes) out.set(key(o), [...(out.get(key(o)) ?? []), o]);
  return out;
}
