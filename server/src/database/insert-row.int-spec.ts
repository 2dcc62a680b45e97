import { CaseEvent } from '../cases/case-event.entity';
import { startTestApp, type TestApp } from '../testing/test-app';
import { insertRow } from './insert-row';

/** insertRow writes its own INSERT text; what it stores must read back as TypeORM's insert would have stored it. */
describe('insertRow', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  }, 300_000);
  afterAll(() => t.close());

  it('stores JSON, nulls and the database default time, and returns the new id', async () => {
    const before = Date.now() - 5_000;
    const id = await insertRow(t.db.manager, CaseEvent, {
      caseId: 7,
      action: 'note',
      fromStatus: null,
      toStatus: 'submitted',
      actorUserId: null,
      actorRole: 'resident',
      note: '垃圾已清理',
      photoIds: [3, 4],
      data: { reportId: 9, source: 'miniapp' },
    });
    const row = await t.db.getRepository(CaseEvent).findOneByOrFail({ id });
    expect(row).toMatchObject({
      caseId: 7,
      action: 'note',
      fromStatus: null,
      toStatus: 'submitted',
      actorUserId: null,
      actorRole: 'resident',
      note: '垃圾已清理',
      photoIds: [3, 4],
      data: { reportId: 9, source: 'miniapp' },
    });
    expect(row.createdAt.getTime()).toBeGreaterThan(before);
  });

  it('writes a row with other properties given (another statement text) and each row gets its own id', async () => {
    const a = await insertRow(t.db.manager, CaseEvent, { caseId: 8, action: 'submit', photoIds: null });
    const b = await insertRow(t.db.manager, CaseEvent, { caseId: 8, action: 'note', note: undefined, data: { x: 1 } });
    expect(b).toBeGreaterThan(a);
    const rows = await t.db.getRepository(CaseEvent).find({ where: { caseId: 8 }, order: { id: 'ASC' } });
    expect(rows.map((r) => [r.action, r.note, r.photoIds, r.data])).toEqual([
      ['submit', null, null, null],
      ['note', null, null, { x: 1 }],
    ]);
  });
});
