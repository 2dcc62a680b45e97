import type { EntityTarget, ObjectLiteral } from 'typeorm';
import type { Case } from '../cases/case.entity';
import type { Report } from '../reports/report.entity';
import type { TestApp } from './test-app';

const HOUR = 3600_000;

/** Whether the test app runs on MariaDB/MySQL. */
export const onMysql = (t: TestApp) => t.db.options.type === 'mysql' || t.db.options.type === 'mariadb';

/** Inserts rows `chunk` at a time: one INSERT of thousands of rows would pass the databases' bound-parameter limits. */
export async function insertInChunks<T extends ObjectLiteral>(t: TestApp, entity: EntityTarget<T>, rows: Partial<T>[], chunk = 500) {
  for (let i = 0; i < rows.length; i += chunk) await t.db.getRepository(entity).insert(rows.slice(i, i + chunk) as never);
}

/** A case row as the bulk seeds write it: a mini-program snap in one cell, with nothing else set than `row` says. */
export function caseRow(row: Partial<Case> & Pick<Case, 'status'>): Partial<Case> {
  return {
    kind: 'snap',
    source: 'miniapp',
    categoryCode: 'exposed_garbage',
    departmentId: null,
    gridId: null,
    handlerUserId: null,
    lat: 31.2,
    lng: 121.4,
    cellKey: 'wtw3sjq',
    description: null,
    primaryReportId: 0,
    masterCaseId: null,
    slaHours: 4,
    dispatchedAt: null,
    deadline: null,
    resolvedAt: null,
    closedAt: null,
    flagged: false,
    triage: null,
    ...row,
  };
}

/**
 * Case i of a city-sized table for the plan tests: spread over a few hundred metres; with a department, dispatched
 * 0–71 hours before `now` and due 4 hours after; closed at `now` when its status is closed.
 */
export function cityCaseRow(i: number, now: number, row: Partial<Case> & Pick<Case, 'status'>): Partial<Case> {
  const dispatchedAt = row.departmentId == null ? null : new Date(now - (i % 72) * HOUR);
  return caseRow({
    lat: 31.2 + (i % 100) * 1e-4,
    lng: 121.4 + (i % 97) * 1e-4,
    dispatchedAt,
    deadline: dispatchedAt && new Date(dispatchedAt.getTime() + 4 * HOUR),
    closedAt: row.status === 'closed' ? new Date(now) : null,
    ...row,
  });
}

/** A resident's checked snap report on a case, as the bulk seeds write them. */
export function reportRow(userId: number, caseId: number, clientRequestId: string, gridId: number | null = null): Partial<Report> {
  return {
    userId,
    clientRequestId,
    kind: 'snap',
    source: 'miniapp',
    categoryCode: 'exposed_garbage',
    description: null,
    lat: 31.2,
    lng: 121.4,
    coordSystem: 'gcj02',
    caseId,
    gridId,
    contentCheck: 'pass',
  };
}

/** Gathers the planners' statistics after a bulk seed (SQLite analyses every table). */
export async function analyze(t: TestApp, tables: string[]): Promise<void> {
  await t.db.query(onMysql(t) ? `ANALYZE TABLE ${tables.join(', ')}` : 'ANALYZE');
}
