import { QueryFailedError } from 'typeorm';
import { Case } from '../cases/case.entity';
import { CaseEvent } from '../cases/case-event.entity';
import { AppException } from '../common/errors/app-exception';
import { MultiStatementCalls } from '../database/multi-statement';
import { Photo } from '../uploads/photo.entity';
import { PhotosService } from '../uploads/photos.service';
import { newRequestId, REPORT_TEST_AREA, residentLogin, seedReportTestPlaces, uploadScene } from '../testing/factories-reports';
import { statementRecorder } from '../testing/statements';
import { startTestApp, type TestApp } from '../testing/test-app';
import { testDatabaseKind } from '../testing/test-database';
import { ReportPhotos } from './report-photos';
import { Report } from './report.entity';
import { ReportsService, type SubmitInput, type Submitter } from './reports.service';

const onMariadb = testDatabaseKind() === 'mysql' ? it : it.skip;

/** Values that would end a quoted literal, stack a statement or shift the escaping, if any reached SQL unbound. */
const HOSTILE = [
  "x'); DROP TABLE reports; --",
  "\\'; DROP TABLE cases; SELECT '",
  '"; SELECT SLEEP(5); # ? @r := 0',
  "縺'\\\\; DELETE FROM photos; -- 😀",
];

/**
 * The submission's transaction on MariaDB as one multi-statement call (SubmissionCall): values stay values, a failed
 * statement rolls the whole call back and leaves its connection clean, and the statements are still counted one by one.
 */
describe('report submission in one call', () => {
  let t: TestApp;
  let reports: ReportsService;
  let resident: { token: string; userId: number };
  let seed = 900;
  let record: ReturnType<typeof statementRecorder>;

  beforeAll(async () => {
    t = await startTestApp();
    await seedReportTestPlaces(t.db);
    resident = await residentLogin(t, 'one-call');
    reports = t.app.get(ReportsService);
    record = statementRecorder(t);
  });
  afterAll(async () => t?.close());
  afterEach(() => jest.restoreAllMocks());

  const hotline = (): Submitter => ({ userId: resident.userId, openid: null, source: 'hotline', actorRole: 'dispatcher' });
  const snap = async (extra: Partial<SubmitInput> = {}): Promise<SubmitInput> => ({
    kind: 'snap',
    categoryCode: 'exposed_garbage',
    location: REPORT_TEST_AREA.centre,
    photoIds: [await uploadScene(t, resident.token, seed++)],
    clientRequestId: newRequestId(),
    ...extra,
  });
  /** Every connection of the call pool (more calls at once than it holds) is outside a transaction and sees only committed rows. */
  const expectCallPoolClean = async (reportsCommitted: number) => {
    const calls = t.app.get(MultiStatementCalls);
    const sql =
      'SELECT @@in_transaction AS open, SLEEP(0.05) AS s, (SELECT COUNT(*) FROM reports) AS n, (SELECT COUNT(*) FROM case_events WHERE action = ?) AS notes';
    const states = await Promise.all([0, 1, 2, 3, 4, 5].map(() => calls.run([{ sql, params: ['note'] }])));
    for (const [rows] of states) expect(rows).toEqual([{ open: 0, s: 0, n: reportsCommitted, notes: 0 }]);
  };
  const count = async () => ({
    reports: await t.db.getRepository(Report).count(),
    cases: await t.db.getRepository(Case).count(),
    events: await t.db.getRepository(CaseEvent).count(),
  });

  it.each(HOSTILE.map((value, i) => [i, value]))(
    'stores hostile value %i as text in every text field, and runs nothing',
    async (_, value) => {
      const before = await count();
      const input = await snap({
        description: value,
        address: value,
        contactName: value,
        contactPhone: value.slice(0, 20),
        externalId: value,
        triageExtra: { mediaUrl: value },
      });
      const { report, created } = await reports.submit(hotline(), input);
      expect(created).toBe(true);
      const row = await t.db.getRepository(Report).findOneByOrFail({ id: report.id });
      expect([row.description, row.address, row.contactName, row.contactPhone, row.externalId]).toEqual([
        value.trim(),
        value,
        value,
        value.slice(0, 20),
        value,
      ]);
      const caseRow = await t.db.getRepository(Case).findOneByOrFail({ id: row.caseId });
      expect([caseRow.description, caseRow.address, caseRow.primaryReportId]).toEqual([value.trim(), value, report.id]);
      expect((caseRow.triage as Record<string, unknown>).mediaUrl).toBe(value);
      const submit = await t.db.getRepository(CaseEvent).findOneByOrFail({ caseId: row.caseId, action: 'submit' });
      expect(submit.data).toEqual({ reportId: report.id, source: 'hotline' });
      // Every table is still there and holds exactly the one new report, case and event.
      expect(await count()).toEqual({ reports: before.reports + 1, cases: before.cases + 1, events: before.events + 1 });
      expect(await t.db.getRepository(Photo).countBy({ reportId: report.id })).toBe(1);
    },
  );

  it('the same photo in two reports at once: one is filed, the other answers PHOTO_ALREADY_USED and leaves nothing', async () => {
    for (let round = 0; round < 5; round++) {
      const input = await snap();
      const before = await count();
      const results = await Promise.allSettled([
        reports.submit(hotline(), { ...input, clientRequestId: newRequestId() }),
        reports.submit(hotline(), { ...input, clientRequestId: newRequestId() }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      const refused = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!.reason as AppException;
      expect(refused.code).toBe('PHOTO_ALREADY_USED');
      expect(await count()).toEqual({ reports: before.reports + 1, cases: before.cases + 1, events: before.events + 1 });
    }
  });

  onMariadb('sends the transaction as one call whose statements are each counted', async () => {
    const run = jest.spyOn(t.app.get(MultiStatementCalls), 'run');
    const { statements } = await record(async () => reports.submit(hotline(), await snap()));
    // Two calls: the reads before the transaction (SubmissionReads), then the transaction.
    expect(run.mock.calls.map(([sent]) => sent[0].sql.split(' ')[0])).toEqual(['SELECT', 'BEGIN']);
    const inCall = statements.slice(statements.findIndex((s) => s.sql === 'BEGIN')).map((s) => s.sql.split(' ')[0]);
    expect(inCall).toEqual(['BEGIN', 'INSERT', 'INSERT', 'INSERT', 'UPDATE', 'UPDATE', 'SELECT', 'COMMIT']);
  });

  onMariadb('a photo taken after intake read it: the whole call is rolled back, PHOTO_ALREADY_USED, and the pool is clean', async () => {
    const photos = t.app.get(ReportPhotos);
    const input = await snap();
    const stale = await photos.rows(input.photoIds);
    // Another report takes the photo between intake's read and its transaction.
    await reports.submit(hotline(), { ...input, clientRequestId: newRequestId() });
    const before = await count();
    // Intake's read of the rows (one packet with the finder's reads on MariaDB) answers them as they were.
    const intake = jest.spyOn(t.app.get(PhotosService), 'intakeRowsOf').mockReturnValue(stale.map((p) => ({ ...p })));
    const second = await reports.submit(hotline(), { ...input, clientRequestId: newRequestId() }).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(AppException);
    expect((second as AppException).code).toBe('PHOTO_ALREADY_USED');
    expect(intake).toHaveBeenCalled();
    // Nothing of the call stayed: no report, case or event (the INSERTs ran before the failed statement).
    expect(await count()).toEqual(before);
    await expectCallPoolClean(before.reports);
  });

  onMariadb(
    'every connection of the call pool runs in strict mode, whatever the server defaults to (the photo check relies on it)',
    async () => {
      const calls = t.app.get(MultiStatementCalls);
      // More calls at once than the pool holds, so each of its connections answers at least once.
      const modes = await Promise.all(
        [0, 1, 2, 3, 4, 5].map(() =>
          calls.run([{ sql: 'SELECT @@SESSION.sql_mode AS mode, CONNECTION_ID() AS id, SLEEP(0.05) AS s', params: [] }]),
        ),
      );
      const rows = modes.map(([r]) => (r as { mode: string; id: number }[])[0]);
      expect(new Set(rows.map((r) => r.id)).size).toBeGreaterThan(1);
      for (const { mode } of rows) expect(mode.split(',')).toContain('STRICT_ALL_TABLES');
    },
  );

  onMariadb('a duplicate key mid-call rolls back and answers the first report, as the other path', async () => {
    const input = await snap();
    const first = await reports.submit(hotline(), input);
    const before = await count();
    const again = await reports.submit(hotline(), { ...input, photoIds: [await uploadScene(t, resident.token, seed++)] });
    expect(again.created).toBe(false);
    expect(again.report.id).toBe(first.report.id);
    expect(await count()).toEqual(before);
  });

  onMariadb('a deadlock is retried with the whole call', async () => {
    const calls = t.app.get(MultiStatementCalls);
    const real = calls.run.bind(calls);
    const deadlock = Object.assign(new Error('Deadlock found when trying to get lock'), { code: 'ER_LOCK_DEADLOCK', errno: 1213 });
    let deadlocked = 0;
    const run = jest
      .spyOn(calls, 'run')
      .mockImplementation((sent) =>
        sent[0].sql === 'BEGIN' && deadlocked++ === 0 ? Promise.reject(new QueryFailedError('BEGIN', [], deadlock)) : real(sent),
      );
    const before = await count();
    const { created, report } = await reports.submit(hotline(), await snap());
    expect(created).toBe(true);
    // The reads before the transaction once, the transaction twice.
    expect(run.mock.calls.map(([sent]) => sent[0].sql.split(' ')[0])).toEqual(['SELECT', 'BEGIN', 'BEGIN']);
    expect(await count()).toEqual({ reports: before.reports + 1, cases: before.cases + 1, events: before.events + 1 });
    expect((await t.db.getRepository(Report).findOneByOrFail({ id: report.id })).caseId).toBe(report.caseId);
  });

  onMariadb('a real error mid-packet: MariaDB stops there and leaves the transaction open, which the call rolls back', async () => {
    const calls = t.app.get(MultiStatementCalls);
    const before = await count();
    const failed = await calls
      .run([
        { sql: 'BEGIN', params: [] },
        { sql: "INSERT INTO case_events (caseId, action) VALUES (?, 'note')", params: [1] },
        { sql: 'SELECT no_such_column FROM reports', params: [] },
        { sql: 'COMMIT', params: [] },
      ])
      .catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(QueryFailedError);
    expect(await count()).toEqual(before);
    await expectCallPoolClean(before.reports);
  });
});
