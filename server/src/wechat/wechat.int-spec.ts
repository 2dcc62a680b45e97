import { createServer, type Server } from 'node:http';
import sharp from 'sharp';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { CaseEvent } from '../cases/case-event.entity';
import { Case } from '../cases/case.entity';
import { Report } from '../reports/report.entity';
import { loginResident } from '../testing/factories-auth';
import { startTestApp, type TestApp } from '../testing/test-app';
import { Photo } from '../uploads/photo.entity';
import { AccessTokenService } from './access-token/access-token.service';
import { onEveryStatement } from '../testing/statements';
import { ContentSecurityClient } from './content-security/content-security.client';
import { ContentSecurityService } from './content-security/content-security.service';
import { pushSignature } from './content-security/push-signature';
import { simOpenid } from './simulator/simulator-rules';
import { SubscribeMessageClient } from './subscribe/subscribe-message.client';
import { WechatHttp } from './wechat-http';

const APPID = 'wx-sim-appid';

/** Stands in for the server's public photo URL: /api/v1/photos/:id/image answers red for ids in `red`, green otherwise. */
async function startPhotoHost(red: Set<number>): Promise<{ server: Server; base: string; hits: number[] }> {
  const redPng = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 250, g: 10, b: 10 } } })
    .png()
    .toBuffer();
  const greenPng = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 20, g: 180, b: 40 } } })
    .png()
    .toBuffer();
  const hits: number[] = [];
  const server = createServer((req, res) => {
    // The simulator fetches the signed URL the server built (…/image?exp=…&sig=…).
    const m = /^\/api\/v1\/photos\/(\d+)\/image\?exp=\d+&sig=[\w-]+$/.exec(req.url ?? '');
    if (!m) return void res.writeHead(404).end();
    hits.push(Number(m[1]));
    res.writeHead(200, { 'content-type': 'image/png' }).end(red.has(Number(m[1])) ? redPng : greenPng);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, base: `http://127.0.0.1:${(server.address() as { port: number }).port}`, hits };
}

async function until<T>(fn: () => Promise<T | null | undefined | false>, ms = 8000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A case with one report and `n` photos, inserted directly. */
async function caseWithPhotos(t: TestApp, userId: number, n: number): Promise<{ caseRow: Case; report: Report; photos: Photo[] }> {
  const cases = t.db.getRepository(Case);
  const caseRow = await cases.save(
    cases.create({
      status: 'submitted',
      kind: 'snap',
      source: 'miniapp',
      categoryCode: 'exposed_garbage',
      departmentId: null,
      gridId: null,
      lat: 31.23,
      lng: 121.47,
      cellKey: 'wtw3sjq',
      description: null,
      primaryReportId: 0,
      masterCaseId: null,
      slaHours: 4,
      flagged: false,
      triage: null,
    }),
  );
  const reports = t.db.getRepository(Report);
  const report = await reports.save(
    reports.create({
      userId,
      clientRequestId: `cs-${caseRow.id}-${Date.now()}`,
      kind: 'snap',
      source: 'miniapp',
      categoryCode: 'exposed_garbage',
      description: null,
      lat: 31.23,
      lng: 121.47,
      caseId: caseRow.id,
      gridId: null,
      contentCheck: 'pending',
    }),
  );
  await cases.update(caseRow.id, { primaryReportId: report.id });
  const repo = t.db.getRepository(Photo);
  const photos: Photo[] = [];
  for (let i = 0; i < n; i++) {
    photos.push(
      await repo.save(
        repo.create({
          ownerUserId: userId,
          storageKey: `k${i}`,
          thumbKey: `t${i}`,
          mime: 'image/png',
          width: 64,
          height: 48,
          bytes: 100,
          sha256: 'x'.repeat(64),
          phash: '0'.repeat(16),
          phashBlock0: 0,
          phashBlock1: 0,
          phashBlock2: 0,
          phashBlock3: 0,
          contentCheck: 'pending',
          reportId: report.id,
          caseId: caseRow.id,
          role: 'evidence',
        }),
      ),
    );
  }
  return { caseRow, report, photos };
}

describe('WeChat adapters against the simulator, over HTTP', () => {
  let t: TestApp;
  let host: Awaited<ReturnType<typeof startPhotoHost>>;
  const red = new Set<number>();
  let content: ContentSecurityService;
  const openid = simOpenid(APPID, 'wendy');

  const stats = async () => (await t.http().get('/sim/wechat/_control/stats')).body as { tokenRequests: number };

  beforeAll(async () => {
    host = await startPhotoHost(red);
    t = await startTestApp({ PUBLIC_BASE_URL: host.base, WECHAT_SIM_MEDIA_DELAY_MS: '50' });
    content = t.app.get(ContentSecurityService);
  });
  afterAll(async () => {
    await t.close();
    await new Promise((r) => host.server.close(r));
  });

  it('checks text: pass, review and risky (simulator word lists)', async () => {
    expect(await content.checkText('路口垃圾桶满了，没人清理', openid)).toBe('pass');
    expect(await content.checkText('有人在这里聚众赌博', openid)).toBe('risky');
    expect(await content.checkText('这个话题比较敏感', openid)).toBe('review');
    expect(await content.checkText('   ', openid)).toBe('pass');
  });

  it('caches the access token, and refreshes it once when WeChat says it expired', async () => {
    const before = (await stats()).tokenRequests;
    await Promise.all([content.checkText('一', openid), content.checkText('二', openid), content.checkText('三', openid)]);
    expect((await stats()).tokenRequests).toBe(before);
    await t.http().post('/sim/wechat/_control/expire-token');
    expect(await content.checkText('赌博', openid)).toBe('risky');
    expect((await stats()).tokenRequests).toBe(before + 1);
    expect(await content.checkText('四', openid)).toBe('pass');
    expect((await stats()).tokenRequests).toBe(before + 1);
  });

  it('fetches the token only once for concurrent first callers (single flight)', async () => {
    const fresh = new AccessTokenService(t.app.get(WechatHttp), t.app.get<AppConfig>(APP_CONFIG));
    const before = (await stats()).tokenRequests;
    const tokens = await Promise.all([fresh.token(), fresh.token(), fresh.token()]);
    expect(new Set(tokens).size).toBe(1);
    expect((await stats()).tokenRequests).toBe(before + 1);
  });

  it('answers review, never an error, while WeChat is down or without an openid', async () => {
    await t.http().post('/sim/wechat/_control/outage').send({ on: true });
    try {
      expect(await content.checkText('赌博', openid)).toBe('review');
    } finally {
      await t.http().post('/sim/wechat/_control/outage').send({ on: false });
    }
    expect(await content.checkText('正常内容', null)).toBe('review');
  });

  it('submits images; the pushed verdict hides a red photo, marks the report risky and flags the case once', async () => {
    const resident = await loginResident(t, 'wendy');
    const { caseRow, report, photos } = await caseWithPhotos(t, resident.user.id, 2);
    red.add(photos[0].id);
    await content.submitImageBatch(photos.map((photo) => ({ photo, openid })));
    expect(photos.every((p) => p.contentTraceId && p.contentCheck === 'pending')).toBe(true);
    const saved = await t.db.getRepository(Photo).findOneByOrFail({ id: photos[0].id });
    expect(saved.contentTraceId).toBe(photos[0].contentTraceId);

    await until(async () => (await t.db.getRepository(Photo).findOneByOrFail({ id: photos[1].id })).contentCheck === 'pass');
    await until(async () => (await t.db.getRepository(Photo).findOneByOrFail({ id: photos[0].id })).contentCheck === 'risky');
    expect(host.hits).toEqual(expect.arrayContaining([photos[0].id, photos[1].id]));
    expect((await t.db.getRepository(Case).findOneByOrFail({ id: caseRow.id })).flagged).toBe(true);
    expect((await t.db.getRepository(Report).findOneByOrFail({ id: report.id })).contentCheck).toBe('risky');
    const events = await t.db.getRepository(CaseEvent).find({ where: { caseId: caseRow.id, action: 'content_flag' } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ note: '图片内容违规，已隐藏', actorRole: 'system', photoIds: [photos[0].id] });

    // WeChat may push the same verdict again: nothing changes.
    const ts = String(Math.floor(Date.now() / 1000));
    const sig = pushSignature('sim-push-token', ts, 'n1');
    const again = await t
      .http()
      .post(`/api/v1/wechat/push?signature=${sig}&timestamp=${ts}&nonce=n1`)
      .send({
        MsgType: 'event',
        Event: 'wxa_media_check',
        trace_id: photos[0].contentTraceId,
        version: 2,
        result: { suggest: 'risky', label: 20002 },
      });
    expect([again.status, again.text]).toEqual([200, 'success']);
    expect(await t.db.getRepository(CaseEvent).count({ where: { caseId: caseRow.id, action: 'content_flag' } })).toBe(1);
  });

  it('a report whose photos all pass becomes pass', async () => {
    const resident = await loginResident(t, 'walt');
    const { caseRow, report, photos } = await caseWithPhotos(t, resident.user.id, 2);
    await content.submitImageBatch(photos.map((photo) => ({ photo, openid: simOpenid(APPID, 'walt') })));
    await until(async () => (await t.db.getRepository(Report).findOneByOrFail({ id: report.id })).contentCheck === 'pass');
    expect((await t.db.getRepository(Case).findOneByOrFail({ id: caseRow.id })).flagged).toBe(false);
  });

  it('applies verdicts for photos of one report that arrive at the same moment one after the other', async () => {
    const resident = await loginResident(t, 'yvonne');
    const { report, photos } = await caseWithPhotos(t, resident.user.id, 3);
    await Promise.all(photos.map((p, i) => t.db.getRepository(Photo).update(p.id, { contentTraceId: `together-${report.id}-${i}` })));
    const applied = await Promise.all(
      photos.map((_, i) => content.onMediaVerdict({ traceId: `together-${report.id}-${i}`, suggest: 'pass', label: 100 })),
    );
    expect(applied).toEqual([true, true, true]);
    expect((await t.db.getRepository(Report).findOneByOrFail({ id: report.id })).contentCheck).toBe('pass');
  });

  it('keeps a verdict that arrives before the trace id is stored, and applies it later', async () => {
    const resident = await loginResident(t, 'xena');
    const { photos } = await caseWithPhotos(t, resident.user.id, 1);
    expect(await content.onMediaVerdict({ traceId: 'early-trace', suggest: 'review', label: 21000 })).toBe(false);
    await t.db.getRepository(Photo).update(photos[0].id, { contentTraceId: 'early-trace' });
    expect(await content.onMediaVerdict({ traceId: 'early-trace', suggest: 'review', label: 21000 })).toBe(true);
    expect((await t.db.getRepository(Photo).findOneByOrFail({ id: photos[0].id })).contentCheck).toBe('review');
  });

  it('submits the photos of reports queued together as one batch: one statement for the trace ids, one read for early verdicts', async () => {
    const a = await caseWithPhotos(t, (await loginResident(t, 'bianca')).user.id, 2);
    const b = await caseWithPhotos(t, (await loginResident(t, 'bruno')).user.id, 1);
    red.add(a.photos[1].id);
    // WeChat pushes b's verdict before the batch stores its trace id: the verdict is kept, then applied by the batch.
    const client = t.app.get(ContentSecurityClient);
    const real = client.mediaCheckAsync.bind(client);
    const early = `early-batch-${b.photos[0].id}`;
    const spy = jest.spyOn(client, 'mediaCheckAsync').mockImplementation(async (url, who) => {
      if (!url.includes(`/photos/${b.photos[0].id}/`)) return real(url, who);
      expect(await content.onMediaVerdict({ traceId: early, suggest: 'review', label: 21000 })).toBe(false);
      return { traceId: early };
    });
    let statements: string[] | null = [];
    onEveryStatement(t, (sql) => statements?.push(sql));
    try {
      await content.submitImageBatch([
        ...a.photos.map((photo) => ({ photo, openid: simOpenid(APPID, 'bianca') })),
        { photo: b.photos[0], openid: simOpenid(APPID, 'bruno') },
      ]);
    } finally {
      spy.mockRestore();
    }
    const seen = statements;
    statements = null;
    expect(seen.filter((q) => /UPDATE\W+photos\W+SET\W+contentTraceId\b/.test(q))).toHaveLength(1);
    expect(seen.filter((q) => /FROM media_check_verdicts WHERE traceId IN \(\?, \?, \?\)/.test(q))).toHaveLength(1);
    const stored = async (p: Photo) => t.db.getRepository(Photo).findOneByOrFail({ id: p.id });
    expect(await stored(b.photos[0])).toMatchObject({ contentTraceId: early, contentCheck: 'review' });
    for (const p of a.photos) expect((await stored(p)).contentTraceId).toBe(p.contentTraceId);
    expect(a.photos.every((p) => p.contentTraceId?.startsWith('sim-'))).toBe(true);
    await until(async () => (await stored(a.photos[0])).contentCheck === 'pass');
    await until(async () => (await stored(a.photos[1])).contentCheck === 'risky');
    expect((await t.db.getRepository(Report).findOneByOrFail({ id: a.report.id })).contentCheck).toBe('risky');
    expect((await t.db.getRepository(Report).findOneByOrFail({ id: b.report.id })).contentCheck).toBe('review');
  });

  it('refuses pushes with a bad or missing signature, and answers the URL check', async () => {
    const bad = await t
      .http()
      .post('/api/v1/wechat/push?signature=abc&timestamp=1&nonce=2')
      .send({ MsgType: 'event', Event: 'wxa_media_check', trace_id: 'x', result: { suggest: 'risky' } });
    expect([bad.status, bad.body.code]).toEqual([401, 'WECHAT_PUSH_SIGNATURE_INVALID']);
    const none = await t.http().post('/api/v1/wechat/push').send({});
    expect(none.status).toBe(401);
    const sig = pushSignature('sim-push-token', '1700000000', 'abc');
    const check = await t.http().get(`/api/v1/wechat/push?signature=${sig}&timestamp=1700000000&nonce=abc&echostr=hello123`);
    expect([check.status, check.text]).toEqual([200, 'hello123']);
  });

  it('sends a subscription message only with a grant; one grant is one message', async () => {
    const client = t.app.get(SubscribeMessageClient);
    const to = simOpenid(APPID, 'yuri');
    const msg = {
      touser: to,
      templateId: 'sim-tmpl-case-progress',
      page: 'pkg-mine/reports/index',
      data: { thing1: '暴露垃圾', phrase2: '已受理' },
    };
    expect(await client.send(msg)).toMatchObject({ kind: 'refused', errcode: 43101 });
    await t
      .http()
      .post('/sim/wechat/_control/subscribe')
      .send({ openid: to, templateIds: ['sim-tmpl-case-progress'] });
    expect(await client.send(msg)).toEqual({ kind: 'sent' });
    expect(await client.send(msg)).toMatchObject({ kind: 'refused' });
    const listed = await t.http().get(`/sim/wechat/_control/messages?openid=${to}`);
    expect(listed.body.items).toHaveLength(1);
    expect(listed.body.items[0]).toMatchObject({
      templateId: 'sim-tmpl-case-progress',
      page: 'pkg-mine/reports/index',
      data: { thing1: { value: '暴露垃圾' } },
      miniprogramState: 'formal',
    });
    await t
      .http()
      .post('/sim/wechat/_control/subscribe')
      .send({ name: 'yuri', templateIds: ['sim-tmpl-case-progress'] });
    expect(await client.send({ ...msg, data: { thing1: '这是一段明显超过二十个字的很长很长很长很长的内容' } })).toMatchObject({
      kind: 'rejected',
      errcode: 47003,
    });
    expect(await client.send({ ...msg, touser: 'not-an-openid' })).toMatchObject({ kind: 'rejected', errcode: 40003 });
  });
});
