import { CASE_STATUSES, type CaseListItemDto, type CaseListPage, type Page, type ReportDto } from '@sansui/shared';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Report } from '../reports/report.entity';
import { Photo } from '../uploads/photo.entity';
import { insertActor, insertCase, insertPhoto, seedCaseWorld, type Actor, type CaseWorld } from '../testing/factories-cases';
import { writeFromOutside } from '../testing/outside-write';
import { startTestApp, type TestApp } from '../testing/test-app';
import { DataVersion } from './data-version';
import { caseScope } from './read-scopes';

const RUNNING = '/api/v1/cases?status=dispatched,in_progress&sort=deadline&pageSize=100';
const FINISHED = '/api/v1/cases?status=resolved,closed&sort=deadline&pageSize=100';
const MINE = '/api/v1/reports/mine?page=1&pageSize=20';

interface Read<T> {
  body: T;
  kept: boolean;
}

async function get<T>(t: TestApp, who: Actor, url: string): Promise<Read<T>> {
  const res = await t.http().get(url).set(who.auth).expect(200);
  return { body: res.body as T, kept: String(res.headers['server-timing']).includes('kept') };
}

const list = (t: TestApp, who: Actor, url = RUNNING) => get<CaseListPage>(t, who, url);
const mine = (t: TestApp, who: Actor) => get<Page<ReportDto>>(t, who, MINE);
const row = (page: Read<CaseListPage>, id: number): CaseListItemDto | undefined => page.body.items.find((i) => i.id === id);

/**
 * Issue 12, seventeenth round: on MariaDB a write ends only the kept answers it can change (read scopes, migration
 * ReadScopes): each test changes what some answers show, by a connection outside the app, and checks that those show
 * it on the next read while the answers it cannot change are kept. SQLite keeps one version for all: there every
 * answer is read again after any write.
 */
describe('answers kept across other people’s writes', () => {
  let t: TestApp;
  let w: CaseWorld;
  let scoped: boolean;
  const resident = () => insertActor(t, ['resident'], null, 'resident');
  /** Kept on MariaDB, where the write is out of the answer's scopes; read again on SQLite. */
  const expectKept = (...reads: Read<unknown>[]) => expect(reads.map((r) => r.kept)).toEqual(reads.map(() => scoped));
  const reportOf = async (caseId: number, userId: number) => t.db.getRepository(Report).findOneByOrFail({ caseId, userId });
  const meToo = async (caseId: number, userId: number) => {
    const own = await reportOf(caseId, (await t.db.query('SELECT userId FROM reports WHERE caseId = ?', [caseId]))[0].userId);
    const repo = t.db.getRepository(Report);
    return repo.save(repo.create({ ...own, id: undefined, userId, clientRequestId: `me-too-${caseId}-${userId}` }));
  };

  beforeAll(async () => {
    t = await startTestApp();
    w = await seedCaseWorld(t);
    scoped = t.app.get<AppConfig>(APP_CONFIG).database.type === 'mysql';
  });
  afterAll(() => t?.close());

  it('a status change shows on the lists of its status and on my reports of its reporters, me-too ones too', async () => {
    const [a, b, other] = [await resident(), await resident(), await resident()];
    const c = await insertCase(t, { status: 'dispatched', departmentId: w.deptA, reporterId: a.user.id });
    await meToo(c.id, b.user.id);
    await insertCase(t, { status: 'dispatched', departmentId: w.deptB, reporterId: other.user.id });
    for (const read of [() => mine(t, a), () => mine(t, b), () => mine(t, other), () => list(t, w.handlerA), () => list(t, w.handlerB)])
      await read();
    await writeFromOutside(t, "UPDATE cases SET status = 'in_progress' WHERE id = ?", [c.id]);
    expect((await mine(t, a)).body.items[0].status).toBe('in_progress');
    expect((await mine(t, b)).body.items[0].status).toBe('in_progress');
    expect(row(await list(t, w.handlerA), c.id)?.status).toBe('in_progress');
    expect(row(await list(t, w.dispatcher), c.id)?.status).toBe('in_progress');
    expectKept(await mine(t, other), await list(t, w.handlerB));
  });

  it('a case moved between departments leaves one queue and joins the other; a list of other statuses is kept', async () => {
    const c = await insertCase(t, { status: 'dispatched', departmentId: w.deptA, reporterId: w.resident.user.id });
    await insertCase(t, { status: 'closed', departmentId: w.deptA, reporterId: w.resident.user.id });
    for (const read of [() => list(t, w.handlerA), () => list(t, w.handlerB), () => list(t, w.dispatcher, FINISHED)]) await read();
    await writeFromOutside(t, 'UPDATE cases SET departmentId = ? WHERE id = ?', [w.deptB, c.id]);
    expect(row(await list(t, w.handlerA), c.id)).toBeUndefined();
    expect(row(await list(t, w.handlerB), c.id)?.departmentId).toBe(w.deptB);
    expectKept(await list(t, w.dispatcher, FINISHED));
  });

  it('the address and a photo verdict filled behind the answer show on my reports; the staff lists and others are kept', async () => {
    const [a, other] = [await resident(), await resident()];
    const c = await insertCase(t, { status: 'submitted', reporterId: a.user.id });
    await insertCase(t, { status: 'submitted', reporterId: other.user.id });
    const report = await reportOf(c.id, a.user.id);
    const photo = await insertPhoto(t, a.user.id);
    await t.db.getRepository(Photo).update(photo.id, { reportId: report.id, caseId: c.id, role: 'evidence', contentCheck: 'pass' });
    const before = (await mine(t, a)).body.items[0];
    for (const read of [() => mine(t, other), () => list(t, w.handlerA), () => list(t, w.dispatcher)]) await read();
    await writeFromOutside(t, "UPDATE photos SET contentCheck = 'risky' WHERE id = ?", [photo.id]);
    expect((await mine(t, a)).body.items[0].photos).not.toEqual(before.photos);
    await writeFromOutside(t, 'UPDATE reports SET address = ? WHERE id = ?', ['西湖区 随手路 9 号', report.id]);
    await writeFromOutside(t, 'UPDATE cases SET address = ? WHERE id = ?', ['西湖区 随手路 9 号', c.id]);
    expect((await mine(t, a)).body.items[0].address).toBe('西湖区 随手路 9 号');
    // What the image check notes for itself (its trace id) shows nowhere.
    await writeFromOutside(t, "UPDATE photos SET contentTraceId = 'trace-1' WHERE id = ?", [photo.id]);
    expectKept(await mine(t, a));
    expectKept(await mine(t, other), await list(t, w.handlerA), await list(t, w.dispatcher));
  });

  it('a merge: the merged case’s reporter sees the master’s status and its next one, the master lists the merged report', async () => {
    const [a, b] = [await resident(), await resident()];
    const master = await insertCase(t, { status: 'dispatched', departmentId: w.deptA, reporterId: a.user.id });
    const merged = await insertCase(t, { status: 'submitted', reporterId: b.user.id });
    const mergedReport = await reportOf(merged.id, b.user.id);
    expect((await mine(t, b)).body.items[0].status).toBe('submitted');
    expect(row(await list(t, w.handlerA), master.id)?.reportIds).not.toContain(mergedReport.id);
    await writeFromOutside(t, "UPDATE cases SET status = 'merged', masterCaseId = ? WHERE id = ?", [master.id, merged.id]);
    expect((await mine(t, b)).body.items[0].status).toBe('dispatched');
    expect(row(await list(t, w.handlerA), master.id)?.reportIds).toContain(mergedReport.id);
    await writeFromOutside(t, "UPDATE cases SET status = 'in_progress' WHERE id = ?", [master.id]);
    expect((await mine(t, b)).body.items[0].status).toBe('in_progress');
  });

  it('a handler’s new name shows on the lists; my reports are kept; a login (its time and failures) keeps both', async () => {
    const a = await resident();
    const c = await insertCase(t, {
      status: 'dispatched',
      departmentId: w.deptA,
      handlerUserId: w.handlerA2.user.id,
      reporterId: a.user.id,
    });
    await list(t, w.handlerA);
    await mine(t, a);
    await writeFromOutside(t, 'UPDATE users SET displayName = ? WHERE id = ?', ['新名字的处置人', w.handlerA2.user.id]);
    expect(row(await list(t, w.handlerA), c.id)?.handlerName).toBe('新名字的处置人');
    expectKept(await mine(t, a));
    const now = '2026-12-07 10:00:00.000';
    await writeFromOutside(t, 'UPDATE users SET lastLoginAt = ?, loginFailures = 0, loginLockedUntil = NULL WHERE id = ?', [
      now,
      w.handlerA2.user.id,
    ]);
    await writeFromOutside(t, 'UPDATE users SET lastLoginAt = ? WHERE id = ?', [now, a.user.id]);
    expectKept(await list(t, w.handlerA), await mine(t, a));
  });

  it('a report deleted by hand leaves its resident’s my reports and its case’s row; the case’s other reporter is kept', async () => {
    const [a, b] = [await resident(), await resident()];
    const c = await insertCase(t, { status: 'dispatched', departmentId: w.deptA, reporterId: a.user.id });
    const joined = await meToo(c.id, b.user.id);
    expect((await mine(t, b)).body.total).toBe(1);
    expect(row(await list(t, w.handlerA), c.id)?.reportIds).toContain(joined.id);
    await mine(t, a);
    await writeFromOutside(t, 'DELETE FROM reports WHERE id = ?', [joined.id]);
    expect((await mine(t, b)).body.total).toBe(0);
    expect(row(await list(t, w.handlerA), c.id)?.reportIds).not.toContain(joined.id);
    expectKept(await mine(t, a));
  });

  it('a 延期申请 shows on its department’s queue; the other department’s queue is kept', async () => {
    const c = await insertCase(t, { status: 'in_progress', departmentId: w.deptA, reporterId: w.resident.user.id });
    await list(t, w.handlerA);
    await list(t, w.handlerB);
    await writeFromOutside(
      t,
      "INSERT INTO case_extensions (caseId, hours, reason, status, requestedBy, decisionNote) VALUES (?, 8, '等材料', 'pending', ?, NULL)",
      [c.id, w.handlerA.user.id],
    );
    expect(row(await list(t, w.handlerA), c.id)?.pendingExtension).toMatchObject({ hours: 8, status: 'pending' });
    expectKept(await list(t, w.handlerB));
  });

  (process.env.TEST_DB === 'mysql' ? it : it.skip)(
    'MariaDB: an instance still on the previous release (a rolling deploy) reads a version that moves with every write',
    async () => {
      // The previous release's version read, word for word (its DataVersion before ReadScopes).
      const previous = async () => String((await t.db.query('SELECT SUM(n) AS v FROM read_versions'))[0].v);
      const before = await previous();
      await writeFromOutside(t, "UPDATE users SET lastLoginAt = '2026-12-07 20:00:00' WHERE id = ?", [w.handlerA.user.id]);
      const afterLogin = await previous();
      expect(afterLogin).not.toBe(before);
      await insertCase(t, { status: 'submitted', departmentId: w.deptA, reporterId: w.resident.user.id });
      expect(await previous()).not.toBe(afterLogin);
    },
  );

  (process.env.TEST_DB === 'mysql' ? it : it.skip)(
    'MariaDB: a case written in each status moves the scope the app names for it',
    async () => {
      const sum = async (scope: number) => Number((await t.db.query('SELECT SUM(n) AS n FROM read_scopes WHERE scope = ?', [scope]))[0].n);
      for (const status of CASE_STATUSES) {
        const scopes = [caseScope(status, w.deptB), caseScope(status, 'any')];
        const before = await Promise.all(scopes.map(sum));
        await insertCase(t, { status, departmentId: w.deptB, reporterId: w.resident.user.id });
        expect({ status, moved: (await Promise.all(scopes.map(sum))).map((n, i) => n > before[i]) }).toEqual({
          status,
          moved: [true, true],
        });
      }
    },
  );

  (process.env.TEST_DB === 'mysql' ? it : it.skip)(
    'MariaDB: with nothing written a version read reads scope 0 alone; a write by another connection still moves it',
    async () => {
      const version = t.app.get(DataVersion);
      const scopes = [caseScope('dispatched', w.deptA), caseScope('dispatched', 'any')];
      const c = await insertCase(t, { status: 'submitted', departmentId: w.deptB, reporterId: w.resident.user.id });
      const statements: string[] = [];
      const log = t.db.logger.logQuery.bind(t.db.logger);
      t.db.logger.logQuery = (sql, ...rest) => {
        if (sql.includes('read_scopes')) statements.push(sql);
        return log(sql, ...rest);
      };
      try {
        const first = await version.current(scopes);
        statements.length = 0;
        expect(await version.current(scopes)).toBe(first);
        expect(statements).toEqual(['SELECT SUM(n) AS v FROM read_scopes WHERE scope = 0']);
        // A login moves scope 0 alone: the scopes are summed again, to the same sums.
        await writeFromOutside(t, "UPDATE users SET lastLoginAt = '2026-12-08 00:00:00' WHERE id = ?", [w.handlerA.user.id]);
        statements.length = 0;
        const afterLogin = await version.current(scopes);
        expect(afterLogin).toBe(first);
        expect(statements).toHaveLength(2);
        await writeFromOutside(t, "UPDATE cases SET status = 'dispatched', departmentId = ? WHERE id = ?", [w.deptA, c.id]);
        expect(await version.current(scopes)).not.toBe(afterLogin);
      } finally {
        t.db.logger.logQuery = log;
      }
    },
  );
});
