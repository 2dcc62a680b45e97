import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { LedgerEntry } from '../ledger/ledger-entry.entity';
import { Reward } from '../rewards/reward.entity';
import { childDatabaseUrl, ensureBuilt, exited, startBuiltServer } from '../testing/built-server';
import { createStaff, simCode } from '../testing/factories-auth';
import { newRequestId, REPORT_TEST_AREA, sceneJpeg, seedReportTestPlaces, staffToken } from '../testing/factories-reports';
import { bearer, createCampaign, waitFor } from '../testing/factories-rewards';
import { startTestApp, type TestApp } from '../testing/test-app';
import { SimBillStore } from '../wechatpay/simulator/sim-bill-store';
import { testRedisUrl } from '../testing/test-redis';

/**
 * Three BUILT instances (`node dist/main.js`) on one MariaDB and one Redis, as in production behind a load
 * balancer: whatever instance a request lands on, the answer is the same. MariaDB + Redis only (the test
 * command provides both); boots three children, so it takes 20–60 s on a loaded machine.
 */
const REDIS_URL = process.env.TEST_REDIS_URL;
const run = process.env.TEST_DB === 'mysql' && REDIS_URL ? describe : describe.skip;
const LIMIT = 5;

jest.setTimeout(480_000);

run('three built instances on one database and one Redis behave as one', () => {
  let t: TestApp;
  let redis: Redis;
  const children: ChildProcess[] = [];
  const ports: number[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'sansui-3x-'));
  let admin = '';
  let dispatcher = '';
  let nextIp = 1;

  /** Instance i (0–2). Each scenario speaks from its own client address, so the rate-limit buckets do not mix. */
  const url = (i: number, path: string) => `http://127.0.0.1:${ports[i % ports.length]}/api/v1${path}`;
  const client = () => {
    const ip = `203.0.113.${nextIp++}`;
    const headers = (token?: string, json = true) => ({
      'X-Forwarded-For': ip,
      ...(json ? { 'Content-Type': 'application/json' } : {}),
      ...(token ? bearer(token) : {}),
    });
    return {
      ip,
      get: (i: number, path: string, token?: string) => call(fetch(url(i, path), { headers: headers(token) })),
      post: (i: number, path: string, body: unknown, token?: string) =>
        call(fetch(url(i, path), { method: 'POST', headers: headers(token), body: JSON.stringify(body) })),
      patch: (i: number, path: string, body: unknown, token?: string) =>
        call(fetch(url(i, path), { method: 'PATCH', headers: headers(token), body: JSON.stringify(body) })),
      upload: async (i: number, token: string, seed: number) => {
        const form = new FormData();
        form.append('file', new Blob([new Uint8Array(await sceneJpeg(seed))], { type: 'image/jpeg' }), `p${seed}.jpg`);
        return call(fetch(url(i, '/uploads'), { method: 'POST', headers: headers(token, false), body: form }));
      },
    };
  };

  beforeAll(async () => {
    ensureBuilt();
    const redisUrl = testRedisUrl(REDIS_URL!, 'threeInstances');
    redis = new Redis(redisUrl);
    await redis.flushdb();
    t = await startTestApp({ DATA_DIR: dataDir }); // migrates the database; the children find it up to date
    await seedReportTestPlaces(t.db, 'x3');
    admin = (await staffToken(t, 'x3-admin', ['admin'])).token;
    dispatcher = (await staffToken(t, 'x3-dispatcher', ['dispatcher'])).token;
    await createCampaign(t, admin, { name: '三实例红包', approvalThresholdFen: 100_000 });
    const base = 4400 + Math.floor(Math.random() * 30) * 3;
    const started = await Promise.all(
      [0, 1, 2].map((i) =>
        startBuiltServer({
          port: base + i,
          databaseUrl: childDatabaseUrl(t.db.options as { type: string; url: string }),
          dataDir,
          logFile: process.env.X3_LOG,
          // Three boots at once: seconds on an idle machine, minutes on a shared and overloaded one.
          bootTimeoutMs: 300_000,
          env: {
            REDIS_URL: redisUrl,
            TRUSTED_PROXIES: '127.0.0.1',
            RATE_LIMIT_PER_MINUTE: String(LIMIT),
            WECHATPAY_SIM_DUPLICATE_RATE: '0.5',
            WECHATPAY_SIM_SEED: String(11 + i),
          },
        }),
      ),
    );
    started.forEach((c, i) => {
      if (c) {
        children.push(c);
        ports.push(base + i);
      }
    });
    if (children.length !== 3) throw new Error(`only ${children.length} of 3 instances came up (X3_LOG=<file> shows why)`);
  });

  afterAll(async () => {
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(children.map(exited));
    redis?.disconnect();
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a report submitted on one instance is seen on the others, and its retry on another instance is the same report', async () => {
    const c = client();
    const login = await c.post(0, '/auth/wechat', { code: simCode('x3-alice') });
    expect(login.status).toBe(200);
    const token = login.body.token as string;
    const photo = await c.upload(1, token, 31);
    expect(photo.status).toBe(201);
    const body = {
      kind: 'snap',
      categoryCode: 'exposed_garbage',
      description: '三个实例之间的同一份上报',
      location: REPORT_TEST_AREA.centre,
      photoIds: [photo.body.id],
      clientRequestId: newRequestId('x3'),
    };
    const created = await c.post(2, '/reports', body, token);
    expect(created.status).toBe(201);
    const retried = await c.post(0, '/reports', body, token); // the client did not hear the answer and retries elsewhere
    expect([retried.status, retried.body.id]).toEqual([expect.any(Number), created.body.id]);
    expect(retried.status).toBeLessThan(300);

    for (const i of [0, 1]) {
      const mine = await c.get(i, '/reports/mine', token);
      expect(mine.body.items.map((r: { id: number }) => r.id)).toEqual([created.body.id]);
    }
    const detail = await c.get(1, `/reports/${created.body.id}`, token);
    expect(detail.body).toMatchObject({ id: created.body.id, description: '三个实例之间的同一份上报' });
    const staffView = await c.get(2, `/cases/${created.body.caseId}`, dispatcher);
    expect([staffView.status, staffView.body.id]).toEqual([200, created.body.caseId]);
  });

  it('shares the rate limit: requests spread over the three instances count together, per client', async () => {
    const c = client();
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 3; i++) statuses.push((await c.post(i, '/auth/wechat', {})).status);
    expect(statuses).toEqual([...Array<number>(LIMIT).fill(400), 429, 429, 429]);
    const other = client();
    expect((await other.post(1, '/auth/wechat', {})).status).toBe(400);
  });

  it('an account disabled on one instance is refused on the other two within seconds', async () => {
    const c = client();
    const user = await createStaff(t, ['dispatcher']);
    const login = await c.post(2, '/auth/staff', { username: user.username, password: 'test-pass-2026' });
    expect(login.status).toBe(200);
    const token = login.body.token as string;
    // Every instance has now seen the account as active (and caches that).
    for (const i of [0, 1, 2]) expect((await c.get(i, '/me', token)).status).toBe(200);
    expect((await c.patch(0, `/users/${user.id}`, { active: false }, admin)).status).toBe(200);
    const started = Date.now();
    const refusedOn = async (i: number) => {
      let res = await c.get(i, '/me', token);
      while (res.status === 200 && Date.now() - started < 4000) res = await c.get(i, '/me', token);
      return res.status;
    };
    expect(await Promise.all([refusedOn(1), refusedOn(2)])).toEqual([401, 401]);
  });

  it('pays a reward once when two instances approve the same batch and the resident claims and reconciles on all three', async () => {
    const resident = client();
    const staff = client();
    const login = await resident.post(1, '/auth/wechat', { code: simCode('x3-bob') });
    const bob = login.body.token as string;
    const photo = await resident.upload(2, bob, 32);
    const report = await resident.post(
      0,
      '/reports',
      {
        kind: 'snap',
        categoryCode: 'exposed_garbage',
        description: '发红包的上报',
        location: { lat: REPORT_TEST_AREA.centre.lat + 0.004, lng: REPORT_TEST_AREA.centre.lng },
        photoIds: [photo.body.id],
        clientRequestId: newRequestId('x3pay'),
      },
      bob,
    );
    expect(report.status).toBe(201);
    expect((await staff.post(1, `/cases/${report.body.caseId}/accept`, {}, dispatcher)).status).toBeLessThan(300);
    const reward = await waitFor(
      () => t.db.getRepository(Reward).findOneBy({ reportId: report.body.id }),
      (r) => r?.status === 'cleared',
    );
    expect(reward?.status).toBe('cleared');

    const proposer = await staffToken(t, 'x3-auditor-p', ['auditor']);
    const approverA = await staffToken(t, 'x3-auditor-a', ['auditor']);
    const approverB = await staffToken(t, 'x3-auditor-b', ['auditor']);
    const batch = await staff.post(0, '/payout-batches', { rewardIds: [reward!.id] }, proposer.token);
    expect(batch.status).toBe(201);
    // The same batch approved at once on two instances by two auditors: it needs one approval, one wins.
    const approvals = await Promise.all([
      staff.post(1, `/payout-batches/${batch.body.id}/approve`, {}, approverA.token),
      staff.post(2, `/payout-batches/${batch.body.id}/approve`, {}, approverB.token),
    ]);
    expect(approvals.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(approvals.find((a) => a.status === 409)!.body.code).toBe('BATCH_ALREADY_APPROVED');

    // The resident taps 领取 and the client retries on every instance at once: one transfer bill.
    const claims = await Promise.all([0, 1, 2].map((i) => resident.post(i, `/rewards/${reward!.id}/claim`, {}, bob)));
    expect(claims.map((c) => c.status)).toEqual([200, 200, 200]);
    expect(new Set(claims.map((c) => c.body.outBillNo)).size).toBe(1);
    const outBillNo = claims[0].body.outBillNo as string;
    expect((await resident.post(2, `/sim/wechatpay/transfer-bills/${outBillNo}/confirm`, {}, bob)).status).toBe(200);
    // Duplicate callbacks (half of them, from the simulator) and reconciliation on all three at once.
    const reconciles = await Promise.all([0, 1, 2].map((i) => staff.post(i, '/payouts/reconcile', {}, proposer.token)));
    expect(reconciles.map((r) => r.status)).toEqual([200, 200, 200]);
    const paid = await waitFor(
      () => t.db.getRepository(Reward).findOneBy({ id: reward!.id }),
      (r) => r?.status === 'paid',
    );
    expect(paid?.status).toBe('paid');
    await Promise.all([0, 1, 2].map((i) => staff.post(i, '/payouts/reconcile', {}, proposer.token)));

    expect(await t.db.getRepository(LedgerEntry).countBy({ rewardId: reward!.id, kind: 'paid' })).toBe(1);
    const bills = new SimBillStore(dataDir);
    try {
      expect(bills.all().filter((b) => b.outBillNo.startsWith(outBillNo.slice(0, 12)))).toEqual([
        expect.objectContaining({ outBillNo, state: 'SUCCESS' }),
      ]);
    } finally {
      bills.close();
    }
    expect((await resident.post(0, `/rewards/${reward!.id}/claim`, {}, bob)).body.code).toBe('REWARD_NOT_CLAIMABLE');
  });
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers of many shapes, asserted field by field
type Json = any;

async function call(p: Promise<Response>): Promise<{ status: number; body: Json }> {
  const res = await p;
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body };
}
