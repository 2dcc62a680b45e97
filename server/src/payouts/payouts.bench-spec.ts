/**
 * Payout throughput against the WeChat Pay simulator (issue 4). Not part of the test command. Run:
 *   cd server && BENCH_REWARDS=500 npx jest --testRegex 'payouts\.bench-spec\.ts$'        (SQLite)
 *   cd server && TEST_DB=mysql TEST_MYSQL_URL=mariadb://… BENCH_REWARDS=500 npx jest --testRegex 'payouts\.bench-spec\.ts$'
 * BENCH_REWARDS (default 300) approved rewards are claimed over HTTP with BENCH_CONCURRENCY (default 10)
 * parallel residents (each claim = create bill through the real signed client → simulator → signed,
 * verified answer → transaction), then confirmed in the simulator until the callbacks mark all paid.
 */
import { TokenService } from '../common/auth/token.service';
import { Transactions } from '../database/transactions';
import { LedgerService } from '../ledger/ledger.service';
import { Reward } from '../rewards/reward.entity';
import { saveResidentWithApprovedReward, saveCampaign } from '../testing/factories-rewards';
import { startTestApp, type TestApp } from '../testing/test-app';

const N = Number(process.env.BENCH_REWARDS ?? 300);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 10);
jest.setTimeout(600_000);

describe('payout throughput (bench)', () => {
  let t: TestApp;
  const work: { id: number; token: string }[] = [];

  beforeAll(async () => {
    t = await startTestApp({ WECHATPAY_SIM_DUPLICATE_RATE: '0', WECHATPAY_SIM_LATE_RATE: '0' });
    const tokens = t.app.get(TokenService);
    await t.app.get(Transactions).run(async (em) => {
      const c = await saveCampaign(em, '压测活动', { budgetFen: 10_000_000, reservedFen: N * 200 });
      for (let i = 0; i < N; i++) {
        const { user: u, reward: r } = await saveResidentWithApprovedReward(
          em,
          c.id,
          { openid: `o-bench-${i}`, displayName: `b${i}` },
          800_000 + i,
        );
        await t.app
          .get(LedgerService)
          .append(em, { kind: 'reserved', campaignId: c.id, rewardId: r.id, amountFen: 200, dedupeKey: `reserved:${r.id}` });
        work.push({ id: r.id, token: tokens.issue({ id: u.id, kind: 'resident', roles: ['resident'], departmentId: null }) });
      }
    });
  });
  afterAll(async () => t?.close());

  it('claims and pays', async () => {
    const outBills: string[] = [];
    const claimMs: number[] = [];
    const pool = async (items: typeof work, fn: (x: (typeof work)[number]) => Promise<void>) => {
      let i = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (i < items.length) await fn(items[i++]);
        }),
      );
    };
    const t0 = performance.now();
    await pool(work, async (w) => {
      const s = performance.now();
      const res = await fetch(`${t.baseUrl}/api/v1/rewards/${w.id}/claim`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${w.token}` },
      });
      claimMs.push(performance.now() - s);
      if (res.status !== 200) throw new Error(`claim ${res.status}`);
      outBills.push(((await res.json()) as { outBillNo: string }).outBillNo);
    });
    const claimSecs = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    let k = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (k < outBills.length)
          await fetch(`${t.baseUrl}/api/v1/sim/wechatpay/transfer-bills/${outBills[k++]}/confirm`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${work[0].token}` },
          });
      }),
    );
    for (;;) {
      if ((await t.db.getRepository(Reward).countBy({ status: 'paid' })) === N) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const paySecs = (performance.now() - t1) / 1000;
    claimMs.sort((a, b) => a - b);
    console.log(
      JSON.stringify({
        db: process.env.TEST_DB ?? 'sqlite',
        rewards: N,
        concurrency: CONCURRENCY,
        claimsPerSecond: Math.round(N / claimSecs),
        claimP50ms: Math.round(claimMs[Math.floor(N / 2)]),
        claimP99ms: Math.round(claimMs[Math.floor(N * 0.99)]),
        confirmToPaidPerSecond: Math.round(N / paySecs),
      }),
    );
  });
});
