import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PhotoRole } from '@sansui/shared';
import { DataSource, QueryFailedError } from 'typeorm';
import { newCaseValues, submitEventValues, type OpenCaseInput } from '../cases/case-lifecycle.service';
import { CaseEvent } from '../cases/case-event.entity';
import { Case } from '../cases/case.entity';
import { AppException } from '../common/errors/app-exception';
import { insertStatement } from '../database/insert-row';
import { MultiStatementCalls, type Statement } from '../database/multi-statement';
import { readSqlDate } from '../database/sql-date';
import type { IntakePhoto } from '../uploads/photos.service';
import { Report } from './report.entity';
import { ReportPhotos } from './report-photos';

/** What the transaction of a submission wrote. */
export interface Written {
  report: Report;
  case: Case;
  submit: CaseEvent;
  photos: IntakePhoto[];
  /** Merged into an open case on arrival (auto-merge): the answer is then read back in full. */
  merged: boolean;
}

/** What the one call writes: a report, its new case (not merged) and photos of one role. */
export interface SubmissionWrites {
  report: Partial<Report> & Pick<Report, 'userId'>;
  /** The case as CaseLifecycle.open would write it; its primaryReportId is the new report's. */
  open: Omit<OpenCaseInput, 'primaryReportId'>;
  photoRows: IntakePhoto[];
  photoIds: number[];
  role: PhotoRole;
}

const sessionValue = (sql: string): Statement => ({ sql, params: [] });

/**
 * createdAt of a new report and of its submit event, as stored (database defaults), in one statement: `reportId` and
 * `eventId` as SQL (bound values, or the call's session variables).
 */
export function storedTimesStatement(reportId: Statement, eventId: Statement): Statement {
  return {
    sql: `SELECT r.createdAt AS report, e.createdAt AS submit FROM reports r INNER JOIN case_events e ON e.id = ${eventId.sql} WHERE r.id = ${reportId.sql}`,
    params: [...eventId.params, ...reportId.params],
  };
}

/** Stands for the new report's id in the submit event's JSON, which is cut there and joined around `@r` in SQL. */
const REPORT_ID_MARK = -7_340_031;

/**
 * MariaDB: a submission's transaction as one call, one round trip instead of eight (BEGIN, INSERT report, INSERT case,
 * INSERT event, UPDATE photos, UPDATE report, the stored times, COMMIT). The same statements and values as
 * ReportsService's transaction: the ids pass between them in session variables (`@r` the report, `@c` the case, the
 * event's id as LAST_INSERT_ID(), which UPDATEs leave alone), and the photos' conditional UPDATE is checked in SQL:
 * the report's caseId is written as NULL when it took fewer photos than asked, which strict mode refuses
 * (ER_BAD_NULL_ERROR), so the call stops before COMMIT and is rolled back (PHOTO_ALREADY_USED, as the other path).
 * Only for a report that opens a case with no auto-merge, moderation notice or pickup evidence; the rest run as before.
 */
@Injectable()
export class SubmissionCall {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly calls: MultiStatementCalls,
    private readonly photos: ReportPhotos,
  ) {}

  async commit(w: SubmissionWrites): Promise<Written> {
    const em = this.db.manager;
    const attaching = w.photoIds.length ? this.photos.attachable(w.photoRows, { photoIds: w.photoIds, userId: w.report.userId }) : [];
    const caseValues = newCaseValues({ ...w.open, primaryReportId: 0 });
    const event = submitEventValues({ ...w.open, primaryReportId: 0 });
    const [dataBefore, dataAfter, ...rest] = JSON.stringify({ ...event.data, reportId: REPORT_ID_MARK }).split(`:${REPORT_ID_MARK}`);
    if (rest.length || dataAfter === undefined) throw new Error('SubmissionCall: the event data holds the report id mark twice');
    const statements: Statement[] = [
      { sql: 'BEGIN', params: [] },
      insertStatement(em, Report, w.report),
      insertStatement(em, Case, caseValues, { primaryReportId: { sql: '(@r := LAST_INSERT_ID())', params: [] } }),
      insertStatement(
        em,
        CaseEvent,
        { caseId: 0, note: null, photoIds: null, data: null, ...event },
        {
          caseId: { sql: '(@c := LAST_INSERT_ID())', params: [] },
          data: { sql: 'CONCAT(?, @r, ?)', params: [`${dataBefore}:`, dataAfter] },
        },
      ),
    ];
    const ids = attaching.map((p) => p.id);
    if (ids.length)
      statements.push(
        this.photos.takeStatement(
          ids,
          { userId: w.report.userId, role: w.role },
          { reportId: sessionValue('@r'), caseId: sessionValue('@c') },
        ),
        { sql: 'UPDATE reports SET caseId = IF(ROW_COUNT() = ?, @c, NULL) WHERE id = @r', params: [ids.length] },
      );
    else statements.push({ sql: 'UPDATE reports SET caseId = @c WHERE id = @r', params: [] });
    statements.push(storedTimesStatement(sessionValue('@r'), sessionValue('LAST_INSERT_ID()')), { sql: 'COMMIT', params: [] });
    let results: unknown[];
    try {
      results = await this.calls.run(statements);
    } catch (e) {
      if (e instanceof QueryFailedError && (e.driverError as { code?: string }).code === 'ER_BAD_NULL_ERROR')
        throw new AppException('PHOTO_ALREADY_USED');
      throw e;
    }
    const [reportId, caseId, eventId] = [1, 2, 3].map((i) => Number((results[i] as { insertId: number | string }).insertId));
    const [times] = results[results.length - 2] as { report: Date | string; submit: Date | string }[];
    const now = new Date();
    const caseRow = Object.assign(new Case(), caseValues, {
      id: caseId,
      primaryReportId: reportId,
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
    const submit = Object.assign(
      new CaseEvent(),
      { caseId, note: null, photoIds: null, data: null, ...event },
      {
        id: eventId,
        data: { ...event.data, reportId },
        createdAt: readSqlDate(times.submit),
      },
    );
    const report = Object.assign(new Report(), w.report, { id: reportId, caseId, createdAt: readSqlDate(times.report) });
    const photos = this.photos.markAttached(attaching, { photoIds: ids, userId: w.report.userId, reportId, caseId, role: w.role });
    return { report, case: caseRow, submit, photos, merged: false };
  }
}
