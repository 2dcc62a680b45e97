import type { AnchorVerifyResult, AuditAnchorFile } from '@sansui/shared';
import { MoreThanOrEqual } from 'typeorm';
import { AuditChainHead } from '../audit/audit-chain-head.entity';
import { AuditLog } from '../audit/audit-log.entity';
import { AuditService, hashEntry } from '../audit/audit.service';
import { StaffNotice } from '../notifications/staff-notice.entity';
import { staffToken } from '../testing/factories-reports';
import { bearer } from '../testing/factories-rewards';
import { startTestApp, type TestApp } from '../testing/test-app';
import { AnchorJob } from './anchor.job';
import { AuditAnchor } from './audit-anchor.entity';
import { AnchorsService } from './anchors.service';

/**
 * The audit chain anchored (docs/domain.md §9): a chain rebuilt by someone who can write the database — an
 * entry edited and every later hash recomputed, so the links verify — is caught at the first anchor after
 * the edit, from the stored anchors and from the signed file an auditor kept.
 */
describe('audit chain anchors', () => {
  let t: TestApp;
  let audit: AuditService;
  let anchors: AnchorsService;
  let auditor: { token: string; userId: number };

  const record = async (n: number, tag: string) => {
    for (let i = 0; i < n; i++) await audit.recordAlone({ actorUserId: 1, action: 'test.anchor', data: { tag, i } });
  };
  const verifyHttp = async (body: Record<string, unknown> = {}) =>
    t.http().post('/api/v1/audit/anchors/verify').set(bearer(auditor.token)).send(body);
  /** What a database writer can do: change an entry and re-hash it and every entry after it, and the head. */
  const rebuildFrom = async (id: number, data: Record<string, unknown>) => {
    const repo = t.db.getRepository(AuditLog);
    await repo.update(id, { data: data as never });
    const before = await repo.findOne({ where: { id: id - 1 } });
    let prev = before!.hash;
    for (const row of await repo.find({ where: { id: MoreThanOrEqual(id) }, order: { id: 'ASC' } })) {
      const hash = hashEntry(prev, row);
      await repo.update(row.id, { prevHash: prev, hash });
      prev = hash;
    }
    const last = await repo.findOneOrFail({ where: {}, order: { id: 'DESC' } });
    await t.db.getRepository(AuditChainHead).update({ id: 1 }, { lastId: last.id, hash: last.hash });
  };

  beforeAll(async () => {
    t = await startTestApp();
    audit = t.app.get(AuditService);
    anchors = t.app.get(AnchorsService);
    auditor = await staffToken(t, 'anchor-auditor', ['auditor']);
  });
  afterAll(async () => t?.close());

  let kept: AuditAnchorFile;
  let firstAnchorId = 0;
  let editedId = 0;

  it('anchors the head once, tells every auditor, and exports a signed file', async () => {
    await record(5, 'a');
    const head = await t.db.getRepository(AuditChainHead).findOneByOrFail({ id: 1 });
    const res = await t.http().post('/api/v1/audit/anchors').set(bearer(auditor.token));
    expect(res.status).toBe(201);
    expect(res.body.anchor).toMatchObject({ lastId: head.lastId, hash: head.hash, signature: expect.stringMatching(/^[0-9a-f]{64}$/) });
    firstAnchorId = head.lastId;
    // Nothing new since: no second anchor.
    expect(await anchors.anchorNow()).toBeNull();
    const notices = await t.db.getRepository(StaffNotice).find({ where: { userId: auditor.userId, kind: 'audit_anchor' } });
    expect(notices).toHaveLength(1);
    expect(notices[0].body).toContain(head.hash);

    await record(4, 'b');
    expect(await anchors.anchorNow()).toMatchObject({ lastId: firstAnchorId + 4 });
    const file = await t.http().get('/api/v1/audit/anchors/export').set(bearer(auditor.token));
    expect(file.status).toBe(200);
    expect(file.headers['content-disposition']).toContain('audit-anchors.json');
    kept = file.body;
    expect(kept.anchors.map((a) => a.lastId)).toEqual([firstAnchorId, firstAnchorId + 4]);
    const ok = await verifyHttp({ anchors: kept.anchors });
    expect(ok.body).toMatchObject({ ok: true, anchorsChecked: 2, source: 'file', brokenAnchors: [] });
    expect(
      (
        await t
          .http()
          .post('/api/v1/audit/anchors/verify')
          .set(bearer((await staffToken(t, 'anchor-admin', ['admin'])).token))
      ).status,
    ).toBe(403);
  });

  it('detects a chain rebuilt after an edit, between the right anchors, though the links verify', async () => {
    await record(2, 'c');
    editedId = firstAnchorId + 2; // between the first and the second anchor
    await rebuildFrom(editedId, { tag: 'rewritten' });
    expect(await audit.verify()).toMatchObject({ ok: true }); // the links alone no longer catch it

    const fromDb = (await verifyHttp()).body as AnchorVerifyResult;
    expect(fromDb).toMatchObject({ ok: false, source: 'database', anchorsChecked: 2 });
    expect(fromDb.brokenAnchors).toEqual([
      expect.objectContaining({
        lastId: firstAnchorId + 4,
        sinceLastId: firstAnchorId,
        reason: 'hash',
        expectedHash: kept.anchors[1].hash,
      }),
    ]);
    // The first anchor still matches: the rewrite is after it.
    expect(fromDb.brokenAnchors.some((b) => b.lastId === firstAnchorId)).toBe(false);
    // A broken chain is not anchored (that would bless the rewrite); the auditors are told.
    expect(await anchors.anchorNow()).toBeNull();
    const warned = await t.db.getRepository(StaffNotice).find({ where: { userId: auditor.userId, kind: 'audit_anchor' } });
    expect(warned.map((n) => n.title)).toContain('审计链校验未通过，未生成锚点');
  });

  it('still detects it when the stored anchors were rewritten too, from the stored signature and from the kept file', async () => {
    const rebuiltHead = await t.db.getRepository(AuditLog).findOneByOrFail({ id: firstAnchorId + 4 });
    await t.db.getRepository(AuditAnchor).update({ lastId: firstAnchorId + 4 }, { hash: rebuiltHead.hash });
    const fromDb = (await verifyHttp()).body as AnchorVerifyResult;
    expect(fromDb.ok).toBe(false);
    expect(fromDb.brokenAnchors[0]).toMatchObject({ lastId: firstAnchorId + 4, reason: 'signature' });

    const fromFile = (await verifyHttp({ anchors: kept.anchors })).body as AnchorVerifyResult;
    expect(fromFile).toMatchObject({ ok: false, source: 'file' });
    expect(fromFile.brokenAnchors[0]).toMatchObject({ lastId: firstAnchorId + 4, foundHash: rebuiltHead.hash, reason: 'hash' });

    // A file edited to fit the rebuilt chain is refused: its signature does not match.
    const forged = kept.anchors.map((a) => (a.lastId === firstAnchorId + 4 ? { ...a, hash: rebuiltHead.hash } : a));
    const res = await verifyHttp({ anchors: forged });
    expect([res.status, res.body.code]).toEqual([422, 'ANCHOR_SIGNATURE_INVALID']);
    expect((await verifyHttp({ anchors: [{ lastId: 'x' }] })).status).toBe(400);
  });

  it('detects deleted entries at the anchor that named them', async () => {
    await t.db.getRepository(AuditLog).delete({ id: MoreThanOrEqual(firstAnchorId - 1) });
    const fromFile = (await verifyHttp({ anchors: kept.anchors })).body as AnchorVerifyResult;
    expect(fromFile.ok).toBe(false);
    expect(fromFile.brokenAnchors.map((b) => [b.lastId, b.foundHash, b.sinceLastId])).toEqual([
      [firstAnchorId, null, 0],
      [firstAnchorId + 4, null, 0],
    ]);
  });
});

describe('audit anchor job', () => {
  it('anchors once per interval across instances, and only when due', async () => {
    const t = await startTestApp();
    try {
      const audit = t.app.get(AuditService);
      const job = t.app.get(AnchorJob);
      await audit.recordAlone({ actorUserId: 1, action: 'test.job', data: {} });
      const now = new Date();
      // Two runs at once (same lease owner, so both get in): the unique lastId keeps one anchor.
      const runs = await Promise.all([job.tick(now), job.tick(now)]);
      expect(runs.filter((r) => r !== null)).toHaveLength(1);
      expect(await t.db.getRepository(AuditAnchor).count()).toBe(1);
      await audit.recordAlone({ actorUserId: 1, action: 'test.job', data: { again: true } });
      expect(await job.tick(new Date(now.getTime() + 60_000))).toBeNull(); // not due yet (daily by default)
      const later = await job.tick(new Date(now.getTime() + 86_400_000 + 1));
      expect(later).toMatchObject({ lastId: (await t.db.getRepository(AuditChainHead).findOneByOrFail({ id: 1 })).lastId });
      expect(await t.db.getRepository(AuditAnchor).count()).toBe(2);
    } finally {
      await t.close();
    }
  });
});
