import { Report } from '../reports/report.entity';
import { newRequestId, REPORT_TEST_AREA, residentLogin, seedReportTestPlaces, uploadScene } from '../testing/factories-reports';
import { startTestApp, type TestApp } from '../testing/test-app';
import { Photo } from '../uploads/photo.entity';
import { PhotoRepository } from '../uploads/photo.repository';
import { ImageCheckSweeper, VERDICT_OVERDUE_MS } from './image-check-sweeper.job';

/** A verdict lost in a crash (the check was sent, nothing came back) must not leave the photo pending for good. */
describe('image-check sweeper: overdue verdicts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await seedReportTestPlaces(t.db);
  });
  afterAll(() => t?.close());

  const waitFor = async (photoId: number, state: string) => {
    const photos = t.db.getRepository(Photo);
    for (let i = 0; i < 100 && (await photos.findOneByOrFail({ id: photoId })).contentCheck !== state; i++)
      await new Promise((r) => setTimeout(r, 100));
    return photos.findOneByOrFail({ id: photoId });
  };

  it('asks again, once across concurrent sweeps, for a photo whose verdict is overdue; the new verdict clears it', async () => {
    const alice = await residentLogin(t, 'alice');
    const res = await t
      .http()
      .post('/api/v1/reports')
      .set('Authorization', `Bearer ${alice.token}`)
      .send({
        kind: 'snap',
        categoryCode: 'exposed_garbage',
        description: '垃圾',
        location: REPORT_TEST_AREA.centre,
        photoIds: [await uploadScene(t, alice.token, 3)],
        clientRequestId: newRequestId('sw'),
      });
    expect(res.status).toBe(201);
    const photoId: number = res.body.photos[0].id;
    expect((await waitFor(photoId, 'pass')).contentCheck).toBe('pass');

    // As after a crash: the check was sent under a trace id whose verdict never arrives.
    const photos = t.db.getRepository(Photo);
    await photos.update({ id: photoId }, { contentCheck: 'pending', contentTraceId: 'lost-trace-1' });
    const sweeper = t.app.get(ImageCheckSweeper);
    expect(await sweeper.sweep()).toBe(0); // not overdue yet
    await t.db.getRepository(Report).update({ id: res.body.id }, { createdAt: new Date(Date.now() - VERDICT_OVERDUE_MS - 60_000) });
    const [a, b] = await Promise.all([sweeper.sweep(), sweeper.sweep()]);
    expect(a + b).toBe(1);
    const asked = await waitFor(photoId, 'pass');
    expect(asked.contentCheck).toBe('pass');
    expect(asked.contentTraceId).not.toBe('lost-trace-1');
    expect(asked.contentCheckAskedAt).toBeInstanceOf(Date);

    // Asked again now: the next re-ask waits for another overdue period.
    await photos.update({ id: photoId }, { contentCheck: 'pending', contentTraceId: 'lost-trace-2' });
    expect(await sweeper.sweep()).toBe(0);
    expect(await sweeper.sweep(new Date(Date.now() + VERDICT_OVERDUE_MS + 60_000))).toBe(1);
    expect((await waitFor(photoId, 'pass')).contentCheck).toBe('pass');
  });

  it('one of many instances claiming the same overdue photo at once wins; the others are told no, none fails', async () => {
    const alice = await residentLogin(t, 'claims');
    const photoId = await uploadScene(t, alice.token, 5);
    const photos = t.db.getRepository(Photo);
    const repo = t.app.get(PhotoRepository);
    for (let round = 0; round < 10; round++) {
      await photos.update({ id: photoId }, { contentCheck: 'pending', contentTraceId: `lost-${round}` });
      const won = await Promise.all(
        Array.from({ length: 6 }, (_, i) => repo.claimOverdue(photoId, `lost-${round}`, `claim-${round}-${i}`, new Date())),
      );
      expect(won.filter(Boolean)).toHaveLength(1);
      const winner = won.indexOf(true);
      expect((await photos.findOneByOrFail({ id: photoId })).contentTraceId).toBe(`claim-${round}-${winner}`);
    }
  });
});
