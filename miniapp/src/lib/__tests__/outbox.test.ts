import type { CreateReportRequest } from '@sansui/shared';
import { missingFields, Outbox, retryDelayMs, toCreateRequest, type OutboxDeps, type ReportDraft, type SendError } from '../outbox';
import { memoryStore } from '../storage';

class FakeError extends Error {
  constructor(
    readonly retryable: boolean,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

function draft(over: Partial<ReportDraft> = {}): ReportDraft {
  return {
    clientRequestId: 'r-test-0001',
    kind: 'snap',
    categoryCode: 'exposed_garbage',
    description: ' 路口有一堆垃圾 ',
    location: { lat: 30.27, lng: 120.15, accuracyM: 12.4, source: 'gps' },
    photos: [{ localPath: 'blob:a' }, { localPath: 'blob:b', photoId: 7 }],
    afterPhotos: [],
    updatedAt: 0,
    ...over,
  };
}

function setup(opts: { upload?: OutboxDeps['uploadPhoto']; create?: OutboxDeps['createReport'] } = {}) {
  let now = 1_000_000;
  const timers: { fn: () => void; at: number }[] = [];
  const store = memoryStore();
  const uploadPhoto = jest.fn(opts.upload ?? (async (p: string) => ({ id: p === 'blob:a' ? 11 : 12, thumbUrl: `/t/${p}` })));
  const createReport = jest.fn(opts.create ?? (async () => ({ id: 501 })));
  const deps: OutboxDeps = {
    store,
    uploadPhoto,
    createReport,
    classifyError: (err): SendError =>
      err instanceof FakeError
        ? { retryable: err.retryable, message: err.message, code: err.code }
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
  };
  const advance = async (ms: number) => {
    now += ms;
    const due = timers.filter((t) => t.at <= now);
    due.forEach((t) => timers.splice(timers.indexOf(t), 1));
    for (const t of due) t.fn();
    await new Promise((r) => setTimeout(r, 0));
    await new Promise((r) => setTimeout(r, 0));
  };
  return { deps, store, uploadPhoto, createReport, advance, timers };
}

describe('草稿校验与请求体', () => {
  it('随手拍缺照片、位置、分类时列出缺项', () => {
    expect(missingFields(draft({ photos: [], location: undefined, categoryCode: undefined }))).toEqual(['照片', '位置', '问题分类']);
    expect(missingFields(draft())).toEqual([]);
  });

  it('随手捡需要清理前和清理后照片', () => {
    expect(missingFields(draft({ kind: 'pickup', afterPhotos: [] }))).toEqual(['清理后照片']);
    expect(missingFields(draft({ kind: 'pickup', photos: [], afterPhotos: [{ localPath: 'x' }] }))).toEqual(['清理前照片']);
  });

  it('请求体只带已上传照片的 id，去掉描述两端空白，随手捡带 afterPhotoIds', () => {
    const req = toCreateRequest(draft({ kind: 'pickup', afterPhotos: [{ localPath: 'c', photoId: 9 }] }));
    expect(req).toEqual<CreateReportRequest>({
      kind: 'pickup',
      categoryCode: 'exposed_garbage',
      location: { lat: 30.27, lng: 120.15 },
      photoIds: [7],
      afterPhotoIds: [9],
      description: '路口有一堆垃圾',
      clientRequestId: 'r-test-0001',
      locationAccuracyM: 12,
    });
  });

  it('重试间隔逐步变长，封顶 5 分钟', () => {
    expect([1, 2, 3, 4, 5, 6, 20].map(retryDelayMs)).toEqual([3000, 10000, 30000, 60000, 120000, 300000, 300000]);
  });
});

describe('发件箱', () => {
  it('先上传缺的照片，再带同一个 clientRequestId 提交，成功后移出发件箱', async () => {
    const { deps, uploadPhoto, createReport } = setup();
    const box = new Outbox(deps);
    const res = await box.submit(draft());
    expect(res).toEqual({ status: 'sent', reportId: 501 });
    expect(uploadPhoto).toHaveBeenCalledTimes(1);
    expect(uploadPhoto).toHaveBeenCalledWith('blob:a', undefined);
    expect(createReport.mock.calls[0][0]).toMatchObject({ photoIds: [11, 7], clientRequestId: 'r-test-0001' });
    expect(box.items()).toEqual([]);
  });

  it('网络失败时保存在存储里，按退避时间自动重试，重试时不重复上传已传的照片', async () => {
    let fail = true;
    const { deps, uploadPhoto, createReport, advance, store } = setup({
      create: async () => {
        if (fail) throw new FakeError(true, '网络不太好，请稍后再试');
        return { id: 77 };
      },
    });
    const box = new Outbox(deps);
    const sent = jest.fn();
    box.onSent(sent);
    const res = await box.submit(draft());
    expect(res).toEqual({ status: 'queued', message: '网络不太好，请稍后再试' });
    const saved = store.get<{ state: string; attempts: number; draft: ReportDraft }[]>('outbox')!;
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({ state: 'pending', attempts: 1 });
    expect(saved[0].draft.photos.map((p) => p.photoId)).toEqual([11, 7]);

    await advance(2000); // 还没到 3 秒
    expect(createReport).toHaveBeenCalledTimes(1);
    await advance(1000);
    expect(createReport).toHaveBeenCalledTimes(2);
    expect(box.items()[0].attempts).toBe(2);

    fail = false;
    await advance(10000);
    expect(createReport).toHaveBeenCalledTimes(3);
    expect(createReport.mock.calls.every((c) => c[0].clientRequestId === 'r-test-0001')).toBe(true);
    expect(uploadPhoto).toHaveBeenCalledTimes(1);
    expect(box.items()).toEqual([]);
    expect(sent).toHaveBeenCalledWith(expect.objectContaining({ clientRequestId: 'r-test-0001' }), 77);
  });

  it('照片上传失败也会保留草稿并重试', async () => {
    let fail = true;
    const { deps, advance, createReport } = setup({
      upload: async () => {
        if (fail) throw new Error('offline');
        return { id: 5 };
      },
    });
    const box = new Outbox(deps);
    expect((await box.submit(draft())).status).toBe('queued');
    expect(createReport).not.toHaveBeenCalled();
    fail = false;
    await advance(3000);
    expect(createReport).toHaveBeenCalledTimes(1);
    expect(box.items()).toEqual([]);
  });

  it('服务端明确拒绝（4xx）时标记为需要修改，不再自动重试', async () => {
    const { deps, createReport, advance } = setup({
      create: async () => {
        throw new FakeError(false, '该位置不在服务区域内，暂不受理', 'OUTSIDE_SERVICE_AREA');
      },
    });
    const box = new Outbox(deps);
    const res = await box.submit(draft());
    expect(res).toEqual({ status: 'blocked', message: '该位置不在服务区域内，暂不受理', code: 'OUTSIDE_SERVICE_AREA' });
    expect(box.items()[0]).toMatchObject({ state: 'blocked', errorCode: 'OUTSIDE_SERVICE_AREA' });
    await advance(600000);
    expect(createReport).toHaveBeenCalledTimes(1);
  });

  it('重启后把“发送中”的项当作待发送，启动时补发', async () => {
    const first = setup({
      create: () => new Promise(() => undefined), // 永远不返回：模拟发送中被杀掉
    });
    const box1 = new Outbox(first.deps);
    void box1.submit(draft());
    await new Promise((r) => setTimeout(r, 0));
    expect(first.store.get<{ state: string }[]>('outbox')![0].state).toBe('sending');

    const second = setup();
    second.store.set('outbox', first.store.get('outbox'));
    const box2 = new Outbox(second.deps);
    expect(box2.items()[0].state).toBe('pending');
    await box2.flush(true);
    expect(second.createReport).toHaveBeenCalledTimes(1);
    expect(box2.items()).toEqual([]);
  });

  it('连点两次提交只发一次', async () => {
    let resolve!: (v: { id: number }) => void;
    const { deps, createReport } = setup({ create: () => new Promise((r) => (resolve = r)) });
    const box = new Outbox(deps);
    const a = box.submit(draft());
    const b = box.submit(draft());
    await new Promise((r) => setTimeout(r, 0));
    resolve({ id: 3 });
    expect(await a).toEqual({ status: 'sent', reportId: 3 });
    expect(await b).toEqual({ status: 'sent', reportId: 3 });
    expect(createReport).toHaveBeenCalledTimes(1);
  });
});

describe('发件箱与拍摄事实', () => {
  it('补传照片时带上选图时记下的拍摄事实（重启后也一样）', async () => {
    const capture = { source: 'camera' as const, at: '2026-12-05T08:00:00.000Z', lat: 30.27, lng: 120.15, accuracyM: 10 };
    let fail = true;
    const { deps, store, uploadPhoto } = setup({
      upload: async () => {
        if (fail) throw new Error('network');
        return { id: 11 };
      },
    });
    await new Outbox(deps).submit(draft({ photos: [{ localPath: 'blob:a', capture }] }));
    fail = false;
    await new Outbox({ ...deps, store }).flush(true);
    expect(uploadPhoto).toHaveBeenCalledTimes(2);
    expect(uploadPhoto).toHaveBeenLastCalledWith('blob:a', capture);
  });
});
