/** A Date as a query parameter that compares right on both databases (SQLite stores UTC 'YYYY-MM-DD HH:MM:SS.SSS' text; MySQL accepts it). */
export function sqlTime(d: Date): string {
  return d.toISOString().replace('T', ' ').replace('Z', '');
}

/** States in which the deadline clock runs, as an SQL list (mirror of DEADLINE_RUNNING_STATUSES). */
export const RUNNING_SQL = "('dispatched', 'in_progress')";
