import { Logger } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth/auth-user';
import type { AppConfig } from '../config/app-config';
import type { Transactions } from '../database/transactions';
import type { LedgerService } from '../ledger/ledger.service';
import type { OutboxService } from '../notifications/outbox.service';
import { Campaign } from '../rewards/campaign.entity';
import { RewardPayoutReads } from '../rewards/reward-payout-reads';
import { RewardPayoutStates } from '../rewards/reward-payout-states';
import { Reward } from '../rewards/reward.entity';
import { strictMock } from '../testing/strict-mock';
import { User } from '../users/user.entity';
import { UserRepository } from '../users/user.repository';
import type { TransferBill, TransferClient, TransferResult } from '../wechatpay/transfer-client';
import type { WechatpayKeys } from '../wechatpay/wechatpay-keys';
import { ClaimsService } from './claims.service';

/**
 * ClaimsService with the database replaced: rewards, residents and campaigns live in maps behind strict
 * repository stand-ins, and WeChat Pay, the ledger, the audit log and the outbox are strict mocks — a call
 * a test did not plan for fails it. The HTTP flow against the simulator is in payouts.int-spec.ts.
 */
const BILL_1 = 'SS0000000007A001';
const BILL_2 = 'SS0000000007A002';

function reward(over: Partial<Reward> = {}): Reward {
  return Object.assign(new Reward(), {
    id: 7,
    userId: 3,
    campaignId: 2,
    amountFen: 250,
    categoryCode: 'exposed_garbage',
    status: 'transferring',
    attempt: 2,
    outBillNo: BILL_2,
    billState: 'WAIT_USER_CONFIRM',
    packageInfo: 'pkg-2',
    transferBillNo: null,
    failReason: null,
    paidAt: null,
    billCreatedAt: new Date(),
    billParams: { out_bill_no: BILL_2, transfer_amount: 250, openid: 'o-resident', appid: 'wx-app' },
    ...over,
  });
}

const bill = (over: Partial<TransferBill> = {}): TransferBill => ({ out_bill_no: BILL_2, state: 'SUCCESS', transfer_amount: 250, ...over });

interface Options {
  rewards?: Reward[];
  client?: Record<string, unknown>;
  /** Leave out to make any ledger / audit / outbox call fail the test. */
  ledger?: boolean;
  users?: Partial<User>[];
}

function setup(opts: Options = {}) {
  const rewards = new Map((opts.rewards ?? []).map((r) => [r.id, r]));
  const copy = (r: Reward | undefined) =>
    r
      ? Object.assign(new Reward(), {
          ...r,
          billParams: r.billParams && (JSON.parse(JSON.stringify(r.billParams)) as Record<string, unknown>),
        })
      : null;
  const rewardRepo = strictMock<Record<string, jest.Mock>>('rewards', {
    findOne: jest.fn(async ({ where }: { where: { id: number } }) => copy(rewards.get(where.id))),
    findOneByOrFail: jest.fn(async ({ id }: { id: number }) => {
      const r = copy(rewards.get(id));
      if (!r) throw new Error(`reward ${id} not found`);
      return r;
    }),
    // As TypeORM: filtered by status, ordered as asked (only ASC / DESC are valid), at most `take` rows.
    find: jest.fn(async ({ where, order, take }: { where: { status: string }; order?: Record<string, string>; take?: number }) => {
      const rows = [...rewards.values()].filter((r) => r.status === where.status);
      for (const [key, direction] of Object.entries(order ?? {}).reverse()) {
        if (direction !== 'ASC' && direction !== 'DESC') throw new Error(`order can accept only "ASC" and "DESC", got "${direction}"`);
        const value = (r: Reward) => Number((r as unknown as Record<string, unknown>)[key]);
        rows.sort((a, b) => (direction === 'ASC' ? value(a) - value(b) : value(b) - value(a)));
      }
      return rows.slice(0, take).map((r) => copy(r)!);
    }),
    save: jest.fn(async (r: Reward) => {
      rewards.set(r.id, copy(r)!);
      return r;
    }),
    update: jest.fn(async (where: Partial<Reward>, patch: Partial<Reward>) => {
      const r = rewards.get(where.id!);
      const matches = r && Object.entries(where).every(([k, v]) => (r as unknown as Record<string, unknown>)[k] === v);
      if (matches) Object.assign(r, patch);
      return { affected: matches ? 1 : 0 };
    }),
  });
  // As TypeORM: only the selected columns come back (all of them without a selection).
  const users = strictMock('users', {
    findOne: jest.fn(async ({ where, select }: { where: { id: number }; select?: Record<string, boolean> }) => {
      const user = (opts.users ?? []).find((u) => u.id === where.id);
      const columns = Object.keys(select ?? {}).filter((k) => select![k]);
      if (!user || !columns.length) return user ?? null;
      return Object.fromEntries(Object.entries(user).filter(([k]) => columns.includes(k)));
    }),
  });
  const campaignNames = new Map([
    [2, '春季随手拍红包'],
    [5, '河道随手拍'],
  ]);
  const campaigns = strictMock('campaigns', {
    findOneByOrFail: jest.fn(async ({ id }: { id: number }) => {
      if (!campaignNames.has(id)) throw new Error(`campaign ${id} not found`);
      return Object.assign(new Campaign(), { id, name: campaignNames.get(id) });
    }),
  });
  const getRepository = jest.fn((entity: unknown) => {
    if (entity === Reward) return rewardRepo;
    if (entity === User) return users;
    if (entity === Campaign) return campaigns;
    throw new Error(`unexpected repository ${String(entity)}`);
  });
  const em = strictMock<EntityManager>('em', { getRepository });
  const db = strictMock<DataSource>('db', { getRepository });
  const tx = strictMock<Transactions>('tx', { run: jest.fn((work: (em: EntityManager) => unknown) => work(em)), forUpdate: () => ({}) });
  const ledger = strictMock<LedgerService>('ledger', opts.ledger ? { append: jest.fn(async () => ({})) } : {});
  const audit = strictMock<AuditService>('audit', opts.ledger ? { record: jest.fn(async () => undefined) } : {});
  const outbox = strictMock<OutboxService>('outbox', opts.ledger ? { enqueue: jest.fn(async () => undefined) } : {});
  const client = strictMock<TransferClient>('transferClient', opts.client ?? {});
  const keys = strictMock<WechatpayKeys>('keys', { mchid: '1900000001' });
  const config = strictMock<AppConfig>('config', { wechat: { appId: 'wx-app' }, publicBaseUrl: 'https://sansui.example' });
  const reads = new RewardPayoutReads(db, tx);
  const service = new ClaimsService(
    db,
    tx,
    ledger,
    audit,
    new RewardPayoutStates(),
    reads,
    new UserRepository(),
    client,
    keys,
    config,
    outbox,
  );
  return { service, rewards, rewardRepo, tx, ledger, audit, outbox, client };
}

let loggedErrors: jest.SpyInstance;
beforeEach(() => {
  loggedErrors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());

describe('ClaimsService.applyBill', () => {
  it('ignores any callback for a superseded bill: no second payment, no second failure', async () => {
    const { service, rewards, rewardRepo } = setup({ rewards: [reward()] });
    for (const state of ['SUCCESS', 'FAIL', 'CANCELLED'] as const) {
      const out = await service.applyBill(bill({ out_bill_no: BILL_1, state, fail_reason: 'OVERDUE_CLOSE' }), 'notify');
      expect(out).toEqual({ rewardId: 7, changed: false, status: 'transferring' });
    }
    expect(rewardRepo.save).not.toHaveBeenCalled();
    expect(rewards.get(7)).toMatchObject({ status: 'transferring', outBillNo: BILL_2, billState: 'WAIT_USER_CONFIRM', paidAt: null });
    // Only a SUCCESS for an old attempt is alarming (money may have left twice): it is logged as an error.
    expect(loggedErrors).toHaveBeenCalledTimes(1);
    expect(loggedErrors.mock.calls[0][0]).toBe(`SUCCESS for superseded bill ${BILL_1} of reward 7`);
  });

  it('ignores bill numbers that are not ours, and rewards that do not exist', async () => {
    const { service, tx } = setup({ rewards: [reward()] });
    expect(await service.applyBill(bill({ out_bill_no: 'OTHER-MERCHANT-1' }), 'notify')).toEqual({
      rewardId: null,
      changed: false,
      status: null,
    });
    expect(tx.run).not.toHaveBeenCalled();
    expect(await service.applyBill(bill({ out_bill_no: 'SS0000000008A001' }), 'notify')).toEqual({
      rewardId: null,
      changed: false,
      status: null,
    });
  });

  it('changes nothing once the reward is no longer transferring (a duplicate SUCCESS)', async () => {
    const { service, rewardRepo } = setup({ rewards: [reward({ status: 'paid', billState: 'SUCCESS' })] });
    expect(await service.applyBill(bill(), 'notify')).toEqual({ rewardId: 7, changed: false, status: 'paid' });
    expect(rewardRepo.save).not.toHaveBeenCalled();
  });

  it('pays on SUCCESS: paid once in the ledger (deduplicated by reward), the resident told, the audit written', async () => {
    const { service, rewards, ledger, audit, outbox } = setup({ rewards: [reward()], ledger: true });
    const out = await service.applyBill(bill({ transfer_bill_no: 'TB-9' }), 'notify');
    expect(out).toEqual({ rewardId: 7, changed: true, status: 'paid' });
    expect(rewards.get(7)).toMatchObject({ status: 'paid', billState: 'SUCCESS', transferBillNo: 'TB-9', failReason: null });
    expect(rewards.get(7)!.paidAt).toBeInstanceOf(Date);
    expect(ledger.append).toHaveBeenCalledTimes(1);
    expect(ledger.append).toHaveBeenCalledWith(expect.anything(), {
      kind: 'paid',
      campaignId: 2,
      rewardId: 7,
      amountFen: 250,
      outBillNo: BILL_2,
      note: 'notify: TB-9',
      dedupeKey: 'paid:7',
    });
    expect(outbox.enqueue).toHaveBeenCalledWith(expect.anything(), {
      userId: 3,
      templateKey: 'reward_notice',
      data: { amount: '2.50元', status: '已到账', time: expect.any(Date), note: '红包已存入微信零钱' },
    });
    expect(audit.record).toHaveBeenCalledWith(expect.anything(), {
      actorUserId: null,
      actorName: '微信支付',
      action: 'reward.paid',
      targetType: 'reward',
      targetId: 7,
      data: { outBillNo: BILL_2, state: 'SUCCESS', failReason: null, source: 'notify' },
    });
  });

  it('a SUCCESS without a transfer bill number keeps the note readable', async () => {
    const { service, ledger } = setup({ rewards: [reward()], ledger: true });
    await service.applyBill(bill(), 'query');
    expect(ledger.append).toHaveBeenCalledWith(expect.anything(), expect.objectContaining({ note: 'query: ' }));
  });

  it.each([
    ['FAIL', 'OVERDUE_CLOSE', 'expired', '超过24小时未确认收款，可重新领取'],
    ['FAIL', 'TRANSFER_EXPIRED', 'expired', '超过24小时未确认收款，可重新领取'],
    ['FAIL', 'BLOCK_BY_RISK', 'failed', '领取未成功，可重新领取'],
    ['CANCELLED', undefined, 'failed', '领取未成功，可重新领取'],
  ] as const)('%s %s → %s, one failed entry per bill, the resident may claim again', async (state, failReason, status, note) => {
    const { service, rewards, ledger, audit, outbox } = setup({ rewards: [reward()], ledger: true });
    expect(await service.applyBill(bill({ state, fail_reason: failReason }), 'query')).toEqual({ rewardId: 7, changed: true, status });
    expect(rewards.get(7)).toMatchObject({ status, billState: state, failReason: failReason ?? null, paidAt: null });
    expect(ledger.append).toHaveBeenCalledWith(expect.anything(), {
      kind: 'failed',
      campaignId: 2,
      rewardId: 7,
      amountFen: 250,
      outBillNo: BILL_2,
      note: `query: ${state}${failReason ? ` ${failReason}` : ''}`,
      dedupeKey: `failed:${BILL_2}`,
    });
    expect(outbox.enqueue).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({ data: expect.objectContaining({ status: '可重新领取', note }) }),
    );
    expect(audit.record).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({
        action: `reward.${status}`,
        data: { outBillNo: BILL_2, state, failReason: failReason ?? null, source: 'query' },
      }),
    );
  });

  it('records a state that is not final without moving the reward or the money', async () => {
    const { service, rewards } = setup({ rewards: [reward({ billState: 'ACCEPTED', packageInfo: null })] });
    const out = await service.applyBill(bill({ state: 'WAIT_USER_CONFIRM', package_info: 'pkg-new', transfer_bill_no: 'TB-1' }), 'create');
    expect(out).toEqual({ rewardId: 7, changed: false, status: 'transferring' });
    expect(rewards.get(7)).toMatchObject({
      status: 'transferring',
      billState: 'WAIT_USER_CONFIRM',
      packageInfo: 'pkg-new',
      transferBillNo: 'TB-1',
    });
    // An answer without package or bill number keeps the ones already known.
    await service.applyBill(bill({ state: 'PROCESSING' }), 'query');
    expect(rewards.get(7)).toMatchObject({ billState: 'PROCESSING', packageInfo: 'pkg-new', transferBillNo: 'TB-1' });
  });

  it('holds the reward for the auditor when a signed bill is not the one asked for: nothing paid, nothing failed', async () => {
    const { service, rewards, ledger, audit } = setup({ rewards: [reward()], ledger: true });
    const out = await service.applyBill(bill({ transfer_amount: 99_900, transfer_bill_no: 'TB-9' }), 'notify');
    expect(out).toEqual({ rewardId: 7, changed: true, status: 'held' });
    const mismatches = [{ field: 'transfer_amount', expected: 250, got: 99_900 }];
    expect(rewards.get(7)).toMatchObject({
      status: 'held',
      billState: 'SUCCESS',
      paidAt: null,
      holdReasons: [{ signal: 'BILL_MISMATCH', evidence: { outBillNo: BILL_2, state: 'SUCCESS', source: 'notify', mismatches } }],
    });
    expect(ledger.append).not.toHaveBeenCalled();
    expect(audit.record).toHaveBeenCalledTimes(1);
    expect(audit.record).toHaveBeenCalledWith(expect.anything(), {
      actorUserId: null,
      actorName: '微信支付',
      action: 'reward.hold',
      targetType: 'reward',
      targetId: 7,
      data: { from: 'transferring', to: 'held', reason: 'BILL_MISMATCH', outBillNo: BILL_2, state: 'SUCCESS', mismatches },
    });
    expect(loggedErrors).toHaveBeenCalledWith(`bill ${BILL_2} (notify) disagrees with reward 7: ${JSON.stringify(mismatches)}`);
  });
});

describe('ClaimsService.claim', () => {
  const resident: AuthUser = { id: 3, roles: ['resident'] } as AuthUser;
  const approved = () => reward({ status: 'approved', attempt: 0, outBillNo: null, billState: null, packageInfo: null, billParams: null });
  const waiting = (outBillNo: string): TransferResult => ({
    ok: true,
    bill: { out_bill_no: outBillNo, state: 'WAIT_USER_CONFIRM', package_info: `pkg-${outBillNo}`, transfer_bill_no: 'TB-1' },
  });

  it('refuses a reward that is not the caller’s, or does not exist', async () => {
    const { service } = setup({ rewards: [reward()] });
    await expect(service.claim({ ...resident, id: 4 }, 7)).rejects.toMatchObject({ code: 'REWARD_NOT_FOUND' });
    await expect(service.claim(resident, 8)).rejects.toMatchObject({ code: 'REWARD_NOT_FOUND' });
  });

  it('hands out the open bill again without calling WeChat Pay', async () => {
    const { service } = setup({ rewards: [reward()] });
    expect(await service.claim(resident, 7)).toEqual({ mchId: '1900000001', appId: 'wx-app', package: 'pkg-2', outBillNo: BILL_2 });
  });

  it.each([
    ['failed', null, 'REWARD_BILL_PENDING'],
    ['expired', 'WAIT_USER_CONFIRM', 'REWARD_BILL_PENDING'],
    ['cleared', null, 'REWARD_NOT_CLAIMABLE'],
    ['paid', 'SUCCESS', 'REWARD_NOT_CLAIMABLE'],
    ['held', null, 'REWARD_NOT_CLAIMABLE'],
  ] as const)('refuses a %s reward (bill %s): %s', async (status, billState, code) => {
    const { service } = setup({ rewards: [reward({ status, billState })] });
    await expect(service.claim(resident, 7)).rejects.toMatchObject({ code });
  });

  it.each([
    ['without an openid', { id: 3, openid: null, deletedAt: null }],
    ['whose account is deleted', { id: 3, openid: 'o-resident', deletedAt: new Date() }],
    ['who is gone', null],
  ])('refuses a resident %s', async (_, user) => {
    const { service } = setup({ rewards: [approved()], users: user ? [user as Partial<User>] : [] });
    await expect(service.claim(resident, 7)).rejects.toMatchObject({ code: 'REWARD_NOT_CLAIMABLE' });
  });

  it('opens attempt n+1 with fixed parameters and answers what the mini-program needs to confirm', async () => {
    const create = jest.fn(async (): Promise<TransferResult> => waiting(BILL_1));
    const { service, rewards } = setup({
      rewards: [approved()],
      users: [{ id: 3, openid: 'o-resident', deletedAt: null }],
      client: { create },
    });
    expect(await service.claim(resident, 7)).toEqual({ mchId: '1900000001', appId: 'wx-app', package: `pkg-${BILL_1}`, outBillNo: BILL_1 });
    expect(create).toHaveBeenCalledTimes(1);
    expect(create).toHaveBeenCalledWith({
      appid: 'wx-app',
      out_bill_no: BILL_1,
      transfer_scene_id: '1000',
      openid: 'o-resident',
      transfer_amount: 250,
      transfer_remark: '春季随手拍红包红包',
      notify_url: 'https://sansui.example/api/v1/wechatpay/notify',
      user_recv_perception: '现金奖励',
      transfer_scene_report_infos: [
        { info_type: '活动名称', info_content: '春季随手拍红包' },
        { info_type: '奖励说明', info_content: '上报暴露垃圾 / 积存垃圾问题奖励' },
      ],
    });
    expect(rewards.get(7)).toMatchObject({
      status: 'transferring',
      attempt: 1,
      outBillNo: BILL_1,
      billState: 'WAIT_USER_CONFIRM',
      failReason: null,
    });
  });

  it('after a failure known as final, opens the next attempt with a new bill number', async () => {
    const create = jest.fn(async (): Promise<TransferResult> => waiting(BILL_2));
    const { service, rewards } = setup({
      rewards: [reward({ status: 'expired', attempt: 1, outBillNo: BILL_1, billState: 'FAIL', failReason: 'OVERDUE_CLOSE' })],
      users: [{ id: 3, openid: 'o-resident', deletedAt: null }],
      client: { create },
    });
    expect((await service.claim(resident, 7)).outBillNo).toBe(BILL_2);
    expect(rewards.get(7)).toMatchObject({ attempt: 2, outBillNo: BILL_2, failReason: null, status: 'transferring' });
  });

  it('keeps the claim when WeChat Pay cannot be reached, and says so', async () => {
    const create = jest.fn(async (): Promise<TransferResult> => {
      throw new Error('socket hang up');
    });
    const { service, rewards } = setup({
      rewards: [approved()],
      users: [{ id: 3, openid: 'o-resident', deletedAt: null }],
      client: { create },
    });
    await expect(service.claim(resident, 7)).rejects.toMatchObject({ code: 'WECHATPAY_UNAVAILABLE' });
    // Committed with its parameters fixed: a retry or the reconcile job creates the same bill.
    expect(rewards.get(7)).toMatchObject({
      status: 'transferring',
      outBillNo: BILL_1,
      billParams: expect.objectContaining({ out_bill_no: BILL_1 }),
    });
  });

  it('a refused bill keeps its reason and is reported as refused', async () => {
    const create = jest.fn(async (): Promise<TransferResult> => ({
      ok: false,
      kind: 'rejected',
      status: 400,
      code: 'NO_AUTH',
      message: '商户号无权限',
    }));
    const { service, rewards } = setup({
      rewards: [approved()],
      users: [{ id: 3, openid: 'o-resident', deletedAt: null }],
      client: { create },
    });
    await expect(service.claim(resident, 7)).rejects.toMatchObject({ code: 'WECHATPAY_REJECTED' });
    expect(create).toHaveBeenCalledTimes(1);
    expect(rewards.get(7)).toMatchObject({ status: 'transferring', failReason: 'NO_AUTH' });
    expect(Logger.prototype.warn).toHaveBeenCalledWith(`transfer bill ${BILL_1} refused: NO_AUTH 商户号无权限`);
  });

  it('retries an unknown outcome with the same bill, three times at most', async () => {
    const create = jest.fn(async (): Promise<TransferResult> => ({
      ok: false,
      kind: 'unknown',
      status: 502,
      code: 'BAD_GATEWAY',
      message: '',
    }));
    const { service } = setup({ rewards: [approved()], users: [{ id: 3, openid: 'o-resident', deletedAt: null }], client: { create } });
    await expect(service.claim(resident, 7)).rejects.toMatchObject({ code: 'WECHATPAY_UNAVAILABLE' });
    expect(create).toHaveBeenCalledTimes(3);
    expect(new Set(create.mock.calls.map((c) => JSON.stringify(c)))).toEqual(new Set([JSON.stringify(create.mock.calls[0])]));
  });

  it('logs why WeChat Pay could not be reached, under the Claims context', async () => {
    const create = jest.fn(async (): Promise<TransferResult> => {
      throw new Error('socket hang up');
    });
    const { service } = setup({ rewards: [approved()], users: [{ id: 3, openid: 'o-resident', deletedAt: null }], client: { create } });
    await expect(service.claim(resident, 7)).rejects.toMatchObject({ code: 'WECHATPAY_UNAVAILABLE' });
    expect(loggedErrors).toHaveBeenCalledWith('claim 7: socket hang up');
    expect(loggedErrors.mock.contexts[0]).toMatchObject({ context: 'Claims' });
  });

  it('reads the campaign of the reward, and names an unknown category 环境问题 in the bill remark', async () => {
    const create = jest.fn(async (): Promise<TransferResult> => waiting(BILL_1));
    const { service } = setup({
      rewards: [{ ...approved(), campaignId: 5, categoryCode: 'retired_category' } as Reward],
      users: [{ id: 3, openid: 'o-resident', deletedAt: null }],
      client: { create },
    });
    await service.claim(resident, 7);
    expect(create).toHaveBeenCalledWith(
      expect.objectContaining({
        transfer_remark: '河道随手拍红包',
        transfer_scene_report_infos: [
          { info_type: '活动名称', info_content: '河道随手拍' },
          { info_type: '奖励说明', info_content: '上报环境问题问题奖励' },
        ],
      }),
    );
  });

  it('asks WeChat Pay again for an open bill whose package is not ready to confirm', async () => {
    const create = jest.fn(async (): Promise<TransferResult> => waiting(BILL_2));
    const { service } = setup({ rewards: [reward({ billState: 'ACCEPTED', packageInfo: 'pkg-stale' })], client: { create } });
    expect(await service.claim(resident, 7)).toMatchObject({ package: `pkg-${BILL_2}`, outBillNo: BILL_2 });
    expect(create).toHaveBeenCalledTimes(1);
  });

  it('waits 100 ms, then 200 ms, between the tries of a bill that is still ACCEPTED, and hands it out once it is ready', async () => {
    jest.useFakeTimers();
    try {
      const answers: TransferResult[] = [
        { ok: true, bill: { out_bill_no: BILL_1, state: 'ACCEPTED' } },
        { ok: false, kind: 'unknown', status: 502, code: 'BAD_GATEWAY', message: '' },
        waiting(BILL_1),
      ];
      const create = jest.fn(async (): Promise<TransferResult> => answers.shift()!);
      const { service } = setup({ rewards: [approved()], users: [{ id: 3, openid: 'o-resident', deletedAt: null }], client: { create } });
      const outcome = service.claim(resident, 7);
      await jest.advanceTimersByTimeAsync(99);
      expect(create).toHaveBeenCalledTimes(1);
      await jest.advanceTimersByTimeAsync(1);
      expect(create).toHaveBeenCalledTimes(2);
      await jest.advanceTimersByTimeAsync(199);
      expect(create).toHaveBeenCalledTimes(2);
      await jest.advanceTimersByTimeAsync(1);
      expect(create).toHaveBeenCalledTimes(3);
      expect(await outcome).toMatchObject({ package: `pkg-${BILL_1}`, outBillNo: BILL_1 });
    } finally {
      jest.useRealTimers();
    }
  });

  it.each([
    ['still only ACCEPTED after three tries, with an older package stored', { state: 'ACCEPTED' }, 'pkg-old', 'WECHATPAY_UNAVAILABLE'],
    ['waiting for confirmation but without a package', { state: 'WAIT_USER_CONFIRM' }, null, 'WECHATPAY_UNAVAILABLE'],
    ['already paid (the resident confirmed it before)', { state: 'SUCCESS', transfer_bill_no: 'TB-5' }, null, 'REWARD_NOT_CLAIMABLE'],
    [
      'not the bill asked for (held for the auditor)',
      { state: 'WAIT_USER_CONFIRM', package_info: 'pkg-x', openid: 'o-other' },
      'pkg-old',
      'WECHATPAY_UNAVAILABLE',
    ],
  ] as const)('hands out nothing to confirm when the bill is %s', async (_, answer, packageInfo, code) => {
    const create = jest.fn(async (): Promise<TransferResult> => ({ ok: true, bill: { out_bill_no: BILL_2, ...answer } }));
    const { service, ledger } = setup({
      rewards: [
        reward({ billState: 'ACCEPTED', packageInfo, billParams: { out_bill_no: BILL_2, transfer_amount: 250, openid: 'o-resident' } }),
      ],
      client: { create },
      ledger: true,
    });
    jest.spyOn(global, 'setTimeout').mockImplementation(((fn: () => void) => {
      fn();
      return 0;
    }) as unknown as typeof setTimeout);
    await expect(service.claim(resident, 7)).rejects.toMatchObject({ code });
    if (answer.state === 'SUCCESS')
      expect(ledger.append).toHaveBeenCalledWith(expect.anything(), expect.objectContaining({ kind: 'paid', note: 'create: TB-5' }));
  });

  it('when the open bill turns out to have failed for good, opens the next attempt at once', async () => {
    const create = jest.fn(async (params: { out_bill_no: string }): Promise<TransferResult> =>
      params.out_bill_no === BILL_1
        ? { ok: true, bill: { out_bill_no: BILL_1, state: 'FAIL', fail_reason: 'OVERDUE_CLOSE' } }
        : waiting(params.out_bill_no),
    );
    const { service, rewards, ledger } = setup({
      rewards: [reward({ attempt: 1, outBillNo: BILL_1, billState: 'ACCEPTED', packageInfo: null, billParams: { out_bill_no: BILL_1 } })],
      users: [{ id: 3, openid: 'o-resident', deletedAt: null }],
      client: { create },
      ledger: true,
    });
    expect(await service.claim(resident, 7)).toMatchObject({ outBillNo: BILL_2, package: `pkg-${BILL_2}` });
    expect(create.mock.calls.map(([p]) => p.out_bill_no)).toEqual([BILL_1, BILL_2]);
    expect(ledger.append).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({ kind: 'failed', dedupeKey: `failed:${BILL_1}` }),
    );
    expect(rewards.get(7)).toMatchObject({ status: 'transferring', attempt: 2, outBillNo: BILL_2 });
  });

  it('opens one new attempt per claim, not more, when that one fails for good too', async () => {
    const failing = new Set([BILL_1, BILL_2]);
    const create = jest.fn(async (params: { out_bill_no: string }): Promise<TransferResult> =>
      failing.has(params.out_bill_no)
        ? { ok: true, bill: { out_bill_no: params.out_bill_no, state: 'CANCELLED' } }
        : waiting(params.out_bill_no),
    );
    const { service, rewards } = setup({
      rewards: [reward({ attempt: 1, outBillNo: BILL_1, billState: 'ACCEPTED', packageInfo: null, billParams: { out_bill_no: BILL_1 } })],
      users: [{ id: 3, openid: 'o-resident', deletedAt: null }],
      client: { create },
      ledger: true,
    });
    await expect(service.claim(resident, 7)).rejects.toMatchObject({ code: 'WECHATPAY_UNAVAILABLE' });
    expect(create.mock.calls.map(([p]) => p.out_bill_no)).toEqual([BILL_1, BILL_2]);
    expect(rewards.get(7)).toMatchObject({ status: 'failed', attempt: 2, billState: 'CANCELLED' });
  });
});

describe('ClaimsService.reconcileOnce', () => {
  const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000);

  it('applies what a query says, creates bills a crash left uncreated, cancels bills unconfirmed past 24 h', async () => {
    const query = jest.fn(async (no: string): Promise<TransferResult> => {
      if (no === 'SS0000000001A001') return { ok: true, bill: { out_bill_no: no, state: 'SUCCESS', transfer_amount: 250 } };
      if (no === 'SS0000000002A001') return { ok: false, kind: 'not_found', status: 404, code: 'NOT_FOUND', message: '' };
      if (no === 'SS0000000003A001' && cancel.mock.calls.length)
        return { ok: true, bill: { out_bill_no: no, state: 'CANCELLED', transfer_amount: 250 } };
      return { ok: true, bill: { out_bill_no: no, state: 'WAIT_USER_CONFIRM', package_info: 'p', transfer_amount: 250 } };
    });
    const cancel = jest.fn(async (no: string): Promise<TransferResult> => ({ ok: true, bill: { out_bill_no: no, state: 'CANCELING' } }));
    const create = jest.fn(async (b: { out_bill_no: string }): Promise<TransferResult> => ({
      ok: true,
      bill: { out_bill_no: b.out_bill_no, state: 'WAIT_USER_CONFIRM', package_info: 'p2' },
    }));
    const at = (id: number, over: Partial<Reward> = {}) => {
      const no = `SS${String(id).padStart(10, '0')}A001`;
      return reward({ id, attempt: 1, outBillNo: no, billParams: { out_bill_no: no, transfer_amount: 250 }, ...over });
    };
    const { service, rewards } = setup({
      rewards: [
        at(1), // paid meanwhile, callback lost
        at(2, { billState: null, packageInfo: null }), // claim committed, bill never created
        at(3, { billCreatedAt: hoursAgo(25) }), // unconfirmed for 25 h: cancel
        at(4, { billCreatedAt: hoursAgo(23) }), // unconfirmed for 23 h: leave it
        at(5, { status: 'paid' }), // not open: not queried
      ],
      client: { query, cancel, create },
      ledger: true,
    });
    expect(await service.reconcileOnce()).toEqual({ checked: 4, applied: 2, created: 1, cancelled: 1 });
    expect(query.mock.calls.map(([no]) => no)).not.toContain('SS0000000005A001');
    expect(cancel.mock.calls).toEqual([['SS0000000003A001']]);
    expect(create).toHaveBeenCalledTimes(1);
    expect(create).toHaveBeenCalledWith(expect.objectContaining({ out_bill_no: 'SS0000000002A001' }));
    expect([1, 2, 3, 4].map((id) => rewards.get(id)!.status)).toEqual(['paid', 'transferring', 'failed', 'transferring']);
    expect(rewards.get(2)!.packageInfo).toBe('p2');
  });

  it('looks at the bills untouched longest first, as many as asked', async () => {
    const query = jest.fn(async (no: string): Promise<TransferResult> => ({
      ok: true,
      bill: { out_bill_no: no, state: 'PROCESSING', transfer_amount: 250 },
    }));
    const at = (id: number, minutesAgo: number) => {
      const no = `SS${String(id).padStart(10, '0')}A001`;
      return reward({ id, outBillNo: no, billParams: { out_bill_no: no }, updatedAt: new Date(Date.now() - minutesAgo * 60_000) });
    };
    const { service } = setup({ rewards: [at(1, 5), at(2, 50), at(3, 30)], client: { query } });
    expect(await service.reconcileOnce(2)).toEqual({ checked: 2, applied: 0, created: 0, cancelled: 0 });
    expect(query.mock.calls.map(([no]) => no)).toEqual(['SS0000000002A001', 'SS0000000003A001']);
  });

  it('cancels only a bill waiting for confirmation for more than 24 h 10 min that the query did not settle', async () => {
    const now = Date.parse('2026-12-05T12:00:00Z');
    jest.spyOn(Date, 'now').mockReturnValue(now);
    const limit = 24 * 3600_000 + 10 * 60_000;
    const answers: Record<number, TransferBill['state'] | 'unknown'> = {
      1: 'WAIT_USER_CONFIRM', // exactly at the limit: not yet
      2: 'WAIT_USER_CONFIRM', // 1 ms past it: cancelled
      3: 'PROCESSING', // old, but WeChat Pay is still working on it
      4: 'SUCCESS', // old, but the query shows it paid
      5: 'WAIT_USER_CONFIRM', // no creation time known
      6: 'unknown', // WeChat Pay did not answer: nothing is created again
    };
    const cancelled = new Set<string>();
    const query = jest.fn(async (no: string): Promise<TransferResult> => {
      const state = answers[Number(no.slice(2, 12))];
      if (state === 'unknown') return { ok: false, kind: 'unknown', status: 502, code: 'BAD_GATEWAY', message: '' };
      return { ok: true, bill: { out_bill_no: no, state: cancelled.has(no) ? 'CANCELLED' : state, transfer_amount: 250 } };
    });
    const cancel = jest.fn(async (no: string): Promise<TransferResult> => {
      cancelled.add(no);
      return { ok: true, bill: { out_bill_no: no, state: 'CANCELING' } };
    });
    const create = jest.fn();
    const at = (id: number, billCreatedAt: Date | null) => {
      const no = `SS${String(id).padStart(10, '0')}A001`;
      return reward({ id, outBillNo: no, billParams: { out_bill_no: no, transfer_amount: 250 }, billCreatedAt });
    };
    const { service, rewards, ledger, audit } = setup({
      rewards: [
        at(1, new Date(now - limit)),
        at(2, new Date(now - limit - 1)),
        at(3, new Date(now - 30 * 3600_000)),
        at(4, new Date(now - 30 * 3600_000)),
        at(5, null),
        at(6, new Date(now - 30 * 3600_000)),
      ],
      client: { query, cancel, create },
      ledger: true,
    });
    expect(await service.reconcileOnce()).toEqual({ checked: 6, applied: 2, created: 0, cancelled: 1 });
    expect(cancel.mock.calls).toEqual([['SS0000000002A001']]);
    expect(create).not.toHaveBeenCalled();
    expect([1, 2, 3, 4, 5, 6].map((id) => rewards.get(id)!.status)).toEqual([
      'transferring',
      'failed',
      'transferring',
      'paid',
      'transferring',
      'transferring',
    ]);
    // Both results came from a query, and say so in the ledger and the audit log.
    expect(ledger.append).toHaveBeenCalledWith(expect.anything(), expect.objectContaining({ rewardId: 4, kind: 'paid', note: 'query: ' }));
    expect(ledger.append).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({ rewardId: 2, kind: 'failed', note: 'query: CANCELLED' }),
    );
    expect(audit.record).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({ targetId: 2, action: 'reward.failed', data: expect.objectContaining({ source: 'query' }) }),
    );
  });

  it('does not count a cancel WeChat Pay refused, nor a create that failed', async () => {
    const query = jest.fn(async (no: string): Promise<TransferResult> =>
      no.startsWith('SS0000000002')
        ? { ok: false, kind: 'not_found', status: 404, code: 'NOT_FOUND', message: '' }
        : { ok: true, bill: { out_bill_no: no, state: 'WAIT_USER_CONFIRM', package_info: 'p', transfer_amount: 250 } },
    );
    const cancel = jest.fn(async (): Promise<TransferResult> => ({
      ok: false,
      kind: 'rejected',
      status: 400,
      code: 'STATE_ERR',
      message: '',
    }));
    const create = jest.fn(async (): Promise<TransferResult> => ({
      ok: false,
      kind: 'rejected',
      status: 400,
      code: 'NO_AUTH',
      message: '',
    }));
    const { service } = setup({
      rewards: [
        reward({ id: 1, outBillNo: 'SS0000000001A001', billCreatedAt: hoursAgo(30) }),
        reward({ id: 2, outBillNo: 'SS0000000002A001', billParams: { out_bill_no: 'SS0000000002A001' } }),
        reward({ id: 6, outBillNo: 'SS0000000006A001', billParams: null }),
      ],
      client: { query: jest.fn(async (no: string) => (no.startsWith('SS0000000006') ? query('SS0000000002') : query(no))), cancel, create },
    });
    expect(await service.reconcileOnce()).toEqual({ checked: 3, applied: 0, created: 0, cancelled: 0 });
    expect(create).toHaveBeenCalledTimes(1);
  });
});
