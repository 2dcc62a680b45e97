import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { memoryStore } from '../../lib/storage';
import type { StaffCase } from '../api';
import { ResolveOutbox, type ResolveOutboxDeps } from '../lib/resolve-outbox';

jest.mock('../../platform', () => jest.requireActual('../../../jest/mock-platform').platformModule);
import { mockPlatform } from '../../../jest/mock-platform';

import { ResolveForm } from '../components/ResolveForm';

const theCase = {
  id: 42,
  version: 3,
  status: 'in_progress',
  location: { lat: 30.2745, lng: 120.1552 },
} as unknown as StaffCase;

const verified = {
  ...theCase,
  status: 'resolved',
  evidence: {
    verified: false,
    checks: [
      { code: 'ON_SITE', ok: true, outcome: 'pass', detail: '拍摄位置离案卷 3 米' },
      { code: 'EXIF_AGREES', ok: false, outcome: 'unknown', detail: '照片没有 EXIF 信息' },
    ],
  },
} as unknown as StaffCase;

function outbox(resolve: ResolveOutboxDeps<StaffCase>['resolve']) {
  return new ResolveOutbox<StaffCase>({
    store: memoryStore(),
    uploadPhoto: jest.fn(async (_p, _c, onProgress) => {
      onProgress(40);
      return { id: 91 };
    }),
    resolve,
    fetchCase: jest.fn(async () => theCase),
    classifyError: (err) => {
      const e = err as { status?: number; message: string; code?: string };
      return { retryable: !e.status, message: e.message, status: e.status, code: e.code };
    },
  });
}

describe('处置完毕', () => {
  beforeEach(() => jest.clearAllMocks());

  it('只能现拍；照片带拍摄时间和位置上传，提交后显示服务端的取证结论', async () => {
    const resolve = jest.fn(async () => verified);
    const box = outbox(resolve);
    const onDone = jest.fn();
    render(<ResolveForm c={theCase} outbox={box} onDone={onDone} />);

    fireEvent.click(screen.getByTestId('after-photos-add'));
    await screen.findByTestId('photo-thumb');
    // 不问“拍照还是相册”，直接只开相机
    expect(Taro.showActionSheet).not.toHaveBeenCalled();
    expect(mockPlatform.chooseImages).toHaveBeenCalledWith(6, ['camera']);
    // 拍摄位置离案卷很近：提前告诉处置人员
    expect(screen.getByTestId('capture-distance').textContent).toContain('约 10 米');

    fireEvent.change(screen.getByTestId('resolve-note'), { target: { value: '已清运，地面已冲洗' } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('resolve-submit'));
    });
    await screen.findByTestId('resolve-result');

    const uploaded = (box as unknown as { deps: ResolveOutboxDeps<StaffCase> }).deps.uploadPhoto as jest.Mock;
    expect(uploaded).toHaveBeenCalledWith(
      'wxfile://tmp/photo.jpg',
      expect.objectContaining({ source: 'camera', lat: 30.27452, lng: 120.15521, accuracyM: 9, at: expect.any(String) }),
      expect.any(Function),
    );
    expect(resolve).toHaveBeenCalledWith(42, {
      photoIds: [91],
      note: '已清运，地面已冲洗',
      location: { lat: 30.27452, lng: 120.15521 },
      expectedVersion: 3,
    });
    expect(screen.getByTestId('evidence').getAttribute('data-verified')).toBe('0');
    expect(screen.getByText('处置证据：未核实')).toBeTruthy();
    expect(screen.getByText('照片没有 EXIF 信息')).toBeTruthy();
    expect(screen.getByTestId('evidence-ON_SITE').getAttribute('data-outcome')).toBe('pass');
    fireEvent.click(screen.getByTestId('resolve-done'));
    expect(onDone).toHaveBeenCalled();
  });

  it('服务端拒绝（离现场太远）：说明原因，留在表单上，发件箱里不留', async () => {
    const tooFar = Object.assign(new Error('处置照片拍摄位置离案卷位置 2300 米，超过 200 米'), { status: 422, code: 'RESOLVE_TOO_FAR' });
    const box = outbox(jest.fn(async () => Promise.reject(tooFar)));
    render(<ResolveForm c={theCase} outbox={box} onDone={jest.fn()} />);
    fireEvent.click(screen.getByTestId('after-photos-add'));
    await screen.findByTestId('photo-thumb');
    await act(async () => {
      fireEvent.click(screen.getByTestId('resolve-submit'));
    });
    await waitFor(() =>
      expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '处置没有被接受', content: tooFar.message })),
    );
    expect(screen.getByTestId('resolve-submit')).toBeTruthy();
    expect(box.items()).toEqual([]);
  });

  it('网络不好：存进发件箱，告诉处置人员会自动提交', async () => {
    const box = outbox(jest.fn(async () => Promise.reject(new Error('network'))));
    const onDone = jest.fn();
    render(<ResolveForm c={theCase} outbox={box} onDone={onDone} />);
    fireEvent.click(screen.getByTestId('after-photos-add'));
    await screen.findByTestId('photo-thumb');
    await act(async () => {
      fireEvent.click(screen.getByTestId('resolve-submit'));
    });
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '已保存，稍后自动提交' }));
    expect(box.get(42)?.state).toBe('pending');
    expect(box.get(42)?.job.photos[0].photoId).toBe(91);
  });
});
