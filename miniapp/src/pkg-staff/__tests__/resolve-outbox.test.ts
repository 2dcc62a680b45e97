import { memoryStore } from '../../lib/storage';
import { captureLocation, ResolveOutbox, toResolveRequest, type ResolveJob, type ResolveOutboxDeps } from '../lib/resolve-outbox';

class FakeError extends Error {
  constructor(
    readonly retryable: boolean,
    message: string,
    readonly status?: number,
    readonly code?: string,
  ) {
    super(message);
  }
}

interface View {
  status: string;
  photosByRole?: { resolution?: { id: number }[] };
}

const capture = { source: 'camera' as const, at: '2026-12-05T08:00:00.000Z', lat: 30.2745, lng: 120.1552, accuracyM: 12 };

function job(over: Partial<ResolveJob> = {}): ResolveJob {
  return { caseId: 42, note: ' 已清运 ', photos: [{ localPath: 'blob:after', capture }], expectedVersion: 5, createdAt: 0, ...over };
}

function setup(over: Partial<ResolveOutboxDeps<View>> = {}) {
  let now = 1_000_000;
  const timers: { fn: () => void; at: number }[] = [];
  const store = memoryStore();
  const deps: ResolveOutboxDeps<View> = {
    store,
    uploadPhoto: jest.fn(async (_p: string, _c: unknown, onProgress: (n: number) => void) => {
      onProgress(50);
      return { id: 77 };
    }),
    resolve: jest.fn(async () => ({ status: 'resolved', photosByRole: { resolution: [{ id: 77 }] } })),
    fetchCase: jest.fn(async () => ({ status: 'in_progress' })),
    classifyError: (err) =>
      err instanceof FakeError
        ? { retryable: err.retryable, message: err.message, status: err.status, code: err.code }
        : { retryable: true, message: '网络不太好' },
    now: () => now,
    setTimer: (fn, ms) => {
      const t = { fn, at: now + ms };
      timers.push(t);
      return t;
    },
    clearTimer: (h) => {
      const i = timers.indexOf(h as (typeof timers)[number]);
      if (i >= 0) timers.splice(i, 1);
    },
    ...over,
  };
  const advance = async (ms: number) => {
    now += ms;
    const due = timers.filter((t) => t.at <= now);
    due.forEach((t) => timers.splice(timers.indexOf(t), 1));
    for (const t of due) t.fn();
    for (let i = 0; i < 4; i++) await new Promise((r) => setTimeout(r, 0));
  };
  return { deps, store, advance };
}

describe('处置请求体', () => {
  it('带照片 id、去掉空白的说明、拍摄位置和版本；没有拍摄位置时不带位置（不拿案卷坐标充数）', () => {
    expect(toResolveRequest(job({ photos: [{ localPath: 'a', photoId: 9, capture }] }))).toEqual({
      photoIds: [9],
      note: '已清运',
      location: { lat: 30.2745, lng: 120.1552 },
      expectedVersion: 5,
    });
    const album = job({ photos: [{ localPath: 'a', photoId: 9, capture: { source: 'album' } }], note: '' });
    expect(toResolveRequest(album)).toEqual({ photoIds: [9], expectedVersion: 5 });
    expect(captureLocation([{ localPath: 'x' }])).toBeUndefined();
  });
});

describe('处置发件箱', () => {
  it('先上传照片（带拍摄事实、报告进度），再提交处置，成功后清空', async () => {
    const { deps } = setup();
    const box = new ResolveOutbox(deps);
    const progress: number[] = [];
    box.onProgress((_id, _p, n) => progress.push(n));
    const res = await box.submit(job());
    expect(res.status).toBe('sent');
    expect(deps.uploadPhoto).toHaveBeenCalledWith('blob:after', capture, expect.any(Function));
    expect(progress).toEqual([50]);
    expect(deps.resolve).toHaveBeenCalledWith(42, {
      photoIds: [77],
      note: '已清运',
      location: { lat: 30.2745, lng: 120.1552 },
      expectedVersion: 5,
    });
    expect(box.items()).toEqual([]);
  });

  it('网络断了：保存在手机上，照片不重传，按退避时间自动重试成功', async () => {
    let fail = true;
    const { deps, store, advance } = setup({
      resolve: jest.fn(async () => {
        if (fail) throw new Error('network');
        return { status: 'resolved' };
      }),
    });
    const box = new ResolveOutbox(deps);
    const sent: number[] = [];
    box.onSent((id) => sent.push(id));
    expect((await box.submit(job())).status).toBe('queued');
    expect(box.get(42)?.state).toBe('pending');
    // 重启后还在
    expect(new ResolveOutbox({ ...deps, store }).get(42)?.job.photos[0].photoId).toBe(77);
    fail = false;
    await advance(3000);
    expect(sent).toEqual([42]);
    expect(deps.uploadPhoto).toHaveBeenCalledTimes(1);
    expect(box.items()).toEqual([]);
  });

  it('服务端拒绝（离现场太远）：标为需要处理，不再自动重试', async () => {
    const { deps, advance } = setup({
      resolve: jest.fn(async () => {
        throw new FakeError(false, '处置照片拍摄位置离案卷位置 2000 米，超过 200 米', 422, 'RESOLVE_TOO_FAR');
      }),
    });
    const box = new ResolveOutbox(deps);
    const res = await box.submit(job());
    expect(res).toEqual({ status: 'blocked', message: '处置照片拍摄位置离案卷位置 2000 米，超过 200 米', code: 'RESOLVE_TOO_FAR' });
    await advance(600_000);
    expect(deps.resolve).toHaveBeenCalledTimes(1);
    expect(box.get(42)?.state).toBe('blocked');
  });

  it('上次其实已经成功（回答丢了）：重试遇到 409 时看案卷，处置照片是这几张就算成功', async () => {
    let call = 0;
    const { deps, advance } = setup({
      resolve: jest.fn(async () => {
        call++;
        if (call === 1) throw new Error('timeout');
        throw new FakeError(false, '状态已变化', 409, 'CASE_TRANSITION_NOT_ALLOWED');
      }),
      fetchCase: jest.fn(async () => ({ status: 'resolved', photosByRole: { resolution: [{ id: 77 }] } })),
    });
    const box = new ResolveOutbox(deps);
    expect((await box.submit(job())).status).toBe('queued');
    const sent: number[] = [];
    box.onSent((id) => sent.push(id));
    await advance(3000);
    expect(sent).toEqual([42]);
    expect(box.items()).toEqual([]);
  });

  it('别人已经处理了（409 且处置照片不是这几张）：需要处理', async () => {
    const { deps } = setup({
      resolve: jest.fn(async () => {
        throw new FakeError(false, '状态已变化', 409);
      }),
      fetchCase: jest.fn(async () => ({ status: 'resolved', photosByRole: { resolution: [{ id: 5 }] } })),
    });
    const box = new ResolveOutbox(deps);
    expect((await box.submit(job())).status).toBe('blocked');
  });

  it('连点两次只提交一次', async () => {
    const { deps } = setup();
    const box = new ResolveOutbox(deps);
    const [a, b] = await Promise.all([box.submit(job()), box.submit(job())]);
    expect(a).toEqual(b);
    expect(deps.resolve).toHaveBeenCalledTimes(1);
  });
});
