import { AuditLog } from './audit-log.entity';
import { AuditService } from './audit.service';
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
