import type { CaseListItemDto, CaseListPage, Page, ReportDto } from '@sansui/shared';
import { join } from 'node:path';
import { Department } from '../departments/department.entity';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { insertActor, insertCase, seedCaseWorld, type Actor, type CaseWorld } from '../testing/factories-cases';
import { startTestApp, type TestApp } from '../testing/test-app';
import { testRedisUrl } from '../testing/test-redis';
import { writeFromOutside } from '../testing/outside-write';

/** Every running status, by deadline: the dispatcher's 派遣看板 with room for every case these tests make. */
const BOARD = '/api/v1/cases?status=submitted,accepted,dispatched,in_progress,resolved&sort=deadline&pageSize=100';

async function board(t: TestApp, who: Actor): Promise<CaseListPage> {
  return (await t.http().get(BOARD).set(who.auth).expect(200)).body as CaseListPage;
}

function item(page: CaseListPage, id: number): CaseListItemDto | undefined {
  return page.items.find((i) => i.id === id);
}

/**
 * Issue 12: my reports and the staff case lists keep their answers across requests (AnswerCache). Each test reads an
 * answer twice first (the second one is the kept one), then changes what it shows in one way a city changes it, and
 * the next read must show the change.
 */
describe('answers kept across requests', () => {
  let t: TestApp;
  let w: CaseWorld;
  beforeAll(async () => {
    t = await startTestApp();
    w = await seedCaseWorld(t);
  });
  afterAll(() => t?.close());

  it('a case action through the cases module shows on the next read of the board', async () => {
    const c = await insertCase(t, { status: 'submitted', reporterId: w.resident.user.id });
    await board(t, w.dispatcher);
    expect(item(await board(t, w.dispatcher), c.id)?.status).toBe('submitted');
    await t.http().post(`/api/v1/cases/${c.id}/accept`).set(w.dispatcher.auth).send({}).expect(200);
    expect(item(await board(t, w.dispatcher), c.id)?.status).toBe('accepted');
  });

  it('a write by SQL outside the cases module (a job, a backfill, by hand) shows on the next read', async () => {
    const c = await insertCase(t, {
      status: 'dispatched',
      departmentId: w.deptA,
      handlerUserId: w.handlerA.user.id,
      reporterId: w.resident.user.id,
    });
    await board(t, w.dispatcher);
    expect(item(await board(t, w.dispatcher), c.id)).toMatchObject({ address: null, handlerName: w.handlerA.user.displayName });
    await t.db.query('UPDATE cases SET address = ? WHERE id = ?', ['西湖区 三随路 1 号', c.id]);
    expect(item(await board(t, w.dispatcher), c.id)?.address).toBe('西湖区 三随路 1 号');
    await t.db.query('UPDATE users SET displayName = ? WHERE id = ?', ['改名的处置人', w.handlerA.user.id]);
    expect(item(await board(t, w.dispatcher), c.id)?.handlerName).toBe('改名的处置人');
  });

  it('a department renamed shows under its new name on the next read', async () => {
    const c = await insertCase(t, { status: 'dispatched', departmentId: w.deptB, reporterId: w.resident.user.id });
    await board(t, w.dispatcher);
    const before = item(await board(t, w.dispatcher), c.id)?.departmentName;
    const repo = t.db.getRepository(Department);
    await repo.save({ ...(await repo.findOneByOrFail({ id: w.deptB })), name: '城管局（新名）' });
    expect(item(await board(t, w.dispatcher), c.id)?.departmentName).toBe('城管局（新名）');
    expect(before).not.toBe('城管局（新名）');
  });

  it('a write rolled back is never kept, though a read inside its transaction saw it (SQLite shares the connection)', async () => {
    const c = await insertCase(t, { status: 'accepted', reporterId: w.resident.user.id, address: '原来的地址' });
    await board(t, w.dispatcher);
    const runner = t.db.createQueryRunner();
    await runner.startTransaction();
    try {
      await runner.query('UPDATE cases SET address = ? WHERE id = ?', ['回滚的地址', c.id]);
      await board(t, w.dispatcher);
      await board(t, w.dispatcher);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
    expect(item(await board(t, w.dispatcher), c.id)?.address).toBe('原来的地址');
    expect(item(await board(t, w.dispatcher), c.id)?.address).toBe('原来的地址');
  });

  it('the overdue flag and the minutes left change at the deadline with no write', async () => {
    const deadline = new Date(Date.now() + 1500);
    const c = await insertCase(t, { status: 'dispatched', departmentId: w.deptA, deadline, reporterId: w.resident.user.id });
    await board(t, w.dispatcher);
    expect(item(await board(t, w.dispatcher), c.id)).toMatchObject({ overdue: false, timeLeftMinutes: 0 });
    await new Promise((r) => setTimeout(r, deadline.getTime() - Date.now() + 20));
    expect(item(await board(t, w.dispatcher), c.id)).toMatchObject({ overdue: true, timeLeftMinutes: -1 });
  });

  it('a handler sees only their department, though a dispatcher asked the same URL first', async () => {
    const other = await insertCase(t, { status: 'dispatched', departmentId: w.deptB, reporterId: w.resident.user.id });
    expect(item(await board(t, w.dispatcher), other.id)).toBeDefined();
    const page = await board(t, w.handlerA);
    expect(item(page, other.id)).toBeUndefined();
    expect(page.items.every((i) => i.departmentId === w.deptA)).toBe(true);
  });

  it('assignedTo=me: two handlers of one department each get their own cases from the same URL', async () => {
    const ofA = await insertCase(t, {
      status: 'dispatched',
      departmentId: w.deptA,
      handlerUserId: w.handlerA.user.id,
      reporterId: w.resident.user.id,
    });
    const ofA2 = await insertCase(t, {
      status: 'dispatched',
      departmentId: w.deptA,
      handlerUserId: w.handlerA2.user.id,
      reporterId: w.resident.user.id,
    });
    const ids = async (who: Actor) =>
      ((await t.http().get('/api/v1/cases?assignedTo=me&pageSize=100').set(who.auth).expect(200)).body as CaseListPage).items.map(
        (i) => i.id,
      );
    await ids(w.handlerA);
    const [a, a2] = [await ids(w.handlerA), await ids(w.handlerA2)];
    expect([a.includes(ofA.id), a.includes(ofA2.id), a2.includes(ofA2.id), a2.includes(ofA.id)]).toEqual([true, false, true, false]);
  });

  it('my reports: each resident gets their own answer from the same URL, and a new report shows on the next read', async () => {
    const [a, b] = [await insertActor(t, ['resident'], null, 'resident'), await insertActor(t, ['resident'], null, 'resident')];
    const first = await insertCase(t, { status: 'submitted', reporterId: a.user.id });
    const mine = async (who: Actor) =>
      (await t.http().get('/api/v1/reports/mine?page=1&pageSize=20').set(who.auth).expect(200)).body as Page<ReportDto>;
    await mine(a);
    expect((await mine(a)).items.map((r) => r.caseId)).toEqual([first.id]);
    expect((await mine(b)).items).toEqual([]);
    const second = await insertCase(t, { status: 'submitted', reporterId: a.user.id });
    expect((await mine(a)).items.map((r) => r.caseId)).toEqual([second.id, first.id]);
    expect((await mine(b)).total).toBe(0);
  });

  it('a kept answer has the same ETag and body as the first, and gets a 304 for it', async () => {
    await insertCase(t, { status: 'accepted', reporterId: w.resident.user.id });
    const one = await t.http().get(BOARD).set(w.dispatcher.auth).expect(200);
    const two = await t.http().get(BOARD).set(w.dispatcher.auth).expect(200);
    expect(two.headers.etag).toBe(one.headers.etag);
    expect(two.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(two.text).toBe(one.text);
    expect([one.headers['server-timing'], two.headers['server-timing']]).toEqual(['answer;desc="read"', 'answer;desc="kept"']);
    const again = await t.http().get(BOARD).set(w.dispatcher.auth).set('If-None-Match', one.headers.etag).expect(304);
    expect(again.text).toBe('');
  });
});

const REDIS_URL = process.env.TEST_REDIS_URL;

describe('answers kept across requests, two instances on one database', () => {
  let a: TestApp;
  let b: TestApp;
  let w: CaseWorld;
  beforeAll(async () => {
    const redis: Record<string, string> = REDIS_URL ? { REDIS_URL: testRedisUrl(REDIS_URL, 'multiInstance') } : {};
    a = await startTestApp(redis);
    const db = a.app.get<AppConfig>(APP_CONFIG).database;
    b = await startTestApp({
      ...redis,
      ...(db.type === 'mysql' ? { DATABASE_URL: db.url } : { SQLITE_PATH: join(a.dataDir, 'sansui.sqlite') }),
    });
    w = await seedCaseWorld(a);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('a write made through one instance shows on the next read of the other, which had the answer kept', async () => {
    const c = await insertCase(a, { status: 'submitted', reporterId: w.resident.user.id });
    await board(b, w.dispatcher);
    expect(item(await board(b, w.dispatcher), c.id)?.status).toBe('submitted');
    await a.http().post(`/api/v1/cases/${c.id}/accept`).set(w.dispatcher.auth).send({}).expect(200);
    expect(item(await board(b, w.dispatcher), c.id)?.status).toBe('accepted');
    await a.db.query('UPDATE cases SET address = ? WHERE id = ?', ['另一实例写的地址', c.id]);
    expect(item(await board(b, w.dispatcher), c.id)?.address).toBe('另一实例写的地址');
  });

  it('a write by a connection of neither instance shows on the next read of both', async () => {
    const c = await insertCase(a, { status: 'accepted', reporterId: w.resident.user.id });
    for (const t of [a, b, a, b]) await board(t, w.dispatcher);
    await writeFromOutside(a, 'UPDATE cases SET address = ? WHERE id = ?', ['库外写的地址', c.id]);
    expect(item(await board(a, w.dispatcher), c.id)?.address).toBe('库外写的地址');
    expect(item(await board(b, w.dispatcher), c.id)?.address).toBe('库外写的地址');
  });

  it('a read sent after a write answered shows it, while other reads of the instance are under way', async () => {
    const c = await insertCase(a, { status: 'submitted', reporterId: w.resident.user.id });
    await board(b, w.dispatcher);
    let reading = true;
    // Reads in flight on B all the while: their data versions are being read when the write commits.
    const others = Promise.all(
      Array.from({ length: 8 }, async () => {
        while (reading) await board(b, w.dispatcher);
      }),
    );
    try {
      await a.http().post(`/api/v1/cases/${c.id}/accept`).set(w.dispatcher.auth).send({}).expect(200);
      expect(item(await board(b, w.dispatcher), c.id)?.status).toBe('accepted');
      await a.db.query('UPDATE cases SET address = ? WHERE id = ?', ['读取途中写的地址', c.id]);
      expect(item(await board(b, w.dispatcher), c.id)?.address).toBe('读取途中写的地址');
    } finally {
      reading = false;
      await others;
    }
  });
});
