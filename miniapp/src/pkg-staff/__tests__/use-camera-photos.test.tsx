import { act, renderHook, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';

jest.mock('../../platform', () => jest.requireActual('../../../jest/mock-platform').platformModule);
import { mockPlatform } from '../../../jest/mock-platform';
const mockUpload = jest.fn();
jest.mock('../api', () => ({ staffApi: { uploadPhoto: (...args: unknown[]) => mockUpload(...args) } }));

import { useCameraPhotos } from '../components/useCameraPhotos';

const shot = (...names: string[]) => names.map((n) => ({ path: `wxfile://tmp/${n}.jpg`, size: 1000, source: 'camera' as const }));
const paths = (photos: { localPath: string }[]) => photos.map((p) => p.localPath.replace('wxfile://tmp/', '').replace('.jpg', ''));

describe('useCameraPhotos：工作人员现场拍照', () => {
  beforeEach(() => {
    let next = 100;
    mockUpload.mockImplementation(async (_path: string, _capture: unknown, onProgress: (p: number) => void) => {
      onProgress(100);
      next += 1;
      return { id: next, thumbUrl: `/t/${next}.jpg` };
    });
  });

  it('只用相机拍，同一张不重复加入，最多 max 张', async () => {
    const { result } = renderHook(() => useCameraPhotos(3));
    mockPlatform.chooseImages.mockResolvedValueOnce(shot('a', 'b'));
    await act(() => result.current.add());
    expect(mockPlatform.chooseImages).toHaveBeenLastCalledWith(3, ['camera']);
    mockPlatform.chooseImages.mockResolvedValueOnce(shot('b', 'c', 'd'));
    await act(() => result.current.add());
    expect(mockPlatform.chooseImages).toHaveBeenLastCalledWith(1, ['camera']);
    expect(paths(result.current.photos)).toEqual(['a', 'b', 'c']);
    expect(result.current.photos[0].capture).toMatchObject({ source: 'camera', lat: 30.27452 });
    act(() => result.current.remove(1));
    expect(paths(result.current.photos)).toEqual(['a', 'c']);
  });

  it('拍照失败时提示，照片不变', async () => {
    const { result } = renderHook(() => useCameraPhotos(3));
    mockPlatform.chooseImages.mockRejectedValueOnce(new Error('相机不可用'));
    await act(() => result.current.add());
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: expect.stringContaining('相机不可用') }));
    expect(result.current.photos).toEqual([]);
  });

  it('逐张上传并显示进度；某张失败后再提交，已上传的不重传，id 按照片顺序', async () => {
    const { result } = renderHook(() => useCameraPhotos(6));
    mockPlatform.chooseImages.mockResolvedValueOnce(shot('a', 'b', 'c'));
    await act(() => result.current.add());

    mockUpload.mockImplementationOnce(async (_p: string, _c: unknown, onProgress: (p: number) => void) => {
      onProgress(100);
      return { id: 7, thumbUrl: '/t/7.jpg' };
    });
    mockUpload.mockRejectedValueOnce(new Error('网络不可用'));
    await act(async () => {
      await expect(result.current.uploadAll()).rejects.toThrow('网络不可用');
    });
    expect(result.current.photos.map((p) => p.photoId)).toEqual([7, undefined, undefined]);
    expect(result.current.photos[0].thumbUrl).toBe('/t/7.jpg');
    // 100 % is shown as 99 % until the form has its answer
    expect(result.current.progress['wxfile://tmp/a.jpg']).toEqual({ percent: 99 });
    expect(mockUpload.mock.calls.map((c) => c[0])).toEqual(['wxfile://tmp/a.jpg', 'wxfile://tmp/b.jpg']);

    mockUpload.mockClear();
    let ids: number[] = [];
    await act(async () => {
      ids = await result.current.uploadAll();
    });
    expect(mockUpload.mock.calls.map((c) => c[0])).toEqual(['wxfile://tmp/b.jpg', 'wxfile://tmp/c.jpg']);
    expect(ids).toEqual([7, 101, 102]);
    expect(result.current.photos.map((p) => p.photoId)).toEqual(ids);
  });

  it('服务端不接受这批照片后，照片留着但都重新上传；提交成功后清空', async () => {
    const { result } = renderHook(() =>
      useCameraPhotos(6, () => [{ localPath: 'wxfile://tmp/kept.jpg', photoId: 5, thumbUrl: '/t/5.jpg' }]),
    );
    expect(paths(result.current.photos)).toEqual(['kept']);
    act(() => result.current.setPercent('wxfile://tmp/kept.jpg', 40));
    expect(result.current.progress['wxfile://tmp/kept.jpg']).toEqual({ percent: 40 });
    act(() => result.current.forgetUploads());
    expect(result.current.photos).toEqual([{ localPath: 'wxfile://tmp/kept.jpg', photoId: undefined, thumbUrl: undefined }]);
    expect(result.current.progress).toEqual({});
    await act(async () => {
      expect(await result.current.uploadAll()).toEqual([101]);
    });
    act(() => result.current.clear());
    await waitFor(() => expect(result.current.photos).toEqual([]));
  });
});
