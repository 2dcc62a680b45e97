import type { CaseStatus } from '@sansui/shared';

/**
 * The scopes of MariaDB's read versions (migration ReadScopes, whose triggers compute them from the rows written, with
 * the same numbers): a kept answer names the scopes whose rows it shows, and only a write to one of them ends it.
 * `ANY_WRITE` is every write to a table a kept answer reads (scope 0, which every trigger moves), for an answer no narrower scope covers.
 * SQLite has one version for all (DataVersion).
 */
export type ReadScope = number;

export const ANY_WRITE: ReadScope = 0;
/** Case statuses in the triggers' order (FIELD(): a status missing here is 0, the scopes of an unknown status). */
const STATUSES: readonly string[] = ['submitted', 'accepted', 'rejected', 'merged', 'dispatched', 'in_progress', 'resolved', 'closed'];
const DEPARTMENT_BUCKETS = 64;
const ANY_DEPARTMENT = 65;
const PER_STATUS = 66;
/** Every write to users (a handler's name on the lists). */
const USERS: ReadScope = 700;
/** Every write to departments and categories (names the answers show). */
const REFERENCE: ReadScope = 701;
const REPORTERS = 1000;
const REPORTER_BUCKETS = 1024;

/** The list rows of cases in `status`, of one department or of any: a case written in or out of it moves the scope. */
export function caseScope(status: CaseStatus, departmentId: number | 'any'): ReadScope {
  const department = departmentId === 'any' ? ANY_DEPARTMENT : departmentId % DEPARTMENT_BUCKETS;
  return 1 + (STATUSES.indexOf(status) + 1) * PER_STATUS + department;
}

/**
 * What a case list of these statuses shows, in one department or any: the cases (a row's reports, photos and
 * extensions move its case's scope), the handlers' names, the reference tables.
 */
export function caseListScopes(statuses: readonly CaseStatus[], departmentId: number | 'any'): ReadScope[] {
  return [...new Set(statuses)].map((s) => caseScope(s, departmentId)).concat(USERS, REFERENCE);
}

/** What a resident's my reports show: their reports, those reports' photos and cases (and masters), the reference tables. */
export function reporterScopes(userId: number): ReadScope[] {
  return [REPORTERS + (userId % REPORTER_BUCKETS), REFERENCE];
}
