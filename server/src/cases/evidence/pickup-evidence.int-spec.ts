import { Reward } from '../../rewards/reward.entity';
import { cameraFacts, metresNorth, uploadPhoto } from '../../testing/evidence-fixture';
import { cropped, reencoded, streetScene } from '../../testing/evidence-images';
import { newRequestId, REPORT_TEST_AREA, residentLogin, seedReportTestPlaces, staffToken } from '../../testing/factories-reports';
import { bearer, createCampaign } from '../../testing/factories-rewards';
import { startTestApp, type TestApp } from '../../testing/test-app';

/** docs/domain.md §14 on 随手捡: before and after at one spot, after not the before again, within 24 h; unverified evidence holds the red packet. */
describe('evidence checks on pickup reports', () => {
  let t: TestApp;
  let resident: { token: string; userId: number };
  let dispatcher: { token: string };
  const site = REPORT_TEST_AREA.centre;

  const upload = (image: Buffer, fields: Record<string, string | number> = {}) => uploadPhoto(t, bearer(resident.token), image, fields);
  const camera = (at = site, over: Record<string, string | number> = {}) => cameraFacts(at, over);
  const submit = (photoIds: number[], afterPhotoIds: number[]) =>
    t
      .http()
      .post('/api/v1/reports')
      .set(bearer(resident.token))
      .send({
        kind: 'pickup',
        categoryCode: 'exposed_garbage',
        location: site,
        photoIds,
        afterPhotoIds,
        clientRequestId: newRequestId('pk'),
      });
  const closeAndReward = async (caseId: number, note?: string) => {
    expect((await t.http().post(`/api/v1/cases/${caseId}/accept`).set(bearer(dispatcher.token)).send({})).status).toBe(200);
    return t
      .http()
      .post(`/api/v1/cases/${caseId}/verify`)
      .set(bearer(dispatcher.token))
      .send(note ? { passed: true, note } : { passed: true });
  };

  beforeAll(async () => {
    t = await startTestApp();
    await seedReportTestPlaces(t.db, 'pk');
    const admin = await staffToken(t, 'pk-admin', ['admin']);
    dispatcher = await staffToken(t, 'pk-dispatcher', ['dispatcher']);
    await createCampaign(t, admin.token);
    resident = await residentLogin(t, 'pickup-resident');
  });
  afterAll(async () => t?.close());

  it('an after-photo that is the before-photo re-encoded, or cropped, is refused with EVIDENCE_REUSED', async () => {
    const before = await streetScene({ place: 301, shot: 1 });
    const res = await submit([await upload(before, camera())], [await upload(await reencoded(before), camera())]);
    expect([res.status, res.body.code]).toEqual([422, 'EVIDENCE_REUSED']);
    expect(res.body.message).toContain('清理前照片');
    const cut = await cropped(before, { w: 0.7, h: 0.7 }, { left: 0.15, top: 0.3 });
    const again = await submit([await upload(before, camera())], [await upload(cut, camera())]);
    expect([again.status, again.body.code]).toEqual([422, 'EVIDENCE_REUSED']);
  });

  it('an after-photo taken 2 km from the spot is refused with PICKUP_TOO_FAR', async () => {
    const before = await upload(await streetScene({ place: 302, shot: 1 }), camera());
    const after = await upload(await streetScene({ place: 302, shot: 2, litter: 0, shift: 0.05 }), camera(metresNorth(site, 2000)));
    const res = await submit([before], [after]);
    expect([res.status, res.body.code]).toEqual([422, 'PICKUP_TOO_FAR']);
  });

  it('camera photos at the spot today: verified evidence, no hold for it', async () => {
    const before = await upload(await streetScene({ place: 303, shot: 1 }), camera());
    const after = await upload(await streetScene({ place: 303, shot: 2, litter: 0, shift: 0.05 }), camera(metresNorth(site, 15)));
    const res = await submit([before], [after]);
    expect(res.status).toBe(201);
    const detail = (await t.http().get(`/api/v1/cases/${res.body.caseId}`).set(bearer(dispatcher.token))).body;
    expect(detail.evidence.verified).toBe(true);
    expect((await closeAndReward(res.body.caseId)).status).toBe(200);
    const reward = await t.db.getRepository(Reward).findOneByOrFail({ caseId: res.body.caseId });
    expect((reward.holdReasons ?? []).map((h: { signal: string }) => h.signal)).not.toContain('UNVERIFIED_EVIDENCE');
  });

  it('album photos: the pickup is accepted but unverified; verifying needs a note and the red packet is held with the reason', async () => {
    const before = await upload(await streetScene({ place: 304, shot: 1 }), camera(site, { source: 'album' }));
    const after = await upload(await streetScene({ place: 304, shot: 2, litter: 0, shift: 0.05 }), camera(site, { source: 'album' }));
    const res = await submit([before], [after]);
    expect(res.status).toBe(201);
    const detail = (await t.http().get(`/api/v1/cases/${res.body.caseId}`).set(bearer(dispatcher.token))).body;
    expect(detail.evidence.verified).toBe(false);
    const bare = await closeAndReward(res.body.caseId);
    expect([bare.status, bare.body.code]).toEqual([422, 'NOTE_REQUIRED']);
    const ok = await t
      .http()
      .post(`/api/v1/cases/${res.body.caseId}/verify`)
      .set(bearer(dispatcher.token))
      .send({ passed: true, note: '照片来自相册，已电话核实' });
    expect(ok.status).toBe(200);
    const reward = await t.db.getRepository(Reward).findOneByOrFail({ caseId: res.body.caseId });
    expect(reward.status).toBe('held');
    const hold = (reward.holdReasons ?? []).find((h: { signal: string }) => h.signal === 'UNVERIFIED_EVIDENCE') as
      { evidence: { reason: string } } | undefined;
    expect(hold?.evidence.reason).toContain('相册');
  });
});
