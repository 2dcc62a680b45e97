import { Photo } from '../uploads/photo.entity';
import { residentLogin, staffToken, uploadScene } from '../testing/factories-reports';
import { onEveryStatement } from '../testing/statements';
import { startTestApp, type TestApp } from '../testing/test-app';
import { ImageCheckQueue } from './image-check-queue';

/** The image checks of reports queued together read their owners' openids in one statement, each photo with its owner's. */
describe('image check queue: the openids of a batch', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  it('reads the openids not known yet in one statement and asks WeChat with each photo owner’s', async () => {
    const alice = await residentLogin(t, 'queue-alice');
    const bob = await residentLogin(t, 'queue-bob');
    const staff = await staffToken(t, 'queue-staff', ['dispatcher']);
    const ids = [await uploadScene(t, alice.token, 901), await uploadScene(t, alice.token, 902), await uploadScene(t, bob.token, 903)];
    const noOpenid = await uploadScene(t, bob.token, 904);
    const queue = t.app.get(ImageCheckQueue);
    await queue.idle();
    const rows = await t.db.getRepository(Photo).find({ where: [...ids, noOpenid].map((id) => ({ id })) });
    const photo = (id: number) => rows.find((r) => r.id === id)!;
    const usersRead: string[] = [];
    onEveryStatement(t, (sql) => {
      if (/\bFROM\W+users\b/.test(sql) && /\bopenid\b/.test(sql)) usersRead.push(sql);
    });
    // Pushed in one tick, so the queue takes them as one batch. The staff account has no openid: its photo goes to review.
    queue.enqueue([photo(ids[0])], { userId: alice.userId, openid: undefined });
    queue.enqueue([photo(ids[1])], { userId: alice.userId, openid: undefined });
    queue.enqueue([photo(ids[2])], { userId: bob.userId, openid: undefined });
    queue.enqueue([photo(noOpenid)], { userId: staff.userId, openid: undefined });
    await queue.idle();
    expect(usersRead).toHaveLength(1);
    const after = await t.db.getRepository(Photo).find({ where: [...ids, noOpenid].map((id) => ({ id })) });
    const state = (id: number) => after.find((r) => r.id === id)!;
    for (const id of ids) expect(state(id).contentTraceId).toBeTruthy();
    expect(state(noOpenid)).toMatchObject({ contentTraceId: null, contentCheck: 'review' });
  });
});
