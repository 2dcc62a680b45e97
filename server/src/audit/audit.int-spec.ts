import { AuditLog } from './audit-log.entity';
import { AuditService } from './audit.service';
import { statementRecorder } from '../testing/statements';
import { startTestApp, type TestApp } from '../testing/test-app';

describe('audit hash chain', () => {
  let t: TestApp;
  let sut: AuditService;
  beforeAll(async () => {
    t = await startTestApp();
    sut = t.app.get(AuditService);
  });
  afterAll(() => t.close());

  it('verifies an intact chain, including entries appended concurrently', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        sut.recordAlone({ actorUserId: 1, action: 'test.concurrent', targetType: 'case', targetId: i, data: { i, note: '并发' } }),
      ),
    );
    const result = await sut.verify();
    expect(result).toEqual({ ok: true, checked: 20 });
  });

  it('appends an entry in three statements and answers with the row as stored', async () => {
    const statementsOf = statementRecorder(t);
    const { result: entry, statements } = await statementsOf(() =>
      sut.recordAlone({
        actorUserId: 7,
        actorName: '调度员',
        action: 'case.accept',
        targetType: 'case',
        targetId: 42,
        data: { to: 'accepted' },
      }),
    );
    const work = statements.map((s) => s.sql).filter((sql) => !/^(BEGIN|COMMIT|ROLLBACK|START TRANSACTION|SAVEPOINT|RELEASE)/i.test(sql));
    expect(work).toEqual([
      expect.stringMatching(/^SELECT hash FROM audit_chain_head WHERE id = 1/),
      expect.stringMatching(/^INSERT INTO [`"]?audit_log/),
      expect.stringMatching(/^UPDATE audit_chain_head SET lastId = \?, hash = \?/),
    ]);
    const stored = await t.db.getRepository(AuditLog).findOneByOrFail({ id: entry.id });
    expect(stored).toMatchObject({ actorUserId: 7, actorName: '调度员', action: 'case.accept', targetId: '42', data: { to: 'accepted' } });
    expect({ id: entry.id, hash: entry.hash, prevHash: entry.prevHash }).toEqual({
      id: stored.id,
      hash: stored.hash,
      prevHash: stored.prevHash,
    });
    expect(await sut.verify()).toEqual({ ok: true, checked: 21 });
  });

  it('finds an edited row', async () => {
    const rows = await t.db.getRepository(AuditLog).find({ order: { id: 'ASC' } });
    await t.db.getRepository(AuditLog).update(rows[5].id, { data: { i: 999 } });
    expect(await sut.verify()).toMatchObject({ ok: false, firstBrokenId: rows[5].id });
    await t.db.getRepository(AuditLog).update(rows[5].id, { data: rows[5].data as never });
    expect((await sut.verify()).ok).toBe(true);
  });

  it('finds a deleted row at the entry after it', async () => {
    const rows = await t.db.getRepository(AuditLog).find({ order: { id: 'ASC' } });
    await t.db.getRepository(AuditLog).delete(rows[10].id);
    expect(await sut.verify()).toMatchObject({ ok: false, firstBrokenId: rows[11].id });
  });
});

describe('audit hash chain, truncated at the end', () => {
  it('detects that the newest entries were deleted', async () => {
    const t = await startTestApp();
    try {
      const sut = t.app.get(AuditService);
      for (let i = 0; i < 3; i++) await sut.recordAlone({ actorUserId: 1, action: 'test.seq', data: { i } });
      const last = await t.db.getRepository(AuditLog).findOneOrFail({ where: {}, order: { id: 'DESC' } });
      await t.db.getRepository(AuditLog).delete(last.id);
      expect(await sut.verify()).toEqual({ ok: false, checked: 2, firstBrokenId: last.id });
    } finally {
      await t.close();
    }
  });
});
