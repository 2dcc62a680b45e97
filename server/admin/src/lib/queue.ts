/**
 * The case to show after the open one has been handled and left the queue (triage, verification): the next row,
 * or the previous one when it was the last; null when the queue had only that case.
 */
export function nextCaseId(ids: readonly number[], current: number): number | null {
  const i = ids.indexOf(current);
  if (i < 0) return ids[0] ?? null;
  return ids[i + 1] ?? ids[i - 1] ?? null;
}
