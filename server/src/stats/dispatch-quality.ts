import type { DispatchOutcomeGroup } from '../cases/dispatch-outcome.repository';

/** One case's dispatch and return events, oldest first. */
export interface DispatchTimeline {
  caseId: number;
  categoryCode: string;
  events: { action: 'dispatch' | 'return'; departmentId: number | null; suggested: boolean; at: Date }[];
}

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
 * How one case's dispatch went (docs/domain.md §17), from its timeline: first-time-right when it was dispatched once
 * and never returned; every dispatch counts (1 = one department, once). A reassign inside the department and a
 * reopen (rework) are neither a dispatch nor a return here, so they do not count as hand-offs. The server keeps the
 * same outcome on the case (cases/dispatch-outcome.repository.ts); this is the rule in plain code, for reports
 * that are not cases yet (the labelled routing set) and for the recount tests. Null when the case has no dispatch.
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

/** The sums of stored outcome groups (cases/dispatch-outcome.repository.ts), e.g. one department's or the city's. */
export function tallyGroups(groups: DispatchOutcomeGroup[]): DispatchTally {
  return {
    dispatched: groups.reduce((s, g) => s + g.dispatched, 0),
    firstTimeRight: groups.reduce((s, g) => s + g.firstTimeRight, 0),
    dispatches: groups.reduce((s, g) => s + g.dispatches, 0),
    suggestionTaken: groups.reduce((s, g) => s + g.suggestionTaken, 0),
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

export function groupBy<T, K>(xs: T[], key: (x: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const x of xs) {
    const k = key(x);
    const group = out.get(k);
    if (group) group.push(x);
    else out.set(k, [x]);
  }
  return out;
}
