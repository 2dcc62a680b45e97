import { loginResident } from '../testing/factories-auth';
import { startTestApp, type TestApp } from '../testing/test-app';
import { Transactions } from '../database/transactions';
import { simOpenid } from '../wechat/simulator/simulator-rules';
import { OutboxMessage } from './outbox-message.entity';
import { OutboxService } from './outbox.service';
import { SubscriptionGrant } from './subscription-grant.entity';

const TEMPLATE = 'sim-tmpl-case-progress';

describe('notification outbox', () => {
  let t: TestApp;
  let sut: OutboxService;
  let tx: Transactions;

  beforeAll(async () => {
    t = await startTestApp();
    sut = t.app.get(OutboxService);
    tx = t.app.get(Transactions);
  });
  afterAll(() => t.close());

  /** A resident who, in WeChat and towards our server, allowed `grants` messages of the case template. */
  async function resident(name: string, grants: number, opts: { wechat?: boolean } = {}) {
    const r = await loginResident(t, name);
    for (let i = 0; i < grants; i++) {
      if (opts.wechat !== false)
        await t
          .http()
          .post('/sim/wechat/_control/subscribe')
          .send({ name, templateIds: [TEMPLATE] });
      const res = await t
        .http()
        .post('/api/v1/subscriptions')
        .set('Authorization', `Bearer ${r.token}`)
        .send({ templateIds: [TEMPLATE] });
      expect(res.status).toBe(200);
    }
    return { ...r, openid: simOpenid('wx-sim-appid', name) };
  }

  const enqueue = (userId: number, note = '已受理') =>
    tx.run((em) =>
      sut.enqueue(em, {
        userId,
        templateKey: 'case_progress',
        data: { category: '暴露垃圾', status: '已受理', time: new Date('2026-11-23T02:00:00Z'), note },
        page: 'pkg-mine/detail/index?id=1',
      }),
    );
  const sentTo = async (openid: string) =>
    (await t.http().get(`/sim/wechat/_control/messages?openid=${openid}`)).body.items as {
      data: Record<string, { value: string }>;
      page: string;
    }[];
  const row = (id: number) => t.db.getRepository(OutboxMessage).findOneByOrFail({ id });

  it('lists the templates the mini-program may ask for', async () => {
    const r = await loginResident(t, 'tmpl');
    const res = await t.http().get('/api/v1/subscriptions/templates').set('Authorization', `Bearer ${r.token}`);
    expect(res.body).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'case_progress', templateId: TEMPLATE })]));
  });

  it('enqueue → runOnce sends exactly once, formatted for WeChat', async () => {
    const r = await resident('olga', 1);
    const msg = await enqueue(r.user.id);
    const first = await sut.runOnce();
    expect(first).toMatchObject({ claimed: 1, sent: 1 });
    expect(await sut.runOnce()).toMatchObject({ claimed: 0 });
    const sent = await sentTo(r.openid);
    expect(sent).toHaveLength(1);
    expect(sent[0].data).toEqual({
      thing1: { value: '暴露垃圾' },
      phrase2: { value: '已受理' },
      time3: { value: '2026-11-23 10:00' },
      thing4: { value: '已受理' },
    });
    expect(sent[0].page).toBe('pkg-mine/detail/index?id=1');
    expect(await row(msg.id)).toMatchObject({ status: 'sent', attempts: 1, lockedBy: null });
    expect((await t.db.getRepository(SubscriptionGrant).findOneByOrFail({ userId: r.user.id, templateId: TEMPLATE })).remaining).toBe(0);
  });

  it('without a grant the message is refused and WeChat is not called', async () => {
    const r = await resident('pavel', 0);
    const msg = await enqueue(r.user.id);
    expect(await sut.runOnce()).toMatchObject({ claimed: 1, refused: 1, sent: 0 });
    expect(await row(msg.id)).toMatchObject({ status: 'refused', lastError: 'no subscription grant' });
    expect(await sentTo(r.openid)).toHaveLength(0);
    expect(await sut.runOnce()).toMatchObject({ claimed: 0 });
  });

  it('43101 from WeChat (no grant there) is refused, not retried', async () => {
    const r = await resident('quinn', 1, { wechat: false });
    const msg = await enqueue(r.user.id);
    expect(await sut.runOnce()).toMatchObject({ refused: 1 });
    expect((await row(msg.id)).lastError).toMatch(/^43101/);
    expect(await sut.runOnce(new Date(Date.now() + 86_400_000))).toMatchObject({ claimed: 0 });
  });

  it('retries a message whose worker died holding the lease, without using a second grant', async () => {
    const r = await resident('rosa', 1);
    const repo = t.db.getRepository(OutboxMessage);
    const msg = await enqueue(r.user.id);
    // A worker claimed it, consumed the grant, then died before marking the result.
    await t.db.getRepository(SubscriptionGrant).update({ userId: r.user.id }, { remaining: 0 });
    await repo.update(msg.id, {
      status: 'sending',
      lockedBy: 'dead-worker',
      lockedUntil: new Date(Date.now() - 1000),
      attempts: 1,
      grantConsumedAt: new Date(),
    });
    // Another message is leased by a live worker: left alone.
    const busy = await enqueue(r.user.id, '另一条');
    await repo.update(busy.id, { status: 'sending', lockedBy: 'live-worker', lockedUntil: new Date(Date.now() + 60_000), attempts: 1 });
    expect(await sut.runOnce()).toMatchObject({ claimed: 1, sent: 1 });
    expect(await row(msg.id)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(await row(busy.id)).toMatchObject({ status: 'sending', lockedBy: 'live-worker' });
    expect(await sentTo(r.openid)).toHaveLength(1);
  });

  it('two concurrent runs send a message once', async () => {
    const r = await resident('sven', 3);
    const msg = await enqueue(r.user.id);
    const [a, b] = await Promise.all([sut.runOnce(), sut.runOnce()]);
    expect(a.sent + b.sent).toBe(1);
    expect(await sentTo(r.openid)).toHaveLength(1);
    expect(await row(msg.id)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('backs off during an outage, delivers afterwards, and gives up after the last attempt', async () => {
    const r = await resident('tina', 2);
    const msg = await enqueue(r.user.id);
    await t.http().post('/sim/wechat/_control/outage').send({ on: true });
    try {
      expect(await sut.runOnce()).toMatchObject({ failed: 1 });
      const failed = await row(msg.id);
      expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
      expect(failed.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 20_000);
      expect(await sut.runOnce()).toMatchObject({ claimed: 0 });
      // The last allowed attempt fails too: dead.
      const doomed = await enqueue(r.user.id, '注定失败');
      await t.db.getRepository(OutboxMessage).update(doomed.id, { attempts: 5 });
      expect(await sut.runOnce()).toMatchObject({ dead: 1 });
      expect((await row(doomed.id)).status).toBe('dead');
    } finally {
      await t.http().post('/sim/wechat/_control/outage').send({ on: false });
    }
    expect(await sut.runOnce(new Date(Date.now() + 60_000))).toMatchObject({ sent: 1 });
    expect(await row(msg.id)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(await sentTo(r.openid)).toHaveLength(1);
  });

  it('a deleted resident gets nothing: pending messages die and grants are dropped', async () => {
    const r = await resident('ursula', 1);
    const msg = await enqueue(r.user.id);
    expect((await t.http().delete('/api/v1/me').set('Authorization', `Bearer ${r.token}`)).status).toBe(204);
    expect(await row(msg.id)).toMatchObject({ status: 'dead', lastError: 'account deleted' });
    expect(await t.db.getRepository(SubscriptionGrant).count({ where: { userId: r.user.id } })).toBe(0);
    expect(await sut.runOnce()).toMatchObject({ claimed: 0 });
  });

  it('purges delivered messages after 30 days, keeps failed and dead ones', async () => {
    const r = await resident('walter', 0);
    const repo = t.db.getRepository(OutboxMessage);
    const old = new Date(Date.now() - 31 * 86_400_000);
    const sent = await enqueue(r.user.id);
    const dead = await enqueue(r.user.id);
    const recent = await enqueue(r.user.id);
    await repo.update(sent.id, { status: 'sent', createdAt: old });
    await repo.update(dead.id, { status: 'dead', createdAt: old });
    await repo.update(recent.id, { status: 'sent' });
    expect(await sut.purgeDelivered(30)).toBeGreaterThanOrEqual(1);
    expect(await repo.existsBy({ id: sent.id })).toBe(false);
    expect(await repo.existsBy({ id: dead.id })).toBe(true);
    expect(await repo.existsBy({ id: recent.id })).toBe(true);
  });

  it('validates grant requests', async () => {
    const r = await loginResident(t, 'victor');
    const post = (body: unknown) =>
      t
        .http()
        .post('/api/v1/subscriptions')
        .set('Authorization', `Bearer ${r.token}`)
        .send(body as object);
    expect((await post({ templateIds: ['nope'] })).body.code).toBe('TEMPLATE_UNKNOWN');
    expect((await post({ templateIds: ['a', 'b', 'c', 'd'] })).body.code).toBe('VALIDATION_FAILED');
    expect((await post({ templateIds: [] })).body.code).toBe('VALIDATION_FAILED');
    const twice = await post({ templateIds: [TEMPLATE] });
    expect(twice.body.granted[TEMPLATE]).toBe(1);
    expect((await post({ templateIds: [TEMPLATE] })).body.granted[TEMPLATE]).toBe(2);
  });
});
