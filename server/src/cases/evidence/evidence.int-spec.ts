import { hammingDistance } from '@sansui/shared';
import { Case } from '../case.entity';
import { captionCard, cropped, cutOut, reencoded, streetScene } from '../../testing/evidence-images';
import { cameraFacts, EvidenceWorld, metresNorth } from '../../testing/evidence-fixture';
import type { Actor, CaseWorld } from '../../testing/factories-cases';
import type { TestApp } from '../../testing/test-app';
import { Photo } from '../../uploads/photo.entity';
import { PhotoWindowHash } from '../../uploads/photo-window-hash.entity';
import { PhotosService } from '../../uploads/photos.service';
import { CaseEvidence } from './case-evidence.entity';
import { SAME_PICTURE_MAX_DISTANCE } from './evidence.service';

/**
 * docs/domain.md §14 over HTTP with real images made by sharp: capture facts go up with the upload,
 * the resolve runs the five checks, hard failures refuse, missing facts leave the evidence unverified,
 * and verifying unverified evidence needs a note.
 */
describe('evidence checks on resolve', () => {
  let t: TestApp;
  let w: CaseWorld;

  let e: EvidenceWorld;
  const upload = (who: Actor, image: Buffer, fields?: Record<string, string | number>) => e.upload(who, image, fields);
  /** What the handler's phone sends with a camera photo taken now at `at`. */
  const onSpot = (at: { lat: number; lng: number }, over: Record<string, string | number> = {}) =>
    cameraFacts(at, { accuracyM: 12, ...over });
  const claimedCase = () => e.claimedCase();
  const resolve = (c: Case, photoIds: number[], extra: object = {}) =>
    t
      .http()
      .post(`/api/v1/cases/${c.id}/resolve`)
      .set(w.handlerA.auth)
      .send({ photoIds, note: '已清理', ...extra });
  const detail = (c: Case) => e.detail(c);
  const checksOf = (body: { evidence: { checks: { code: string; outcome: string }[] } }) =>
    Object.fromEntries(body.evidence.checks.map((x) => [x.code, x.outcome]));

  beforeAll(async () => {
    e = await EvidenceWorld.start(10);
    ({ t, w } = e);
  });
  afterAll(async () => e?.close());

  it('a camera photo of the cleaned spot, taken after the claim, passes every check: verified, and verifying needs no note', async () => {
    const { c, place } = await claimedCase();
    const after = await streetScene({ place, shot: 2, litter: 1, shift: 0.03 });
    const res = await resolve(c, [await upload(w.handlerA, after, onSpot(metresNorth(c, 40)))]);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('resolved');
    const body = await detail(c);
    expect(body.evidence.verified).toBe(true);
    expect(checksOf(body)).toEqual({ ON_SITE: 'pass', FRESH: 'pass', NEW_PICTURE: 'pass', CAMERA: 'pass', EXIF_AGREES: 'pass' });
    expect(body.evidence.checks.every((x: { detail: string }) => /[\u4e00-\u9fa5]/.test(x.detail))).toBe(true);
    const verify = await t.http().post(`/api/v1/cases/${c.id}/verify`).set(w.dispatcher.auth).send({ passed: true });
    expect([verify.status, verify.body.status]).toEqual([200, 'closed']);
    // This new shot of the spot hashes within the duplicate threshold of the before-photo (as stored by the default
    // encoder): the close hash alone did not refuse it, the pixel comparison decided.
    const [beforeRow, afterRow] = await t.db.getRepository(Photo).find({ where: { caseId: c.id }, order: { id: 'ASC' } });
    expect(hammingDistance(beforeRow.phash, afterRow.phash)).toBeLessThanOrEqual(SAME_PICTURE_MAX_DISTANCE);
  });

  it('a re-encoded copy of the before-photo is refused with EVIDENCE_REUSED', async () => {
    const { c, before } = await claimedCase();
    const res = await resolve(c, [await upload(w.handlerA, await reencoded(before), onSpot(c))]);
    expect([res.status, res.body.code]).toEqual([422, 'EVIDENCE_REUSED']);
    expect(res.body.message).toContain('本案的上报照片');
    expect((await t.db.getRepository(Case).findOneByOrFail({ id: c.id })).status).toBe('in_progress');
    expect(await t.db.getRepository(CaseEvidence).count({ where: { caseId: c.id } })).toBe(0);
  });

  it('a cropped copy of the before-photo is refused with EVIDENCE_REUSED', async () => {
    const { c, before } = await claimedCase();
    const cut = await cropped(before, { w: 0.65, h: 0.7 }, { left: 0.3, top: 0.2 });
    const res = await resolve(c, [await upload(w.handlerA, cut, onSpot(c))]);
    expect([res.status, res.body.code]).toEqual([422, 'EVIDENCE_REUSED']);
    expect(res.body.message).toContain('截取');
  });

  it("another case's photo is refused with EVIDENCE_REUSED naming that case", async () => {
    const other = await claimedCase();
    const { c } = await claimedCase();
    const res = await resolve(c, [await upload(w.handlerA, await reencoded(other.before), onSpot(c))]);
    expect([res.status, res.body.code]).toEqual([422, 'EVIDENCE_REUSED']);
    expect(res.body.message).toContain(`案卷 #${other.c.id}`);
  });

  it("a cut-out of another case's photo (70 × 65 %, scaled and saved again) is refused with EVIDENCE_REUSED naming that case", async () => {
    const other = await claimedCase();
    const { c } = await claimedCase();
    const cut = await cutOut(other.before, { w: 0.7, h: 0.65 }, { left: 0.22, top: 0.3 }, { scale: 0.9, quality: 70 });
    const res = await resolve(c, [await upload(w.handlerA, cut, onSpot(c))]);
    expect([res.status, res.body.code]).toEqual([422, 'EVIDENCE_REUSED']);
    expect(res.body.message).toContain(`案卷 #${other.c.id} 的照片中截取`);
    expect((await t.db.getRepository(Case).findOneByOrFail({ id: c.id })).status).toBe('in_progress');
  });

  it("another case's photo cut out of the evidence (the evidence is the larger picture) is refused too", async () => {
    const { c, place } = await claimedCase();
    const wide = await streetScene({ place: place + 500, shot: 4 });
    const other = await claimedCase();
    const small = await upload(w.resident, await cutOut(wide, { w: 0.66, h: 0.7 }, { left: 0.3, top: 0.1 }, { scale: 1, quality: 80 }));
    await t.db.getRepository(Photo).update({ id: small }, { caseId: other.c.id, reportId: other.c.primaryReportId, role: 'evidence' });
    const res = await resolve(c, [await upload(w.handlerA, wide, onSpot(c))]);
    expect([res.status, res.body.code]).toEqual([422, 'EVIDENCE_REUSED']);
    expect(res.body.message).toContain(`案卷 #${other.c.id}`);
  });

  it("a new shot of the spot another case shows, and a picture from the same template as another case's, are new pictures", async () => {
    const other = await claimedCase();
    const card = await upload(w.resident, await captionCard('#2f7d32', 'cleaned 4f2k9x'));
    await t.db.getRepository(Photo).update({ id: card }, { caseId: other.c.id, reportId: other.c.primaryReportId, role: 'evidence' });
    const { c } = await claimedCase();
    const sameSpot = await upload(w.handlerA, await streetScene({ place: other.place, shot: 2, litter: 2, shift: 0.04 }), onSpot(c));
    const sameTemplate = await upload(w.handlerA, await captionCard('#2f7d32', 'cleaned q81zma'), onSpot(c));
    const res = await resolve(c, [sameSpot, sameTemplate]);
    expect(res.status).toBe(200);
    expect(checksOf(await detail(c)).NEW_PICTURE).toBe('pass');
  });

  it('photos stored before window hashes existed get them from the backfill, and their cut-outs are caught', async () => {
    const other = await claimedCase();
    const beforeId = (await t.db.getRepository(Photo).findOneByOrFail({ caseId: other.c.id })).id;
    await t.db.getRepository(PhotoWindowHash).delete({ photoId: beforeId });
    const photos = t.app.get(PhotosService);
    for (let after = 0; ;) {
      const { lastId } = await photos.backfillWindowHashes(after);
      if (lastId === null) break;
      after = lastId;
    }
    expect(await t.db.getRepository(PhotoWindowHash).count({ where: { photoId: beforeId } })).toBe(145);
    const { c } = await claimedCase();
    const cut = await cutOut(other.before, { w: 0.62, h: 0.75 }, { left: 0.05, top: 0.2 }, { scale: 1.05, quality: 75 });
    const res = await resolve(c, [await upload(w.handlerA, cut, onSpot(c))]);
    expect([res.status, res.body.code]).toEqual([422, 'EVIDENCE_REUSED']);
  });

  it('a photo taken 2 km away is refused with RESOLVE_TOO_FAR', async () => {
    const { c, place } = await claimedCase();
    const photo = await upload(w.handlerA, await streetScene({ place, shot: 3, litter: 0, shift: 0.05 }), onSpot(metresNorth(c, 2000)));
    const res = await resolve(c, [photo]);
    expect([res.status, res.body.code]).toEqual([422, 'RESOLVE_TOO_FAR']);
    expect(res.body.message).toMatch(/2000 米/);
  });

  it('an album photo resolves but stays unverified; verifying it needs a note (422 NOTE_REQUIRED)', async () => {
    const { c, place } = await claimedCase();
    const photo = await upload(w.handlerA, await streetScene({ place, shot: 2, litter: 0, shift: 0.05 }), onSpot(c, { source: 'album' }));
    expect((await resolve(c, [photo])).status).toBe(200);
    const body = await detail(c);
    expect(body.evidence.verified).toBe(false);
    expect(checksOf(body).CAMERA).toBe('fail');
    expect(body.evidence.checks.find((x: { code: string }) => x.code === 'CAMERA').detail).toContain('相册');
    const bare = await t.http().post(`/api/v1/cases/${c.id}/verify`).set(w.dispatcher.auth).send({ passed: true });
    expect([bare.status, bare.body.code]).toEqual([422, 'NOTE_REQUIRED']);
    const withNote = await t
      .http()
      .post(`/api/v1/cases/${c.id}/verify`)
      .set(w.dispatcher.auth)
      .send({ passed: true, note: '电话回访确认已清理' });
    expect([withNote.status, withNote.body.status]).toEqual([200, 'closed']);
  });

  it('a desk upload (no capture facts) resolves as unverified without refusing', async () => {
    const { c, place } = await claimedCase();
    const photo = await upload(w.handlerA, await streetScene({ place, shot: 2, litter: 0, shift: 0.05 }));
    expect((await resolve(c, [photo])).status).toBe(200);
    const body = await detail(c);
    expect(body.evidence.verified).toBe(false);
    expect(checksOf(body)).toMatchObject({ ON_SITE: 'unknown', FRESH: 'unknown', CAMERA: 'unknown', NEW_PICTURE: 'pass' });
  });

  it('EXIF that disagrees with the declared position is flagged (unverified)', async () => {
    const { c, place } = await claimedCase();
    const sharp = (await import('sharp')).default;
    const withExif = await sharp(await streetScene({ place, shot: 2, litter: 0, shift: 0.05 }))
      .withExif({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '31/1 30/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '121/1 0/1 0/1' } })
      .jpeg()
      .toBuffer();
    expect((await resolve(c, [await upload(w.handlerA, withExif, onSpot(c))])).status).toBe(200);
    const body = await detail(c);
    expect(checksOf(body)).toMatchObject({ ON_SITE: 'pass', EXIF_AGREES: 'fail' });
    expect(body.evidence.verified).toBe(false);
  });

  it('a photo taken before the claim is not fresh (unverified)', async () => {
    const { c, place } = await claimedCase();
    const photo = await upload(
      w.handlerA,
      await streetScene({ place, shot: 2, litter: 0, shift: 0.05 }),
      onSpot(c, { capturedAt: new Date(Date.now() - 3 * 3600_000).toISOString() }),
    );
    expect((await resolve(c, [photo])).status).toBe(200);
    const body = await detail(c);
    expect(checksOf(body).FRESH).toBe('fail');
    expect(body.evidence.verified).toBe(false);
  });
});
