import { Case } from '../case.entity';
import { reencoded, streetScene } from '../../testing/evidence-images';
import { cameraFacts, EvidenceWorld, metresNorth } from '../../testing/evidence-fixture';
import type { Actor, CaseWorld } from '../../testing/factories-cases';
import type { TestApp } from '../../testing/test-app';
import { Photo } from '../../uploads/photo.entity';
import { CaseEvidence } from './case-evidence.entity';

// Each test makes and uploads several real photos and runs the crop comparison: slow on a loaded 2-core machine.
jest.setTimeout(240_000);

/** Smaller than the default scene, to keep the image work light. */
const scene = (o: Parameters<typeof streetScene>[0]) => streetScene({ width: 800, height: 600, ...o });

/**
 * docs/domain.md §14, on-site verification (现场核查) over HTTP with real images: the verifier's photos go
 * through the evidence checks, are kept as the case's verification evidence, and a verified one stands for
 * a desk-resolved closure (no note needed, counted as verified in the KPIs). Desk verification still works.
 */
describe('on-site verification with photos', () => {
  let t: TestApp;
  let w: CaseWorld;

  let e: EvidenceWorld;
  const upload = (who: Actor, image: Buffer, fields?: Record<string, string | number>) => e.upload(who, image, fields);
  /** A case the handler resolved from the desk (no capture facts: unverified evidence). */
  const deskResolved = async () => {
    const { c, place } = await e.claimedCase();
    const after = await scene({ place, shot: 2, litter: 0, shift: 0.04 });
    const res = await t
      .http()
      .post(`/api/v1/cases/${c.id}/resolve`)
      .set(w.handlerA.auth)
      .send({ photoIds: [await upload(w.handlerA, after)], note: '已清理' });
    expect([res.status, res.body.evidence.verified]).toEqual([200, false]);
    return { c, after, place };
  };
  const verify = (who: Actor, c: Case, body: object) => t.http().post(`/api/v1/cases/${c.id}/verify`).set(who.auth).send(body);
  const detail = (c: Case) => e.detail(c);
  const kpiOfDeptA = async () => {
    const res = await t.http().get('/api/v1/stats/departments').set(w.dispatcher.auth);
    expect(res.status).toBe(200);
    return (res.body.items as { departmentId: number; closed: number; closedVerified: number }[]).find((d) => d.departmentId === w.deptA)!;
  };

  beforeAll(async () => {
    e = await EvidenceWorld.start(40, scene);
    ({ t, w } = e);
  });
  afterAll(async () => e?.close());

  it('an inspector verifies a desk-resolved case on site with a camera photo: no note needed, the closure counts as verified', async () => {
    const before = await kpiOfDeptA();
    const { c, place } = await deskResolved();
    const photo = await upload(w.inspector, await scene({ place, shot: 3, litter: 2, shift: 0.1 }), cameraFacts(metresNorth(c, 25)));
    const res = await verify(w.inspector, c, { passed: true, photoIds: [photo] });
    expect([res.status, res.body.status]).toEqual([200, 'closed']);
    expect(res.body.verification).toMatchObject({ passed: true, onSite: true, evidence: { verified: true, photoIds: [photo] } });
    expect(res.body.evidence.verified).toBe(false); // the resolve's own evidence stays what it was
    expect(res.body.photosByRole.verification.map((p: { id: number }) => p.id)).toEqual([photo]);
    const event = res.body.timeline.find((e: { action: string }) => e.action === 'verify_pass');
    expect(event.text).toContain('现场核查：通过（核查照片已核实）');
    expect(event.photos.map((p: { id: number }) => p.id)).toEqual([photo]);
    const rows = await t.db.getRepository(CaseEvidence).find({ where: { caseId: c.id }, order: { id: 'ASC' } });
    expect(rows.map((r) => [r.purpose, r.verified, r.current])).toEqual([
      ['resolve', false, true],
      ['verify', true, false],
    ]);
    const after = await kpiOfDeptA();
    expect([after.closed - before.closed, after.closedVerified - before.closedVerified]).toEqual([1, 1]);
  });

  it('a verification photo taken 2 km away is refused with VERIFY_TOO_FAR and the case stays resolved', async () => {
    const { c, place } = await deskResolved();
    const photo = await upload(w.dispatcher, await scene({ place, shot: 3, litter: 2, shift: 0.1 }), cameraFacts(metresNorth(c, 2000)));
    const res = await verify(w.dispatcher, c, { passed: true, photoIds: [photo] });
    expect([res.status, res.body.code]).toEqual([422, 'VERIFY_TOO_FAR']);
    expect(res.body.message).toMatch(/2000 米/);
    expect((await t.db.getRepository(Case).findOneByOrFail({ id: c.id })).status).toBe('resolved');
    expect((await t.db.getRepository(Photo).findOneByOrFail({ id: photo })).caseId).toBeNull();
  });

  it("a re-encoded copy of the handler's after-photo is refused with EVIDENCE_REUSED", async () => {
    const { c, after } = await deskResolved();
    const photo = await upload(w.dispatcher, await reencoded(after), cameraFacts(c));
    const res = await verify(w.dispatcher, c, { passed: true, photoIds: [photo] });
    expect([res.status, res.body.code]).toEqual([422, 'EVIDENCE_REUSED']);
    expect(res.body.message).toContain('本案已有的照片');
  });

  it('an album photo is kept but unverified: passing then still needs a note', async () => {
    const { c, place } = await deskResolved();
    const photo = await upload(w.dispatcher, await scene({ place, shot: 4, litter: 3, shift: 0.12 }), cameraFacts(c, { source: 'album' }));
    const bare = await verify(w.dispatcher, c, { passed: true, photoIds: [photo] });
    expect([bare.status, bare.body.code]).toEqual([422, 'NOTE_REQUIRED']);
    const ok = await verify(w.dispatcher, c, { passed: true, photoIds: [photo], note: '现场看过，照片从相册补传' });
    expect(ok.status).toBe(200);
    expect(ok.body.verification).toMatchObject({ onSite: true, evidence: { verified: false } });
    expect(ok.body.timeline.find((e: { action: string }) => e.action === 'verify_pass').text).toContain('核查照片未核实');
  });

  it('desk verification (no photo) still works with a note and is labelled 案头核查', async () => {
    const { c } = await deskResolved();
    const res = await verify(w.dispatcher, c, { passed: true, note: '电话回访确认' });
    expect([res.status, res.body.verification]).toEqual([200, expect.objectContaining({ passed: true, onSite: false, evidence: null })]);
    expect(res.body.timeline.find((e: { action: string }) => e.action === 'verify_pass').text).toContain('案头核查：通过');
    expect(await t.db.getRepository(CaseEvidence).count({ where: { caseId: c.id, purpose: 'verify' } })).toBe(0);
  });

  it('failing on site keeps the photo as proof, sends the case back, and a new resolve clears the verification', async () => {
    const { c, place } = await deskResolved();
    const photo = await upload(w.inspector, await scene({ place, shot: 5, litter: 4, shift: 0.15 }), cameraFacts(c));
    const res = await verify(w.inspector, c, { passed: false, photoIds: [photo], note: '垃圾仍在' });
    expect([res.status, res.body.status]).toEqual([200, 'in_progress']);
    expect(res.body.verification).toMatchObject({ passed: false, onSite: true, evidence: { verified: true } });
    expect(res.body.timeline.find((e: { action: string }) => e.action === 'verify_fail').text).toContain('现场核查：不通过，返工');
    const again = await t
      .http()
      .post(`/api/v1/cases/${c.id}/resolve`)
      .set(w.handlerA.auth)
      .send({ photoIds: [await upload(w.handlerA, await scene({ place: place + 500, shot: 6, litter: 0 }))] });
    expect(again.status).toBe(200);
    expect((await detail(c)).verification).toBeNull();
  });
});
